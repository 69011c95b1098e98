package dev.disagg.plan;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What the caller decides about a plan beyond the case file.
 *
 * @param selfCommand how a job step runs this CLI (e.g. {@code java -cp /path/disagg-cli.jar dev.disagg.cli.StepMain}),
 *                    for the emulator scripts the {@code local} profile puts on the roles' PATH ({@code <self> emulate ...})
 * @param pack        put several small servers on one node instead of whole nodes per server
 */
public record PlanOptions(
        Path workspace,
        ClusterProfile profile,
        Optional<String> caseName,
        boolean pack,
        String selfCommand,
        Optional<Integer> timeoutMinutes) {

    public static PlanOptions defaults(Path workspace) {
        return new PlanOptions(workspace, ClusterProfiles.DEFAULT, Optional.empty(), false, "disagg", Optional.empty());
    }
}
