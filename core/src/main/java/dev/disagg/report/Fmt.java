package dev.disagg.report;

import dev.disagg.perf.BaselineEntry;
import dev.disagg.perf.PerfComparison;
import dev.disagg.perf.PerfReference;
import dev.disagg.results.Direction;
import dev.disagg.results.Metric;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Number and tolerance text shared by the reports. */
final class Fmt {
    private Fmt() {
    }

    /** Two decimals at most, no grouping: 1234.5, 0.07, 12. */
    static String num(double v) {
        String s = String.format(Locale.ROOT, "%.2f", v);
        if (s.contains(".")) {
            s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return s.equals("-0") ? "0" : s;
    }

    static String num(OptionalDouble v) {
        return v.isPresent() ? num(v.getAsDouble()) : "-";
    }

    /** "+5.2%" / "-13.3%". */
    static String percent(OptionalDouble v) {
        if (v.isEmpty()) {
            return "-";
        }
        return String.format(Locale.ROOT, "%+.1f%%", v.getAsDouble());
    }

    /** The worst passing value and the tolerance it comes from, e.g. ">= 1425 (-5%)". */
    static String allowed(BaselineEntry e) {
        boolean higher = e.direction() == Direction.HIGHER_IS_BETTER;
        String pct = String.format(Locale.ROOT, "%s%s%%", higher ? "-" : "+", num(e.tolerance() * 100));
        String abs = e.absoluteTolerance() == 0 ? "" : (higher ? " - " : " + ") + num(e.absoluteTolerance());
        return (higher ? ">= " : "<= ") + num(e.limit()) + " (" + pct + abs + ")";
    }

    static String allowed(PerfComparison c) {
        if (c.reference() == PerfReference.HISTORY) {
            // the history's band is absolute (from the MAD), not a percentage of a hand-kept value
            return c.baseline().map(b -> (b.direction() == Direction.HIGHER_IS_BETTER ? ">= " : "<= ") + num(b.limit())
                    + " (median " + (b.direction() == Direction.HIGHER_IS_BETTER ? "- " : "+ ") + num(b.absoluteTolerance()) + ")").orElse("-");
        }
        return c.baseline().map(Fmt::allowed).orElse("-");
    }

    /** The metric's key, marked when the row was judged against the history (with both references a metric has two rows). */
    static String metricName(PerfComparison c) {
        return c.metric().key() + (c.reference() == PerfReference.HISTORY ? " [history]" : "");
    }

    /** One line about a comparison, e.g. for a JUnit failure message. */
    static String comparison(PerfComparison c) {
        String head = c.metric().key() + " at concurrency " + c.concurrency() + ": measured " + num(c.measured()) + " " + c.metric().unit();
        boolean history = c.reference() == PerfReference.HISTORY;
        if (c.baseline().isEmpty()) {
            return head + (history ? ", too few passing runs in the history" : ", no baseline");
        }
        return head + (history ? ", history median " : ", baseline ") + num(c.baseline().get().value()) + " (" + percent(c.changePercent()) + "), allowed "
                + allowed(c) + " -> " + c.verdict().label();
    }

    /** Which metrics, at which concurrencies, e.g. "output_throughput at concurrency 4, 16; median_e2el at concurrency 4". */
    static String coverage(List<PerfComparison> rows) {
        Map<Metric, List<String>> byMetric = new TreeMap<>();
        rows.forEach(c -> byMetric.computeIfAbsent(c.metric(), m -> new java.util.ArrayList<>()).add(Integer.toString(c.concurrency())));
        return byMetric.entrySet().stream().map(e -> e.getKey().key() + " at concurrency " + String.join(", ", e.getValue().stream().distinct().toList()))
                .collect(Collectors.joining("; "));
    }
}
