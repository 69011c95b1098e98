package dev.disagg.jenkins

import com.cloudbees.groovy.cps.NonCPS

/**
 * The {@code disaggBenchmark} step: checks its arguments, runs the core once for all its cases
 * (one {@code sh}: one case, or a sweep with bounded parallelism inside the core), then publishes
 * what the core's run result file lists and applies the cases' verdicts to the build. The number
 * of pipeline steps does not depend on the number of cases.
 */
final class BenchmarkStep implements Serializable {
    private static final long serialVersionUID = 1L

    private final Object script

    BenchmarkStep(Object script) {
        this.script = script
    }

    /** @return the case's result map for {@code config}; a list of them, in the core's order, for {@code configs} */
    Object call(Map args) {
        BenchmarkOptions options = BenchmarkOptions.parse(args, environment())
        String problem = options.errorMessage()
        if (problem) {
            script.error(problem)
        }
        CoreCommands commands = new CoreCommands(options)
        commands.install(script)
        int status
        try {
            status = script.sh(label: commands.runLabel, returnStatus: true, script: commands.run())
        } catch (InterruptedException interruption) {
            // Jenkins abort or timeout (FlowInterruptedException): the core got SIGTERM and cancels its
            // jobs; cancel those it listed as running too, in case it was killed first, then keep the logs.
            Map run = readRunResult(commands)
            cancelUnended(commands, run)
            publish(commands, options, run)
            throw interruption
        }
        Map run = readRunResult(commands)
        if (run == null || !run.finished) {
            cancelUnended(commands, run)
            publish(commands, options, run)
            script.error(ResultPolicy.noResult(status, readIfPresent(commands.stderrPath)))
        }
        publish(commands, options, run)
        List<BuildEffect> effects = ResultPolicy.effects(run, options.onPerfRegression)
        script.echo(messages(effects, null))
        apply(effects)
        List<Map> results = caseResults(effects)
        return options.config ? results[0] : results
    }

    /** The environment values the step reads (index loop: CPS cannot save a collection's iterator). */
    private Map environment() {
        List<String> names = [CoreJar.ENV_VARIABLE, 'WORKSPACE']
        Map values = [:]
        for (int i = 0; i < names.size(); i++) {
            values[names[i]] = script.env[names[i]]
        }
        return values
    }

    private Map readRunResult(CoreCommands commands) {
        String path = commands.runResultPath
        return script.fileExists(path) ? ResultPolicy.parse(script.readFile(file: path, encoding: 'UTF-8')) : null
    }

    /** One sh for every case the core listed with a job but no end (an interrupted or killed run). */
    private void cancelUnended(CoreCommands commands, Map run) {
        List<String> dirs = unendedCaseDirs(run)
        if (!dirs) {
            return
        }
        int status = script.sh(label: 'disagg cancel', returnStatus: true, script: commands.cancel(dirs))
        if (status != 0) {
            script.echo("disaggBenchmark: cancelling the jobs of ${dirs.join(', ')} exited with ${status}; check them by hand")
        }
    }

    /** One sh packing every case directory, one junit and one archiveArtifacts for all of them. */
    private void publish(CoreCommands commands, BenchmarkOptions options, Map run) {
        String base = run?.workspace ?: options.workspace
        List<String> dirs = caseDirArtifacts(run)
        if (dirs) {
            script.sh(label: 'disagg pack', returnStatus: true, script: commands.pack(base, dirs))
        }
        String junit = testResults(run)
        String artifacts = artifactPatterns(run)
        if (!junit && !artifacts) {
            return
        }
        script.dir(base) {
            if (junit) {
                script.junit(testResults: junit, allowEmptyResults: false)
            }
            if (artifacts) {
                script.archiveArtifacts(artifacts: artifacts, allowEmptyArchive: true)
            }
        }
    }

    /** One unstable call for every UNSTABLE case, then one error listing every failed one. */
    private void apply(List<BuildEffect> effects) {
        String unstable = messages(effects, 'UNSTABLE')
        if (unstable) {
            script.unstable(unstable)
        }
        List<String> failures = failureMessages(effects)
        if (!failures) {
            return
        }
        if (messages(effects, 'ABORTED')) {
            // ABORTED ranks worse than FAILURE, so the error below does not replace it.
            script.currentBuild.result = 'ABORTED'
        }
        script.error(failures.size() == 1 ? failures[0] : failureSummary(failures, effects.size()))
    }

    @NonCPS
    private static String messages(List<BuildEffect> effects, String result) {
        return effects.findAll { result == null || it.result == result }*.message.join('\n')
    }

    @NonCPS
    private static List<String> failureMessages(List<BuildEffect> effects) {
        return effects.findAll { it.result == 'FAILURE' || it.result == 'ABORTED' }*.message
    }

    @NonCPS
    private static List<Map> caseResults(List<BuildEffect> effects) {
        return effects.findAll { it.caseResult != null }*.caseResult
    }

    @NonCPS
    private static String failureSummary(List<String> failures, int total) {
        return "disaggBenchmark: ${failures.size()} of ${total} cases failed:\n" + failures.collect { " - ${it}" }.join('\n')
    }

    @NonCPS
    private static List<Map> cases(Map run) {
        return (run?.cases ?: []) as List<Map>
    }

    @NonCPS
    private static List<String> unendedCaseDirs(Map run) {
        return cases(run).findAll { it.jobId && it.caseDir && (it.verdict == null || it.verdict == 'ABORTED') }
                .collect { String.valueOf(it.caseDir) }
    }

    /** The case directories, relative to the run's workspace, as the core lists them. */
    @NonCPS
    private static List<String> caseDirArtifacts(Map run) {
        return cases(run).collect { it.artifacts?.caseDir }.findAll { it }.collect { String.valueOf(it) }
    }

    @NonCPS
    private static String testResults(Map run) {
        return cases(run).collect { it.artifacts?.get('results.xml') }.findAll { it }.collect { antPattern(String.valueOf(it)) }.join(', ')
    }

    /** Every case directory and its tarball, and a sweep's combined files. */
    @NonCPS
    private static String artifactPatterns(Map run) {
        List<String> patterns = []
        caseDirArtifacts(run).each { patterns << "${antPattern(it)}/**".toString() << "${antPattern(it)}.tar.gz".toString() }
        if (run?.sweep instanceof Map) {
            ['markdown', 'html', 'junit'].each { if (run.sweep[it]) { patterns << antPattern(String.valueOf(run.sweep[it])) } }
        }
        return patterns.join(', ')
    }

    /**
     * A path as an Ant pattern (junit, archiveArtifacts): a comma or space would split it and
     * {@code *} or {@code ?} would widen it, so each of those matches as {@code ?} (one character).
     */
    @NonCPS
    static String antPattern(String path) {
        return path.replaceAll('[\\s,*?]', '?')
    }

    private String readIfPresent(String path) {
        return script.fileExists(path) ? script.readFile(file: path, encoding: 'UTF-8') : ''
    }
}
