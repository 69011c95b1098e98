package dev.disagg.cli;

import dev.disagg.report.CaseOutcome;
import dev.disagg.report.CheckOptions;
import dev.disagg.run.CaseCheck;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code disagg check}: recomputes a case's verdict and reports from its directory. */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        description = {
                "Recompute the verdict, the perf check and the reports (results.xml, summary.md, report.html,"
                        + " result.json, perf_script_test_results.csv) of an existing case directory and add it to the history."
                        + " No SLURM needed.",
                "Exit status: 0 passed, 1 test failed, 3 perf regression, 2 bad input."
        })
public final class CheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--case-dir", required = true, paramLabel = "DIR", description = "The case directory (disagg_logs/<case name>/).")
    Path caseDir;

    @Mixin
    PerfCheckOptions perfOptions;

    /** Where SKIP_PERF_CHECK is read from; tests replace it. */
    Map<String, String> environment = System.getenv();

    @Override
    public Integer call() {
        CheckOptions options = perfOptions.toCheckOptions(environment, PerfCheckOptions.workspaceOf(caseDir), Optional.empty());
        CaseOutcome outcome = new CaseCheck(spec.commandLine().getErr(), Clock.systemUTC()).check(caseDir, options);
        spec.commandLine().getOut().print(outcome.summary());
        spec.commandLine().getOut().flush();
        return outcome.exitCode();
    }
}
