package dev.disagg.emulator;

/**
 * What the benchmark saw of one request; times in seconds since the request was sent.
 *
 * @param error        why it failed, or null when it succeeded
 * @param ttft         time to the first token (the whole latency when not streaming)
 * @param itl          gaps between streamed tokens
 */
record RequestOutcome(String error, int promptTokens, int outputTokens, double ttft, double latency, double[] itl) {

    static RequestOutcome success(int promptTokens, int outputTokens, double ttft, double latency, double[] itl) {
        return new RequestOutcome(null, promptTokens, outputTokens, ttft, latency, itl);
    }

    static RequestOutcome failure(String error) {
        return new RequestOutcome(error, 0, 0, 0, 0, new double[0]);
    }

    boolean succeeded() {
        return error == null;
    }
}
