package dev.disagg.jenkins

import com.cloudbees.groovy.cps.NonCPS
import groovy.json.JsonSlurperClassic

/**
 * Maps what the core decided (its run result file, core/docs/jenkins.md) to the build: each
 * case's verdict to a build result, and the core's own message into the build log. The core
 * decides verdicts, exit statuses, SKIP_PERF_CHECK and case names; nothing here re-decides them.
 * Pure functions.
 */
final class ResultPolicy {
    /** The run result format this step reads. */
    static final String FORMAT = 'disagg-run-result/1'
    /** How many trailing stderr lines, or problems of a case file, go into a message. */
    static final int DETAIL_LINES = 3

    /** How each verdict reads in a message; the build result is decided in {@link #effect}. */
    static final Map<String, String> WORDS = [
            TEST_FAILED    : 'test failed',
            PERF_REGRESSION: 'perf check failed',
            INVALID_CONFIG : 'invalid config or arguments',
            INFRA_ERROR    : 'SLURM or infrastructure error',
    ].asImmutable()

    private ResultPolicy() {
    }

    /**
     * The run result file's text as a map (its {@code finished} is false while the run goes on, and
     * stays so when the core was killed); null when there is none or it is torn or foreign.
     */
    @NonCPS
    static Map parse(String json) {
        if (!json?.trim()) {
            return null
        }
        try {
            Object parsed = new JsonSlurperClassic().parseText(json)
            return parsed instanceof Map && parsed.format == FORMAT ? (Map) parsed : null
        } catch (Exception ignored) {
            return null
        }
    }

    /**
     * One effect per case of a finished run, in the core's order; plus one for the run itself when
     * it failed without any case saying so (arguments that did not parse, an error after the cases).
     * @param onPerfRegression 'failure' or 'unstable': what PERF_REGRESSION does to the build
     */
    @NonCPS
    static List<BuildEffect> effects(Map run, String onPerfRegression) {
        List<BuildEffect> effects = (run.cases ?: []).collect { effect(it as Map, onPerfRegression) }
        boolean saidSo = effects.any { it.result != 'SUCCESS' }
        if (run.verdict != 'PASS' && !saidSo) {
            effects << new BuildEffect(run.verdict == 'ABORTED' ? 'ABORTED' : 'FAILURE',
                    "disaggBenchmark: ${WORDS[run.verdict] ?: run.verdict}: ${oneLine(run.message)}".toString(), null)
        }
        return effects
    }

    @NonCPS
    static BuildEffect effect(Map c, String onPerfRegression) {
        Map result = [
                config       : c.config,
                caseName     : c.caseName,
                jobId        : c.jobId == null ? null : String.valueOf(c.jobId),
                verdict      : c.verdict,
                exitCode     : c.exitCode,
                message      : c.message,
                caseDir      : c.caseDir,
                skipPerfCheck: c.skipPerfCheck,
                perfCheck    : c.perfCheck instanceof Map ? c.perfCheck : [:],
                metrics      : c.metrics instanceof Map ? c.metrics : [:],
        ]
        String head = c.caseName ? "disaggBenchmark: case ${c.caseName}" : "disaggBenchmark: ${c.config}"
        String job = c.jobId ? ", SLURM job ${c.jobId}" : ''
        List<String> why = ([c.message] + (c.details ?: []).take(DETAIL_LINES)).collect { oneLine(it) }.findAll { it }
        String because = why ? ': ' + why.join(' | ') : ''
        String logs = c.artifacts?.caseDir ? "; logs: ${c.artifacts.caseDir}/ (archived with this build)" : ''
        switch (c.verdict) {
            case 'PASS':
                List<String> warnings = (c.warnings ?: []) as List<String>
                if (warnings) {
                    return new BuildEffect('UNSTABLE', "${head} passed${job}, but ${warnings.join('; ')} (missingBaseline: 'warn');" +
                            " add them to the baseline, or missingBaseline: 'ignore'${logs}", result)
                }
                return new BuildEffect('SUCCESS', "${head} passed${job}${c.skipPerfCheck ? ' (perf check skipped)' : ''}", result)
            case 'PERF_REGRESSION':
                return new BuildEffect(onPerfRegression == 'unstable' ? 'UNSTABLE' : 'FAILURE',
                        "${head}: perf check failed${job}${because}${logs}", result)
            case 'ABORTED':
                return new BuildEffect('ABORTED', "${head}: interrupted; its SLURM job was cancelled${job}", result)
            default:
                return new BuildEffect('FAILURE', "${head}: ${WORDS[c.verdict] ?: c.verdict}${job}${because}${logs}", result)
        }
    }

    /**
     * The core left no finished run result: the agent lacks java or the jar (the library's script
     * exits 4), or the core was killed or crashed. Says so with the end of what it printed.
     */
    @NonCPS
    static String noResult(int status, String stderr) {
        return "disaggBenchmark: the core ended (exit ${status}) without saying how the run ended${detail(stderr)}"
    }

    /** The last few non-empty stderr lines, as ": a | b | c", or '' when there are none. */
    @NonCPS
    static String detail(String stderr) {
        List<String> lines = (stderr ?: '').readLines().collect { it.trim() }.findAll { it }
        return lines ? ': ' + lines.takeRight(DETAIL_LINES).join(' | ') : ''
    }

    @NonCPS
    private static String oneLine(Object text) {
        return text == null ? '' : String.valueOf(text).replaceAll(/\s*[\r\n]+\s*/, ' ').trim()
    }
}
