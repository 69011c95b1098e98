package dev.disagg.cli;

import dev.disagg.config.CaseConfigLoader;
import dev.disagg.config.ValidationPolicy;
import dev.disagg.verdict.VerdictException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * {@code --strict RULE} and {@code --warn RULE}: how severe the adjustable validation rules are for
 * a command (validate, plan, run ...). The QA harness's rules and unknown keys far from any known
 * one warn by default; {@code --strict} makes them errors (a strict L0 gate: {@code --strict all}),
 * and {@code --warn} keeps one a warning even when the cluster profile's {@code strict_rules} names it.
 */
final class WarnOptions {
    @Option(names = "--strict", paramLabel = "RULE", split = ",",
            description = "Make a rule an error: mtp-max-num-tokens, mtp-streaming, ctx-max-seq-len, gen-max-seq-len, concurrency-batch, unknown-key, or all.")
    List<String> strictRules = new ArrayList<>();

    @Option(names = "--warn", paramLabel = "RULE", split = ",",
            description = "Keep a rule a warning even when --strict or the cluster profile's strict_rules names it (same rules, or all).")
    List<String> warnRules = new ArrayList<>();

    /** A loader with the asked-for policy plus the profile's strict rules; an unknown rule is a usage error. */
    CaseConfigLoader loader(Collection<String> profileStrict) {
        try {
            return new CaseConfigLoader(new ValidationPolicy(Set.copyOf(strictRules), Set.copyOf(warnRules)).withStrict(profileStrict));
        } catch (IllegalArgumentException e) {
            throw VerdictException.invalid((strictRules.stream().anyMatch(r -> e.getMessage().contains("'" + r + "'")) ? "--strict: " : "--warn: ")
                    + e.getMessage());
        }
    }
}
