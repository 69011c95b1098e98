package dev.disagg.emulator;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The pytest command line as the emulator reads it: the {@code test_perf_sanity.py::test_e2e[<id>]}
 * node id, {@code --output-dir}, {@code --junit-xml}, {@code --collect-only} and {@code -q};
 * every other option (-v, -s, --rootdir=..., -p NAME, --timeout N, ...) is accepted and ignored.
 *
 * @param nodeId    the node id as given, when there is one
 * @param outputDir {@code --output-dir}
 * @param junitXml  {@code --junit-xml} / {@code --junitxml}
 */
public record PytestArgs(Optional<String> nodeId, Optional<Path> outputDir, Optional<Path> junitXml,
        boolean collectOnly, boolean quiet) {

    static final String TEST_FILE = "test_perf_sanity.py";
    static final String TEST_FUNCTION = "test_e2e";

    /** Options whose value is the next argument (so that value is not taken for a node id). */
    private static final Set<String> WITH_VALUE = Set.of("-p", "-k", "-m", "-o", "-c", "-W", "--timeout",
            "--rootdir", "--basetemp", "--durations", "--tb", "--maxfail", "--confcutdir", "--deselect",
            "--ignore", "--log-level", "--perf-log-formats", "--test-list", "--test-prefix", "--splits", "--group",
            "--csv", "--cov", "--cov-report", "--periodic-junit-xmlpath", "--periodic-batch-size",
            "--waives-file");

    public static PytestArgs parse(List<String> args) {
        Optional<String> nodeId = Optional.empty();
        Optional<Path> outputDir = Optional.empty();
        Optional<Path> junit = Optional.empty();
        boolean collectOnly = false;
        boolean quiet = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String next = i + 1 < args.size() ? args.get(i + 1) : null;
            if (arg.equals("--output-dir") && next != null) {
                outputDir = Optional.of(Path.of(next));
                i++;
            } else if (arg.startsWith("--output-dir=")) {
                outputDir = Optional.of(Path.of(arg.substring("--output-dir=".length())));
            } else if ((arg.equals("--junit-xml") || arg.equals("--junitxml")) && next != null) {
                junit = Optional.of(Path.of(next));
                i++;
            } else if (arg.startsWith("--junit-xml=") || arg.startsWith("--junitxml=")) {
                junit = Optional.of(Path.of(arg.substring(arg.indexOf('=') + 1)));
            } else if (arg.equals("--collect-only") || arg.equals("--co")) {
                collectOnly = true;
            } else if (arg.matches("-q+") || arg.equals("--quiet")) {
                quiet = true;
            } else if (WITH_VALUE.contains(arg)) {
                i++;
            } else if (!arg.startsWith("-") && nodeId.isEmpty() && (arg.contains("::") || arg.endsWith(".py"))) {
                nodeId = Optional.of(arg);
            }
        }
        return new PytestArgs(nodeId, outputDir, junit, collectOnly, quiet);
    }

    /** The file part of the node id ({@code perf/test_perf_sanity.py}). */
    Optional<String> file() {
        return nodeId.map(n -> n.contains("::") ? n.substring(0, n.indexOf("::")) : n);
    }

    /** The parameter id inside {@code test_e2e[...]}, when the node id names one. */
    Optional<String> paramId() {
        return nodeId.flatMap(n -> {
            String prefix = TEST_FUNCTION + "[";
            int at = n.indexOf("::" + prefix);
            if (at < 0 || !n.endsWith("]")) {
                return Optional.empty();
            }
            return Optional.of(n.substring(at + 2 + prefix.length(), n.length() - 1));
        });
    }
}
