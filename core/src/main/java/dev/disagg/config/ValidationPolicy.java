package dev.disagg.config;

import java.util.Set;

/**
 * Which rules only warn. Upstream's semantic rules are sometimes broken on purpose (a sweep
 * that probes a limit), so each can be downgraded by its id; structural rules cannot.
 */
public record ValidationPolicy(Set<String> warnOnly) {

    public static final ValidationPolicy STRICT = new ValidationPolicy(Set.of());

    public ValidationPolicy {
        warnOnly = Set.copyOf(warnOnly);
        for (String rule : warnOnly) {
            if (!SemanticRules.IDS.contains(rule) && !rule.equals("all")) {
                throw new IllegalArgumentException("unknown rule '" + rule + "' (rules that can be downgraded: "
                        + String.join(", ", SemanticRules.IDS) + ", or all)");
            }
        }
    }

    Problem.Severity severityOf(String rule) {
        return warnOnly.contains(rule) || warnOnly.contains("all") ? Problem.Severity.WARNING : Problem.Severity.ERROR;
    }
}
