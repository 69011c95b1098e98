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

    /** Step-private files (the script, the run result, captured stderr) live here, outside disagg_logs. */
    static final String SCRATCH = '.disagg-step'
    /** The script, as {@code libraryResource} names it (under resources/). */
    static final String RESOURCE = 'dev/disagg/disagg-core.sh'
    /** The core's run result file in the scratch directory (the script removes a stale one). */
    static final String RUN_RESULT = 'run-result.json'

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
     * This call's scratch directory: named after what it runs, plus a hash so that two calls
     * whose cases read alike (cases/a.yaml, cases_a.yaml) never share one.
     */
    @NonCPS
    String getScratchDir() {
        String cases = options.config ?: options.configGlob ?: options.configList.join('\n')
        String readable = cases.replaceAll('[^A-Za-z0-9._-]', '_').take(60)
        return "${options.workspace}/${SCRATCH}/${readable}-${Integer.toHexString(cases.hashCode())}"
    }

    @NonCPS
    String getRunResultPath() {
        return "${scratchDir}/${RUN_RESULT}"
    }

    @NonCPS
    String getStderrPath() {
        return "${scratchDir}/run.err"
    }

    /** The sh step's label: what it runs. */
    @NonCPS
    String getRunLabel() {
        if (options.config || options.configGlob) {
            return "disagg run ${options.config ?: options.configGlob}"
        }
        return options.configList.size() == 1 ? "disagg run ${options.configList[0]}" : "disagg run ${options.configList.size()} case files"
    }

    /**
     * {@code disagg run} to the end of every case: one case ({@code config}) or one sweep of all
     * ({@code configs}: the core expands the glob and bounds the parallelism). The core follows
     * the SLURM jobs, writes the run result file for every outcome, and cancels its jobs on SIGTERM.
     */
    @NonCPS
    String run() {
        List<String> core = ['run', '--run-result', runResultPath]
        if (options.config) {
            core += ['--config', options.config]
        } else {
            core += options.configGlob ? [options.configGlob] : options.configList
            core += ['--max-parallel', String.valueOf(options.maxParallel)]
        }
        core += ['--workspace', options.workspace]
        if (options.cluster) {
            core += ['--cluster', options.cluster]
        }
        if (options.baseline) {
            core += ['--baseline', options.baseline]
        }
        // given: passed through; absent: the core reads SKIP_PERF_CHECK from the environment itself
        if (options.skipPerfCheck != null) {
            core << "--skip-perf-check=${options.skipPerfCheck}".toString()
        }
        core << "--missing-baseline=${options.missingBaseline}".toString()
        if (options.timeoutMinutes != null) {
            core += ['--timeout-minutes', String.valueOf(options.timeoutMinutes)]
        }
        return call(['run'] + options.jar.scriptOptions() + ['--scratch', scratchDir, '--'] + core)
    }

    /** Cancels the jobs of these case directories by the ids the core wrote there (harmless when they ended). */
    @NonCPS
    String cancel(List<String> caseDirs) {
        return call(['cancel'] + options.jar.scriptOptions() + ['--'] + caseDirs)
    }

    /** Packs each case directory (relative to {@code base}) into a tarball beside it. */
    @NonCPS
    String pack(String base, List<String> caseDirs) {
        return call(['pack', '--base', base, '--'] + caseDirs)
    }

    /** One line for {@code sh}: the script (POSIX sh, not necessarily executable) and its arguments, each quoted. */
    @NonCPS
    private String call(List<String> arguments) {
        return "#!/bin/sh\nexec /bin/sh ${quote(scriptPath)} ${arguments.collect { quote(it) }.join(' ')}\n"
    }
}
