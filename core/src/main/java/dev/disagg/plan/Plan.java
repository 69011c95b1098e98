package dev.disagg.plan;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Every number, name, path and command of one case, computed once by {@link Planner}.
 * Everything downstream (rendering, the job, results) reads this; nothing recomputes it.
 *
 * @param servers    every server in allocation order: gen servers first, then ctx servers
 * @param srunArgs   extra srun options of every step (container flags)
 * @param workerSrunArgs extra srun options of worker steps only (the MPI plugin)
 * @param layout     every file and directory of the case, named once
 * @param llmRoot    the TensorRT-LLM checkout on the nodes; empty: the job's own {@code LLM_ROOT}
 * @param emulatorBin where the {@code local} profile's emulator of upstream's roles is written (first on the roles' PATH)
 * @param roleEnv    the variables every role step gets, as upstream's launch scripts set them (docs/design.md)
 * @param roleTimeoutSeconds {@code slurm.timeout}: every upstream role's own wait bound, in seconds
 * @param secrets    secret values the commands refer to by carrier variable; passed to sbatch's
 *                   environment at submission, shown only by name
 * @param secretNames which variable names are secret on this cluster (the profile's {@code secret_names}); the
 *                   reports mask the values of such variables after the job
 * @param explanations each computed number with the formula and inputs that produced it
 * @param coverageConfig the text of the case's {@link CaseLayout#COVERAGE_CONFIG} when coverage is on
 * @param notes      decisions a user should know about (e.g. which ctx count won)
 */
public record Plan(
        String caseName,
        String shapeName,
        Path source,
        Path workspace,
        Path caseDir,
        CaseLayout layout,
        java.util.Optional<String> llmRoot,
        java.util.Optional<Path> emulatorBin,
        String mode,
        int gpusPerNode,
        RolePlan ctx,
        RolePlan gen,
        int totalNodes,
        int totalTasks,
        int totalGpus,
        CtxCountSource ctxCountSource,
        List<Integer> concurrency,
        boolean packed,
        List<ServerSlot> servers,
        Commands commands,
        List<String> sbatch,
        List<String> srunArgs,
        List<String> workerSrunArgs,
        Map<String, String> roleEnv,
        int readyTimeoutSeconds,
        long roleTimeoutSeconds,
        int caseTimeoutMinutes,
        String clusterProfile,
        java.util.Optional<String> installCommand,
        java.util.Optional<String> coverageConfig,
        dev.disagg.secret.SecretEnv secrets,
        dev.disagg.secret.SecretNames secretNames,
        List<Explanation> explanations,
        List<String> notes) {

    public enum CtxCountSource { CONFIG, LEGACY }

    /**
     * One role's sizing. {@code tasksPerNode} is what one server's srun asks per node.
     */
    public record RolePlan(
            int servers,
            int tensorParallel,
            int pipelineParallel,
            int contextParallel,
            int worldSize,
            int nodesPerServer,
            int nodes,
            int tasksPerNode) {
    }

    /**
     * One server instance: where it runs inside the allocation.
     *
     * @param type       the role-protocol name, {@code GEN_0}, {@code CTX_1}
     * @param nodeIndices indices into the job's sorted node list
     * @param gpuIndices the GPUs it uses on each of its nodes
     */
    public record ServerSlot(
            String type,
            String role,
            int index,
            List<Integer> nodeIndices,
            List<Integer> gpuIndices,
            int tasks,
            int tasksPerNode,
            String logFile) {
    }

    /** The role commands, each a complete shell command line with every value quoted. */
    public record Commands(String ctxWorker, String genWorker, String disaggServer, String benchmark, String collect) {
    }

    public record Explanation(String quantity, long value, String formula) {
    }
}
