package dev.disagg.report;

import dev.disagg.slurm.JobStatus;
import dev.disagg.verdict.FailureCause;
import dev.disagg.verdict.FinalVerdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Finds why the test failed, if it did: a pure function of what the case directory holds. The
 * causes' order and the status each gives are the verdict's ({@link FailureCause}, {@link FinalVerdict}).
 */
public final class TestOutcomes {
    private TestOutcomes() {
    }

    /**
     * @param benchmarkInvalid why the benchmark cannot be trusted (empty = valid)
     * @param hasErrorLine whether a log (by file name) contains an error line
     */
    public static TestOutcome classify(CaseInputs inputs, List<String> benchmarkInvalid, Predicate<String> hasErrorLine) {
        List<String> reasons = new ArrayList<>();
        Optional<FailureCause> cause = Optional.empty();
        String firstError = "";
        Optional<FailureRecord> failure = inputs.failure();
        if (inputs.jobState().filter(JobStatus::lostToInfrastructure).isPresent()) {
            cause = Optional.of(FailureCause.JOB_LOST);
            firstError = inputs.jobState().get().describeEnd() + " (a fault of the cluster, not of the case)";
        }
        if (failure.isPresent()) {
            String roleError = RoleErrorLine.pick(failure.get().lastLines())
                    .map(l -> failure.get().describe() + ": " + l)
                    .orElse(failure.get().describe());
            if (cause.isEmpty()) {
                cause = Optional.of(FailureCause.ROLE_FAILED);
                firstError = roleError;
            }
            reasons.add(failure.get().describe() + failure.get().logFile().map(f -> " (log: " + LogGuide.fileName(f) + ")").orElse(""));
        }
        if (inputs.jobState().isPresent() && inputs.jobState().get().failed()) {
            String d = inputs.jobState().get().describeEnd();
            if (cause.isEmpty()) {
                cause = Optional.of(FailureCause.JOB_FAILED);
                firstError = d;
            }
            reasons.add(d);
        }
        if (!benchmarkInvalid.isEmpty()) {
            if (cause.isEmpty()) {
                cause = Optional.of(FailureCause.BENCHMARK_INVALID);
                firstError = benchmarkInvalid.get(0);
            }
            reasons.addAll(benchmarkInvalid);
        }
        List<String> order = LogGuide.order(inputs.logFiles());
        Optional<String> first = LogGuide.firstToOpen(order, cause, failure, hasErrorLine);
        return new TestOutcome(FinalVerdict.testExitCode(cause), cause, firstError, reasons, first, order);
    }
}
