package dev.disagg.jenkins

/**
 * The decision for one case: what it does to the build ({@link #effect}), the message that
 * says why, and the map the step returns to the pipeline.
 */
final class CaseOutcome implements Serializable {
    private static final long serialVersionUID = 1L

    /** SUCCESS, UNSTABLE, FAILURE or ABORTED: the build result this case asks for. */
    final String effect
    final String message
    final Map result

    CaseOutcome(String effect, String message, Map result) {
        this.effect = effect
        this.message = message
        this.result = result
    }
}
