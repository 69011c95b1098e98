package dev.disagg.config;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * How severe each adjustable rule is. Errors are what would break planning, rendering or a role
 * (wrong types in what the tool reads, missing sections, impossible sizes, unknown keys near a known one);
 * those are never adjustable. Warnings by default: keys far from any known one, and the QA
 * harness's consistency rules ({@link SemanticRules}), which upstream's perf-sanity harness does
 * not apply. {@code strict} makes a warning rule an error (a strict L0 gate: {@code --strict all});
 * {@code warnOnly} keeps one a warning even when a profile made it strict ({@code --warn} wins).
 */
public record ValidationPolicy(Set<String> strict, Set<String> warnOnly) {
    /** An unknown key in a section this tool owns; adjustable only when it is no typo of a known key. */
    public static final String UNKNOWN_KEY = "unknown-key";
    /** Every rule {@code --strict} and {@code --warn} take, besides {@code all}. */
    public static final List<String> ADJUSTABLE = Stream.concat(SemanticRules.IDS.stream(), Stream.of(UNKNOWN_KEY)).toList();

    /** The defaults: every adjustable rule warns. */
    public static final ValidationPolicy DEFAULT = new ValidationPolicy(Set.of(), Set.of());
    /** Every adjustable rule is an error (what the QA harness itself enforces, and more). */
    public static final ValidationPolicy STRICT = new ValidationPolicy(Set.of("all"), Set.of());

    public ValidationPolicy {
        strict = Set.copyOf(strict);
        warnOnly = Set.copyOf(warnOnly);
        Stream.concat(strict.stream(), warnOnly.stream()).forEach(ValidationPolicy::requireKnown);
    }

    /** Only rules kept as warnings (what {@code --warn} alone gives). */
    public ValidationPolicy(Set<String> warnOnly) {
        this(Set.of(), warnOnly);
    }

    /** @throws IllegalArgumentException naming the rules there are */
    public static void requireKnown(String rule) {
        if (!ADJUSTABLE.contains(rule) && !rule.equals("all")) {
            throw new IllegalArgumentException("unknown rule '" + rule + "' (rules: " + String.join(", ", ADJUSTABLE) + ", or all)");
        }
    }

    /** This policy with more strict rules (a cluster profile's {@code strict_rules}). */
    public ValidationPolicy withStrict(java.util.Collection<String> more) {
        return new ValidationPolicy(Stream.concat(strict.stream(), more.stream()).collect(java.util.stream.Collectors.toSet()), warnOnly);
    }

    Problem.Severity severityOf(String rule) {
        if (warnOnly.contains(rule) || warnOnly.contains("all")) {
            return Problem.Severity.WARNING;
        }
        return strict.contains(rule) || strict.contains("all") ? Problem.Severity.ERROR : Problem.Severity.WARNING;
    }
}
