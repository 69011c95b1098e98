package dev.disagg.jenkins

import com.cloudbees.groovy.cps.NonCPS
import groovy.json.JsonSlurperClassic

/**
 * Maps what the core reported for a case (exit status, result.json and its message, else the
 * end of its stderr) to the build result. Pure functions; the exit statuses are the core's
 * documented ones (dev.disagg.verdict.Verdict, kept equal by a test).
 */
final class ResultPolicy {
    static final int OK = 0
    static final int TEST_FAILED = 1
    static final int USAGE = 2
    static final int PERF_REGRESSION = 3
    static final int INFRA = 4
    static final int ABORTED = 130

    /** How many trailing stderr lines go into a failure message. */
    static final int DETAIL_LINES = 3

    private ResultPolicy() {
    }

    /** {@code disagg plan} (or the checks before it) failed: nothing was submitted. */
    @NonCPS
    static CaseOutcome planFailed(String config, int status, String stderr, boolean skipPerfCheck) {
        String what = status == USAGE ? 'invalid case config' : "could not plan (exit ${status})"
        return notRun(config, status == USAGE ? 'INVALID_CONFIG' : 'INFRA_ERROR', status, "${what}${detail(stderr)}", skipPerfCheck)
    }

    /** The plan succeeded but the step cannot use what it said: nothing was submitted. */
    @NonCPS
    static CaseOutcome unusablePlan(String config, String problem, boolean skipPerfCheck) {
        return notRun(config, 'INVALID_CONFIG', USAGE, problem, skipPerfCheck)
    }

    @NonCPS
    private static CaseOutcome notRun(String config, String verdict, int status, String why, boolean skipPerfCheck) {
        Map result = [config: config, caseName: null, jobId: null, verdict: verdict, exitCode: status,
                      caseDir: null, skipPerfCheck: skipPerfCheck, perfCheck: [:], metrics: [:]]
        return new CaseOutcome('FAILURE', "disaggBenchmark: ${config}: ${why}", result)
    }

    /**
     * @param resultJson the case's result.json text, or '' when the core left none
     * @param stderr what the core printed on stderr ('' when it passed); the cause when
     *     result.json has no message for this status (the core stopped before checking the case)
     * @param onPerfRegression 'failure' or 'unstable': what a failed perf check (exit 3) does to the build
     * @param missingBaseline the core's policy; with 'warn', a passed case with metrics that had no
     *     baseline marks the build UNSTABLE (Jenkins' way of warning)
     */
    @NonCPS
    static CaseOutcome decide(CasePlan plan, int status, String resultJson, String stderr,
                              boolean skipPerfCheck, String onPerfRegression, String missingBaseline) {
        Map reported = parseResult(resultJson)
        String verdict = reported.verdict ? String.valueOf(reported.verdict) : verdictFor(status)
        Map result = [
                config       : plan.config,
                caseName     : plan.caseName,
                jobId        : reported.jobId == null ? null : String.valueOf(reported.jobId),
                verdict      : verdict,
                exitCode     : status,
                caseDir      : reported.caseDir ?: plan.caseDir,
                skipPerfCheck: skipPerfCheck,
                perfCheck    : reported.perfCheck instanceof Map ? reported.perfCheck : [:],
                metrics      : reported.metrics instanceof Map ? reported.metrics : [:],
        ]
        String job = result.jobId ? ", SLURM job ${result.jobId}" : ''
        String why = reportedWhy(reported, status) ?: detail(stderr)
        String where = "logs: disagg_logs/${plan.caseName}/ (archived with this build)"
        String head = "disaggBenchmark: case ${plan.caseName}"
        switch (status) {
            case OK:
                String unchecked = missingBaseline == 'warn' ? withoutBaseline(result.perfCheck as Map) : ''
                if (unchecked) {
                    return new CaseOutcome('UNSTABLE', "${head} passed${job}, but ${unchecked} (missingBaseline: 'warn');" +
                            " add them to the baseline, or missingBaseline: 'ignore'; ${where}", result)
                }
                return new CaseOutcome('SUCCESS', "${head} passed${job}${skipPerfCheck ? ' (perf check skipped)' : ''}", result)
            case PERF_REGRESSION:
                String effect = onPerfRegression == 'unstable' ? 'UNSTABLE' : 'FAILURE'
                return new CaseOutcome(effect, "${head}: perf check failed${job}${why}; ${where}", result)
            case TEST_FAILED:
                return new CaseOutcome('FAILURE', "${head}: test failed${job}${why}; ${where}", result)
            case USAGE:
                return new CaseOutcome('FAILURE', "${head}: invalid config or arguments${why}", result)
            case INFRA:
                return new CaseOutcome('FAILURE', "${head}: SLURM or infrastructure error${job}${why}; ${where}", result)
            case ABORTED:
                return new CaseOutcome('ABORTED', "${head}: interrupted; its SLURM job was cancelled${job}", result)
            default:
                return new CaseOutcome('FAILURE', "${head}: the core exited with ${status}, which is not one of its" +
                        " documented statuses (0-4, 130)${why}", result)
        }
    }

    /** "2 measured metric(s) had no baseline: output_throughput at concurrency 8, ...", or '' (from result.json's perfCheck.missingBaseline). */
    @NonCPS
    private static String withoutBaseline(Map perfCheck) {
        Object missing = perfCheck?.missingBaseline
        if (!(missing instanceof List) || !missing) {
            return ''
        }
        List<String> named = (missing as List).collect { it instanceof Map ? "${it.metric} at concurrency ${it.concurrency}" : String.valueOf(it) }
        String shown = named.take(DETAIL_LINES * 2).join(', ') + (named.size() > DETAIL_LINES * 2 ? ', ...' : '')
        return "${named.size()} measured metric(s) had no baseline: ${shown}"
    }

    @NonCPS
    static String verdictFor(int status) {
        switch (status) {
            case OK: return 'PASS'
            case TEST_FAILED: return 'TEST_FAILED'
            case USAGE: return 'INVALID_CONFIG'
            case PERF_REGRESSION: return 'PERF_REGRESSION'
            case ABORTED: return 'ABORTED'
            default: return 'INFRA_ERROR'
        }
    }

    /**
     * result.json's one-line message as ": message", when result.json reports this very exit
     * status (the core checked the case); else null.
     */
    @NonCPS
    private static String reportedWhy(Map reported, int status) {
        boolean sameRun = reported.exitCode instanceof Number && ((Number) reported.exitCode).intValue() == status
        String message = reported.message == null ? '' : String.valueOf(reported.message).replaceAll(/\s*[\r\n]+\s*/, ' ').trim()
        return sameRun && message ? ": ${message}" : null
    }

    /** The last few non-empty stderr lines, as ": a | b | c", or '' when there are none. */
    @NonCPS
    static String detail(String stderr) {
        List<String> lines = (stderr ?: '').readLines().collect { it.trim() }.findAll { it }
        if (!lines) {
            return ''
        }
        return ': ' + lines.takeRight(DETAIL_LINES).join(' | ')
    }

    @NonCPS
    private static Map parseResult(String json) {
        if (!json?.trim()) {
            return [:]
        }
        try {
            Object parsed = new JsonSlurperClassic().parseText(json)
            return parsed instanceof Map ? parsed : [:]
        } catch (Exception ignored) {
            // A torn or foreign result.json must not hide the exit status, which decides alone.
            return [:]
        }
    }
}
