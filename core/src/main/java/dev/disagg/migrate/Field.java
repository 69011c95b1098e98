package dev.disagg.migrate;

import java.util.Optional;

/** One argument after expansion, with the provenance of its number when it has one. */
record Field(String text, Optional<Term> term) {
}
