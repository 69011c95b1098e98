package dev.disagg.plan;

import dev.disagg.secret.SecretNames;
import java.util.List;
import java.util.Optional;

/**
 * What differs between clusters, so one case file runs on a GB200 cluster and on the local
 * test cluster unchanged.
 *
 * @param mpi              srun {@code --mpi} plugin for worker steps (empty: none)
 * @param containers       whether srun takes pyxis container flags (used only when the case names an image)
 * @param segment          whether sbatch understands {@code --segment}
 * @param gres             whether to request {@code --gres=gpu:<gpus_per_node>}
 * @param launcher         the words that start multi-rank workers ({@code trtllm-llmapi-launch}), each
 *                         shell-quoted in the command; empty for none
 * @param testCommand      the base test command; {@code {caseDir}}, {@code {caseName}}, {@code {trtllmRepo}}
 *                         and {@code {self}} (this CLI) are replaced by shell-quoted values
 * @param readyTimeoutSeconds how long a role waits for its peers before failing
 * @param caseTimeoutMinutes  the whole case's budget when neither the case nor the caller sets one
 * @param strictRules      validation rules this cluster makes errors ({@code strict_rules}, as {@code --strict})
 * @param secretNames      which environment names are secrets here ({@code secret_names}, {@code not_secret_names})
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
        List<String> strictRules,
        SecretNames secretNames) {

    public ClusterProfile {
        sbatchArgs = List.copyOf(sbatchArgs);
        launcher = List.copyOf(launcher);
    }

    /** A profile with the default validation policy and secret names. */
    public ClusterProfile(String name, Optional<String> mpi, boolean containers, boolean segment, boolean gres,
                          List<String> sbatchArgs, Optional<String> partition, Optional<String> account, List<String> launcher,
                          String testCommand, int readyTimeoutSeconds, int caseTimeoutMinutes, Optional<String> installCommand) {
        this(name, mpi, containers, segment, gres, sbatchArgs, partition, account, launcher, testCommand, readyTimeoutSeconds,
                caseTimeoutMinutes, installCommand, List.of(), SecretNames.DEFAULT);
    }
}
