package dev.disagg.plan;

import dev.disagg.secret.SecretNames;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What differs between clusters, so one case file runs on a GB200 cluster and on the local
 * test cluster unchanged. The roles are always upstream's ({@code test_perf_sanity.py} through
 * pytest); the {@code local} profile only puts an emulator of them first on the PATH.
 *
 * @param mpi              srun {@code --mpi} plugin for worker steps (empty: none)
 * @param containers       whether srun takes pyxis container flags (used only when the case names an image)
 * @param segment          whether sbatch understands {@code --segment}
 * @param gres             whether to request {@code --gres=gpu:<gpus_per_node>}
 * @param launcher         the words that start multi-rank workers ({@code trtllm-llmapi-launch}), each
 *                         shell-quoted in the command; empty for none
 * @param testCommand      the base pytest command; {@code {outputDir}}, {@code {junitDir}}, {@code {nodeId}},
 *                         {@code {caseDir}}, {@code {caseName}}, {@code {llmRoot}} and {@code {self}} (this CLI)
 *                         are replaced by shell-quoted values
 * @param readyTimeoutSeconds exported as {@code TRTLLM_TEST_DISAGG_SERVER_READY_TIMEOUT}: BENCHMARK's bound on the
 *                         disagg server's readiness
 * @param caseTimeoutMinutes  the whole case's budget when the caller sets none
 * @param llmRoot          the TensorRT-LLM checkout on the nodes ({@code LLM_ROOT}); the case's
 *                         {@code environment.trtllm_repo} wins; when neither is set, the job's own {@code LLM_ROOT}
 * @param modelsRoot       exported as {@code LLM_MODELS_ROOT} when set
 * @param upload           whether results are uploaded: the test id's prefix is then {@code disagg_upload}
 * @param gpuType          the cluster's GPU type (GB200, GB300, B200, ...): picks the UCX setup
 * @param ucxByGpuType     the UCX setup of the role commands per GPU type (over upstream's built-in ones)
 * @param roleEnv          more variables every role step gets
 * @param emulator         put the emulator of upstream's roles ({@code pytest}, {@code trtllm-llmapi-launch})
 *                         first on the roles' PATH, with a stand-in checkout as LLM root
 * @param strictRules      validation rules this cluster makes errors ({@code strict_rules}, as {@code --strict})
 * @param secretNames      which environment names are secrets here ({@code secret_names}, {@code not_secret_names})
 * @param numaBind         whether a case's {@code slurm.numa_bind: true} puts {@code numactl -m 0,1} in front of the
 *                         worker commands ({@code numa_bind}); off where numactl or the NUMA layout is absent
 * @param coverage         whether every case measures coverage ({@code coverage}, or {@code --coverage} per run)
 */
public record ClusterProfile(
        String name,
        Optional<String> mpi,
        boolean containers,
        boolean segment,
        boolean gres,
        List<String> sbatchArgs,
        Optional<String> partition,
        Optional<String> account,
        List<String> launcher,
        String testCommand,
        int readyTimeoutSeconds,
        int caseTimeoutMinutes,
        Optional<String> installCommand,
        Optional<String> llmRoot,
        Optional<String> modelsRoot,
        boolean upload,
        Optional<String> gpuType,
        Map<String, String> ucxByGpuType,
        Map<String, String> roleEnv,
        boolean emulator,
        List<String> strictRules,
        SecretNames secretNames,
        boolean numaBind,
        boolean coverage) {

    public ClusterProfile {
        sbatchArgs = List.copyOf(sbatchArgs);
        launcher = List.copyOf(launcher);
        ucxByGpuType = Map.copyOf(ucxByGpuType);
        roleEnv = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(roleEnv));
        strictRules = List.copyOf(strictRules);
    }

    /**
     * The UCX setup in front of every role command, as upstream's generator picks it by GPU type
     * (jenkins/scripts/perf/submit.py@05323f95: GB300, B200, else unset).
     */
    public String ucxSetup() {
        String type = gpuType.map(t -> t.toUpperCase(java.util.Locale.ROOT)).orElse("");
        return ucxByGpuType.getOrDefault(type, ClusterProfiles.UCX_DEFAULT);
    }

    /** This profile with coverage on (the CLI's {@code --coverage}). */
    public ClusterProfile withCoverage() {
        return new ClusterProfile(name, mpi, containers, segment, gres, sbatchArgs, partition, account, launcher, testCommand,
                readyTimeoutSeconds, caseTimeoutMinutes, installCommand, llmRoot, modelsRoot, upload, gpuType, ucxByGpuType,
                roleEnv, emulator, strictRules, secretNames, numaBind, true);
    }

    /** A profile with the default validation policy and secret names, NUMA binding honoured, no coverage. */
    public ClusterProfile(String name, Optional<String> mpi, boolean containers, boolean segment, boolean gres,
                          List<String> sbatchArgs, Optional<String> partition, Optional<String> account, List<String> launcher,
                          String testCommand, int readyTimeoutSeconds, int caseTimeoutMinutes, Optional<String> installCommand,
                          Optional<String> llmRoot, Optional<String> modelsRoot, boolean upload, Optional<String> gpuType,
                          Map<String, String> ucxByGpuType, Map<String, String> roleEnv, boolean emulator) {
        this(name, mpi, containers, segment, gres, sbatchArgs, partition, account, launcher, testCommand, readyTimeoutSeconds,
                caseTimeoutMinutes, installCommand, llmRoot, modelsRoot, upload, gpuType, ucxByGpuType, roleEnv, emulator,
                List.of(), SecretNames.DEFAULT, true, false);
    }
}
