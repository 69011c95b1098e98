package dev.disagg.emulator;

import java.util.Arrays;
import java.util.Optional;

/**
 * A {@code test_e2e} parameter id, split as upstream's {@code parse_test_string} does
 * (tests/integration/defs/perf/test_perf_sanity.py): a prefix containing "disagg" is followed by
 * the mode {@code e2e} or {@code gen_only} and the config stem (the remaining labels joined by
 * "-", so a stem may contain dashes); {@code aggr[_upload]-ctx_only-<stem>} reads the disagg
 * folder too; other "aggr" ids name an aggregated config.
 *
 * @param mode {@code e2e}, {@code gen_only}, {@code ctx_only}, or empty for a plain aggregated id
 */
public record TestId(String id, String prefix, String mode, String stem) {

    /** The four prefixes upstream generates (DISAGG_TEST_TYPES and AGG_TEST_TYPES). */
    private static final java.util.Set<String> DISAGG_TYPES = java.util.Set.of("disagg_upload", "disagg");
    private static final java.util.Set<String> AGGR_TYPES = java.util.Set.of("aggr_upload", "aggr");

    /** The id, when upstream's collection can generate it (else pytest answers "not found"). */
    public static Optional<TestId> parse(String id) {
        String[] labels = id.split("-", -1);
        if (labels.length < 2 || Arrays.stream(labels).anyMatch(String::isEmpty)) {
            return Optional.empty();
        }
        String prefix = labels[0];
        if (DISAGG_TYPES.contains(prefix)) {
            // The old two-part form disagg_upload-<stem> is no longer generated.
            if (labels.length < 3 || !(labels[1].equals("e2e") || labels[1].equals("gen_only"))) {
                return Optional.empty();
            }
            return Optional.of(new TestId(id, prefix, labels[1], join(labels, 2)));
        }
        if (AGGR_TYPES.contains(prefix)) {
            if (labels.length > 2 && labels[1].equals("ctx_only")) {
                return Optional.of(new TestId(id, prefix, "ctx_only", join(labels, 2)));
            }
            return Optional.of(new TestId(id, prefix, "", labels[1]));
        }
        return Optional.empty();
    }

    private static String join(String[] labels, int from) {
        return String.join("-", Arrays.copyOfRange(labels, from, labels.length));
    }

    /** Ids the emulator runs: the disaggregated e2e and gen_only ones. */
    public boolean isDisagg() {
        return mode.equals("e2e") || mode.equals("gen_only");
    }

    /** Whether the config lives in the disagg folder (e2e, gen_only, ctx_only) rather than the aggregated one. */
    boolean readsDisaggFolder() {
        return !mode.isEmpty();
    }

    public boolean genOnly() {
        return mode.equals("gen_only");
    }
}
