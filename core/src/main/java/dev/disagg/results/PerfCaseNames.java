package dev.disagg.results;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code perf_case_name} in perf CSVs: {@code <case>_con:<concurrency>}, as upstream's disagg
 * CSV writes it. Upstream wraps the case as {@code test_benchmark[disagg_perf_file:<case>]};
 * both spellings name the same case.
 */
public final class PerfCaseNames {
    private static final Pattern WITH_CONCURRENCY = Pattern.compile("^(.+)_con:(\\d+)$");
    private static final Pattern UPSTREAM_WRAPPED = Pattern.compile("^[^\\[]*\\[[^:\\]]*:(.+)]$");

    private PerfCaseNames() {
    }

    /** A case and concurrency read from a {@code perf_case_name}. */
    public record Parsed(String caseName, int concurrency) {
    }

    public static String of(String caseName, int concurrency) {
        return caseName + "_con:" + concurrency;
    }

    public static Optional<Parsed> parse(String perfCaseName) {
        Matcher m = WITH_CONCURRENCY.matcher(perfCaseName.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        String head = m.group(1);
        Matcher wrapped = UPSTREAM_WRAPPED.matcher(head);
        String caseName = wrapped.matches() ? wrapped.group(1) : head;
        try {
            return Optional.of(new Parsed(caseName, Integer.parseInt(m.group(2))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
