package dev.disagg.jenkins

import com.cloudbees.groovy.cps.NonCPS

import static dev.disagg.jenkins.ShellQuote.quote

/**
 * The shell scripts the step hands to {@code sh}. Each is self-contained (a fresh shell that
 * needs only the agent's PATH, JAVA_HOME and HOME) and reports through its exit status and
 * files, so it behaves the same under Jenkins and under a plain bash. Every value from the
 * step's arguments or the core's output is single-quoted.
 */
final class CoreCommands implements Serializable {
    private static final long serialVersionUID = 1L

    /** Step-private files (plan output, captured stderr) live here, outside disagg_logs. */
    static final String SCRATCH = '.disagg-step'

    private final BenchmarkOptions options

    CoreCommands(BenchmarkOptions options) {
        this.options = options
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
        String scratch = quote(scratchDir(config))
        List<String> argv = ['plan', '--config', config, '--workspace', options.workspace]
        if (options.cluster) {
            argv += ['--cluster', options.cluster]
        }
        argv << '--json'
        return [
                '#!/bin/sh',
                "# disaggBenchmark: check the agent, then plan ${oneLine(config)} (validates it; submits nothing)",
                "scratch=${scratch}",
                'mkdir -p "$scratch" || exit 4',
                'err="$scratch/plan.err"',
                'rm -f "$scratch/plan.json" "$err"',
                'fail() { printf \'disaggBenchmark: %s\\n\' "$1" | tee "$err" >&2; exit 4; }',
                options.jar.prelude(),
                options.jar.preflight(),
                "\"\$java\" -jar \"\$jar\" ${join(argv)} > \"\$scratch/plan.json\" 2> \"\$err\"",
                'status=$?',
                'cat "$err" >&2',
                'exit "$status"',
        ].join('\n') + '\n'
    }

    /**
     * {@code disagg run} to the case's end (the core follows the SLURM job, then prints the
     * case's summary; SIGTERM from an abort cancels the job), stderr shown live and kept in
     * {@code run.err}; then the case tarball. Exits with the core's status.
     */
    @NonCPS
    String run(String config, CasePlan plan) {
        List<String> argv = ['run', '--config', config, '--workspace', options.workspace]
        if (options.cluster) {
            argv += ['--cluster', options.cluster]
        }
        if (options.baseline) {
            argv += ['--baseline', options.baseline]
        }
        argv << "--skip-perf-check=${options.skipPerfCheck}".toString()
        if (options.timeoutMinutes != null) {
            argv += ['--timeout-minutes', String.valueOf(options.timeoutMinutes)]
        }
        return [
                '#!/bin/sh',
                "# disaggBenchmark: run case ${plan.caseName}",
                "scratch=${quote(scratchDir(config))}",
                'err="$scratch/run.err"',
                'rm -f "$scratch/run.status" "$err"',
                options.jar.prelude(),
                // stdout straight to the log; stderr to the log and to run.err; the status survives the pipe
                "{ { \"\$java\" -jar \"\$jar\" ${join(argv)} 2>&1 1>&3 3>&-; echo \"\$?\" > \"\$scratch/run.status\"; }" +
                        ' | tee "$err" >&2; } 3>&1',
                'status=$(cat "$scratch/run.status" 2>/dev/null || echo 4)',
                tarball(plan),
                'exit "$status"',
        ].join('\n') + '\n'
    }

    /** Cancels the case's SLURM job (harmless when it already ended) and still leaves the tarball. */
    @NonCPS
    String cancel(CasePlan plan) {
        return [
                '#!/bin/sh',
                "# disaggBenchmark: the build was interrupted: cancel case ${plan.caseName}",
                options.jar.prelude(),
                "\"\$java\" -jar \"\$jar\" ${join(['cancel', '--case-dir', plan.caseDir])}",
                'status=$?',
                tarball(plan),
                'exit "$status"',
        ].join('\n') + '\n'
    }

    /**
     * Lists the files a glob matches, one a line. The pattern is expanded by the shell without
     * being evaluated (IFS is empty, so a space in it is literal).
     */
    @NonCPS
    static String expandGlob(String pattern) {
        return [
                '#!/bin/sh',
                "pattern=${quote(pattern)}",
                'IFS=',
                'for f in $pattern; do if [ -f "$f" ]; then printf \'%s\\n\' "$f"; fi; done',
                'exit 0',
        ].join('\n') + '\n'
    }

    /** The case directory as one tarball beside it, written under a temporary name first. */
    @NonCPS
    private String tarball(CasePlan plan) {
        String logs = "${options.workspace}/disagg_logs"
        return [
                "if [ -d ${quote(logs + '/' + plan.caseName)} ]; then",
                "  tar -czf ${quote(logs + '/.' + plan.caseName + '.tar.gz.tmp')} -C ${quote(logs)} ${quote(plan.caseName)}" +
                        " && mv -f ${quote(logs + '/.' + plan.caseName + '.tar.gz.tmp')} ${quote(logs + '/' + plan.tarballName)}" +
                        " || echo 'disaggBenchmark: could not write the case tarball' >&2",
                'fi',
        ].join('\n')
    }

    @NonCPS
    private static String join(List<String> argv) {
        return argv.collect { quote(it) }.join(' ')
    }

    /** A value shown in a shell comment must not end the comment. */
    @NonCPS
    private static String oneLine(String text) {
        return text.replaceAll('[\\r\\n]', ' ')
    }
}
