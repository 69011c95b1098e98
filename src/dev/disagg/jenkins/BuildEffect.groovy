package dev.disagg.jenkins

/**
 * What one case (or a run that stopped before its cases) does to the build: the result it asks
 * for ({@link #result}: SUCCESS, UNSTABLE, FAILURE or ABORTED), the message that says why, and
 * the map the step returns to the pipeline. The verdict itself is the core's.
 */
final class BuildEffect implements Serializable {
    private static final long serialVersionUID = 1L

    final String result
    final String message
    /** The case's result map, or null for a run that stopped before any case. */
    final Map caseResult

    BuildEffect(String result, String message, Map caseResult) {
        this.result = result
        this.message = message
        this.caseResult = caseResult
    }
}
