package dev.disagg.cli;

import dev.disagg.config.CaseConfigLoader;
import dev.disagg.config.ValidationPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/** {@code --warn RULE}: the semantic rules a command downgrades to warnings (validate, plan, run ...). */
final class WarnOptions {
    @Option(names = "--warn", paramLabel = "RULE", split = ",",
            description = "Downgrade a semantic rule to a warning (mtp-max-num-tokens, mtp-streaming, ctx-max-seq-len, gen-max-seq-len, concurrency-batch, all).")
    List<String> warnRules = new ArrayList<>();

    /** A loader with the asked-for policy; an unknown rule is a usage error. */
    CaseConfigLoader loader() {
        try {
            return new CaseConfigLoader(new ValidationPolicy(Set.copyOf(warnRules)));
        } catch (IllegalArgumentException e) {
            throw new UserError("--warn: " + e.getMessage());
        }
    }
}
