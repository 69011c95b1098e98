package dev.disagg.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated case file: the sections this tool reads, typed, plus {@code worker_config.ctx}
 * and {@code .gen} kept verbatim because they go to the inference server as they are.
 *
 * @param stem the file name without {@code .yaml}: the default case name
 * @param text the file exactly as read: upstream's roles read it again from the case's config folder
 */
public record CaseConfig(
        Path source,
        String stem,
        Metadata metadata,
        Slurm slurm,
        Benchmark benchmark,
        Hardware hardware,
        Environment environment,
        Profiling profiling,
        Map<String, Object> accuracy,
        Worker ctx,
        Worker gen,
        String text) {

    public record Metadata(
            Optional<String> modelName,
            Optional<String> precision,
            Optional<String> benchmarkType,
            List<String> supportedGpus,
            boolean useLegacyCtxCalculation,
            int ctxCapacity) {
        public static final int DEFAULT_CTX_CAPACITY = 5500;
    }

    /** Values of the form {@code <partition>} are upstream's unfilled placeholders and read as absent. */
    public record Slurm(
            Optional<String> partition,
            Optional<String> account,
            Optional<String> jobTime,
            Optional<String> jobName,
            List<String> extraArgs,
            boolean setSegment,
            boolean numaBind,
            Optional<Integer> timeoutSeconds) {
    }

    public record Benchmark(
            String mode,
            boolean streaming,
            List<Integer> concurrency,
            int inputLength,
            int outputLength,
            int multiRound,
            Optional<Double> benchmarkRatio,
            Optional<String> datasetFile,
            boolean useNvSaBenchmark,
            boolean enabled,
            List<EnvVar> envVar) {
        public static final List<String> MODES = List.of("e2e", "gen_only", "gen_only_no_context");

        public boolean startsCtxServers() {
            return !mode.equals("gen_only_no_context");
        }
    }

    /** {@code numCtxServers} is absent only in legacy mode, where the concurrency decides it. */
    public record Hardware(int gpusPerNode, Optional<Integer> numCtxServers, int numGenServers) {
    }

    public record Environment(
            Optional<String> containerImage,
            Optional<String> containerMount,
            Optional<String> modelPath,
            Optional<String> trtllmRepo,
            Optional<String> workDir,
            Optional<String> wheelPath,
            boolean buildWheel,
            List<EnvVar> workerEnv,
            List<EnvVar> ctxWorkerEnv,
            List<EnvVar> genWorkerEnv,
            List<EnvVar> serverEnv,
            List<EnvVar> benchmarkEnv) {
    }

    public record Profiling(boolean nsysOn, Optional<String> ctxProfileRange, Optional<String> genProfileRange) {
    }

    /**
     * One role's server settings. {@code raw} is the section exactly as written (key order kept);
     * the typed fields are what planning and the semantic rules read from it.
     */
    public record Worker(
            Map<String, Object> raw,
            int tensorParallel,
            int pipelineParallel,
            int contextParallel,
            boolean attentionDp,
            Optional<Integer> maxBatchSize,
            Optional<Integer> maxNumTokens,
            Optional<Integer> maxSeqLen,
            int eplbSlots,
            int mtpLayers) {

        /** @throws ArithmeticException when the sizes multiply past an int (no cluster is that big) */
        public int worldSize() {
            return Math.multiplyExact(Math.multiplyExact(tensorParallel, pipelineParallel), contextParallel);
        }
    }
}
