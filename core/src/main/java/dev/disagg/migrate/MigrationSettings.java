package dev.disagg.migrate;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the user knows that the legacy arguments do not say (the old slurm script hard-coded
 * the model and sequence lengths). Given values win over the script's {@code model}/{@code isl}/{@code osl}
 * variables.
 */
public record MigrationSettings(Optional<String> model, OptionalInt inputLength, OptionalInt outputLength) {
    public static final MigrationSettings NONE = new MigrationSettings(Optional.empty(), OptionalInt.empty(), OptionalInt.empty());
}
