package dev.disagg.jenkins

/**
 * Runs one case with a fixed number of pipeline steps however long its SLURM job takes: the
 * core follows the job inside one {@code sh}. An interruption (abort, timeout) cancels the job.
 */
final class CaseRunner implements Serializable {
    private static final long serialVersionUID = 1L

    private final Object script
    private final BenchmarkOptions options
    private final CoreCommands commands

    CaseRunner(Object script, BenchmarkOptions options) {
        this.script = script
        this.options = options
        this.commands = new CoreCommands(options)
    }

    CaseOutcome run(String config) {
        String scratch = commands.scratchDir(config)
        int planStatus = script.sh(label: "disagg plan ${config}", returnStatus: true, script: commands.plan(config))
        if (planStatus != 0) {
            return ResultPolicy.planFailed(config, planStatus, readIfPresent("${scratch}/plan.err"), options.skipPerfCheck)
        }
        CasePlan plan
        try {
            plan = CasePlan.parse(config, script.readFile(file: "${scratch}/plan.json", encoding: 'UTF-8'))
        } catch (IllegalArgumentException unusable) {
            return ResultPolicy.unusablePlan(config, unusable.message, options.skipPerfCheck)
        }
        int status
        try {
            status = script.sh(label: "disagg run ${plan.caseName}", returnStatus: true, script: commands.run(config, plan))
        } catch (InterruptedException interruption) {
            // Jenkins abort or timeout (FlowInterruptedException): the core got SIGTERM too, but
            // cancel explicitly so the job never outlives the build, then keep the logs.
            cancel(plan)
            publish(plan)
            throw interruption
        }
        String resultJson = readIfPresent(plan.resultJsonPath)
        String stderr = status == ResultPolicy.OK ? '' : readIfPresent("${scratch}/run.err")
        publish(plan)
        CaseOutcome outcome = ResultPolicy.decide(plan, status, resultJson, stderr, options.skipPerfCheck,
                options.onPerfRegression, options.missingBaseline)
        script.echo(outcome.message)
        return outcome
    }

    private void cancel(CasePlan plan) {
        int status = script.sh(label: "disagg cancel ${plan.caseName}", returnStatus: true, script: commands.cancel(plan))
        if (status != 0) {
            script.echo("disaggBenchmark: cancelling case ${plan.caseName} exited with ${status}; check its SLURM job by hand")
        }
    }

    /** junit on the case's results.xml, and its directory plus tarball as artifacts. */
    private void publish(CasePlan plan) {
        script.dir(options.workspace) {
            if (script.fileExists(plan.testResults)) {
                script.junit(testResults: plan.testResults, allowEmptyResults: false)
            }
            script.archiveArtifacts(artifacts: plan.artifacts, allowEmptyArchive: true)
        }
    }

    private String readIfPresent(String path) {
        return script.fileExists(path) ? script.readFile(file: path, encoding: 'UTF-8') : ''
    }
}
