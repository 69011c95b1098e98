package dev.disagg.jenkins

import com.cloudbees.groovy.cps.NonCPS

import static dev.disagg.jenkins.ShellQuote.quote

/**
 * The {@code sh} scripts the step runs: each one line that calls the library's shell script
 * ({@code resources/dev/disagg/disagg-core.sh}, written into the workspace by {@link #install})
 * with every value as its own single-quoted argument. The script does the work and reports
 * through its exit status and files, the same under Jenkins and under a plain shell.
 */
final class CoreCommands implements Serializable {
    private static final long serialVersionUID = 1L

    /** Step-private files (the script, plan output, captured stderr) live here, outside disagg_logs. */
    static final String SCRATCH = '.disagg-step'
    /** The script, as {@code libraryResource} names it (under resources/). */
    static final String RESOURCE = 'dev/disagg/disagg-core.sh'

    private final BenchmarkOptions options

    CoreCommands(BenchmarkOptions options) {
        this.options = options
    }

    /** Where {@link #install} puts the script on the agent. */
    @NonCPS
    String getScriptPath() {
        return "${options.workspace}/${SCRATCH}/disagg-core.sh"
    }

    /** Writes the library's script into the workspace (two pipeline steps, once per call of the step). */
    void install(Object script) {
        script.writeFile(file: scriptPath, text: script.libraryResource(RESOURCE), encoding: 'UTF-8')
    }

    /**
     * The step's scratch directory for one case file: the path made safe, plus its hash so that
     * two paths that read alike (cases/a.yaml, cases_a.yaml) never share one.
     */
    @NonCPS
    String scratchDir(String config) {
        String readable = config.replaceAll('[^A-Za-z0-9._-]', '_')
        return "${options.workspace}/${SCRATCH}/${readable}-${Integer.toHexString(config.hashCode())}"
    }

    /** Checks java and the jar, then {@code disagg plan --json} into {@code plan.json}; stderr also lands in {@code plan.err}. */
    @NonCPS
    String plan(String config) {
        List<String> core = ['plan', '--config', config, '--workspace', options.workspace]
        if (options.cluster) {
            core += ['--cluster', options.cluster]
        }
        core << '--json'
        return call(['plan'] + options.jar.scriptOptions() + ['--scratch', scratchDir(config), '--'] + core)
    }

    /**
     * {@code disagg run} to the case's end (the core follows the SLURM job, then prints the
     * case's summary; SIGTERM from an abort cancels the job), stderr shown live and kept in
     * {@code run.err}; then the case tarball. Exits with the core's status.
     */
    @NonCPS
    String run(String config, CasePlan plan) {
        List<String> core = ['run', '--config', config, '--workspace', options.workspace]
        if (options.cluster) {
            core += ['--cluster', options.cluster]
        }
        if (options.baseline) {
            core += ['--baseline', options.baseline]
        }
        core << "--skip-perf-check=${options.skipPerfCheck}".toString()
        core << "--missing-baseline=${options.missingBaseline}".toString()
        if (options.timeoutMinutes != null) {
            core += ['--timeout-minutes', String.valueOf(options.timeoutMinutes)]
        }
        return call(['run'] + options.jar.scriptOptions() + ['--scratch', scratchDir(config)] + caseOptions(plan) + ['--'] + core)
    }

    /** Cancels the case's SLURM job (harmless when it already ended) and still leaves the tarball. */
    @NonCPS
    String cancel(CasePlan plan) {
        return call(['cancel'] + options.jar.scriptOptions() + caseOptions(plan) + ['--', 'cancel', '--case-dir', plan.caseDir])
    }

    /** Lists the files a glob matches, one a line; the pattern is expanded by the shell, never evaluated. */
    @NonCPS
    String expandGlob(String pattern) {
        return call(['glob', pattern])
    }

    @NonCPS
    private List<String> caseOptions(CasePlan plan) {
        return ['--logs', "${options.workspace}/disagg_logs".toString(), '--case', plan.caseName]
    }

    /** One line for {@code sh}: the script (POSIX sh, not necessarily executable) and its arguments, each quoted. */
    @NonCPS
    private String call(List<String> arguments) {
        return "#!/bin/sh\nexec /bin/sh ${quote(scriptPath)} ${arguments.collect { quote(it) }.join(' ')}\n"
    }
}
