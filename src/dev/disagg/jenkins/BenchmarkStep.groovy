package dev.disagg.jenkins

import com.cloudbees.groovy.cps.NonCPS

/**
 * The {@code disaggBenchmark} step: checks its arguments, runs each case (several with
 * bounded parallelism), then applies the cases' results to the build, worst last.
 */
final class BenchmarkStep implements Serializable {
    private static final long serialVersionUID = 1L

    private final Object script

    BenchmarkStep(Object script) {
        this.script = script
    }

    /** @return the case's result map for {@code config}; a list of them, in order, for {@code configs} */
    Object call(Map args) {
        BenchmarkOptions options = BenchmarkOptions.parse(args, environment())
        String problem = options.errorMessage()
        if (problem) {
            script.error(problem)
        }
        CoreCommands commands = new CoreCommands(options)
        commands.install(script)
        List<String> configs = caseFiles(options, commands)
        CaseRunner runner = new CaseRunner(script, options)
        List<CaseOutcome> outcomes = configs.size() == 1 ? [runner.run(configs[0])] : runParallel(runner, configs, options.maxParallel)
        apply(outcomes)
        if (options.config) {
            return outcomes[0].result
        }
        List<Map> results = []
        for (int i = 0; i < outcomes.size(); i++) {
            results << outcomes[i].result
        }
        return results
    }

    /** The environment values the step reads (index loop: CPS cannot save a collection's iterator). */
    private Map environment() {
        List<String> names = [BenchmarkOptions.SKIP_PERF_CHECK_ENV, CoreJar.ENV_VARIABLE, 'WORKSPACE']
        Map values = [:]
        for (int i = 0; i < names.size(); i++) {
            values[names[i]] = script.env[names[i]]
        }
        return values
    }

    private List<String> caseFiles(BenchmarkOptions options, CoreCommands commands) {
        if (options.config) {
            return [options.config]
        }
        if (options.configList) {
            return options.configList
        }
        String listing = script.sh(label: "disagg list ${options.configGlob}", returnStdout: true,
                script: commands.expandGlob(options.configGlob))
        List<String> files = nonEmptyLines(listing)
        if (!files) {
            script.error("disaggBenchmark: configs '${options.configGlob}' matches no file (relative to the current directory)")
        }
        return files
    }

    /** At most {@code maxParallel} branches, each taking the next case until none is left. */
    private List<CaseOutcome> runParallel(CaseRunner runner, List<String> configs, int maxParallel) {
        WorkQueue queue = new WorkQueue(configs.size())
        List<CaseOutcome> outcomes = new ArrayList<CaseOutcome>(Collections.nCopies(configs.size(), (CaseOutcome) null))
        int workers = Math.min(maxParallel, configs.size())
        Map branches = [:]
        for (int w = 1; w <= workers; w++) {
            branches["disagg ${w}/${workers}".toString()] = {
                for (Integer i = queue.take(); i != null; i = queue.take()) {
                    outcomes[i] = runner.run(configs[i])
                }
            }
        }
        script.parallel(branches)
        return outcomes
    }

    /** Every UNSTABLE case marks the build so; then one error lists every failed case. */
    private void apply(List<CaseOutcome> outcomes) {
        List<String> failures = []
        boolean aborted = false
        for (int i = 0; i < outcomes.size(); i++) {
            CaseOutcome outcome = outcomes[i]
            if (outcome.effect == 'UNSTABLE') {
                script.unstable(outcome.message)
            } else if (outcome.effect == 'FAILURE' || outcome.effect == 'ABORTED') {
                failures << outcome.message
                aborted = aborted || outcome.effect == 'ABORTED'
            }
        }
        if (!failures) {
            return
        }
        if (aborted) {
            // ABORTED ranks worse than FAILURE, so the error below does not replace it.
            script.currentBuild.result = 'ABORTED'
        }
        script.error(failures.size() == 1 ? failures[0] : failureSummary(failures, outcomes.size()))
    }

    @NonCPS
    private static List<String> nonEmptyLines(String text) {
        return text.readLines().findAll { it }
    }

    @NonCPS
    private static String failureSummary(List<String> failures, int total) {
        return "disaggBenchmark: ${failures.size()} of ${total} cases failed:\n" + failures.collect { " - ${it}" }.join('\n')
    }

    /** Hands out case indexes to parallel branches; CPS runs branches one at a time between steps. */
    static final class WorkQueue implements Serializable {
        private static final long serialVersionUID = 1L
        private final int size
        private int next

        WorkQueue(int size) {
            this.size = size
        }

        @NonCPS
        Integer take() {
            return next < size ? next++ : null
        }
    }
}
