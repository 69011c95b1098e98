package dev.disagg.plan;

import dev.disagg.shell.Shell;
import java.util.Map;

/** The plan for people: every number with the formula and inputs that produced it. */
public final class PlanExplainer {
    private PlanExplainer() {
    }

    public static String explain(Plan plan) {
        StringBuilder out = new StringBuilder();
        out.append("case ").append(plan.caseName()).append("  (").append(plan.shapeName()).append(")\n");
        out.append("  source:        ").append(plan.source()).append('\n');
        out.append("  case dir:      ").append(plan.caseDir()).append('\n');
        out.append("  mode:          ").append(plan.mode()).append(", cluster profile ").append(plan.clusterProfile())
                .append(plan.packed() ? ", packed servers" : "").append('\n');
        out.append("  concurrency:   ").append(plan.concurrency()).append('\n');
        out.append("  ctx count from ").append(plan.ctxCountSource().name().toLowerCase(java.util.Locale.ROOT)).append('\n');
        out.append("\nnumbers (gpus_per_node = ").append(plan.gpusPerNode()).append(")\n");
        int width = plan.explanations().stream().mapToInt(e -> e.quantity().length()).max().orElse(10);
        for (Plan.Explanation e : plan.explanations()) {
            out.append(String.format("  %-" + width + "s = %-5d  %s%n", e.quantity(), e.value(), e.formula()));
        }
        // Upstream's submit.py calls the allocation's GPUs total_gpus; ours (totalGpus) counts the GPUs the servers use.
        out.append(String.format("  %-" + width + "s = %-5d  %s%n", PlanJson.UPSTREAM_TOTAL_GPUS, PlanJson.upstreamTotalGpus(plan),
                "totalNodes " + plan.totalNodes() + " x gpus_per_node " + plan.gpusPerNode()
                        + " (upstream submit.py's total_gpus: every GPU allocated, idle ones included; not totalGpus)"));
        out.append("\nservers (allocation order: gen first, then ctx)\n");
        for (Plan.ServerSlot slot : plan.servers()) {
            out.append(String.format("  %-8s nodes %s  gpus %s  tasks %d  log %s%n", slot.type(), slot.nodeIndices(),
                    slot.gpuIndices(), slot.tasks(), slot.logFile()));
        }
        out.append("\ncommands\n");
        out.append("  GEN workers:   ").append(plan.commands().genWorker()).append('\n');
        out.append("  CTX workers:   ").append(plan.commands().ctxWorker()).append('\n');
        out.append("  DISAGG_SERVER: ").append(plan.commands().disaggServer()).append('\n');
        out.append("  BENCHMARK:     ").append(plan.commands().benchmark()).append('\n');
        plan.installCommand().ifPresent(c -> out.append("  install:       ").append(c).append('\n'));
        if (plan.coverageConfig().isPresent()) {
            out.append("  coverage:      ").append(plan.layout().coverageConfig()).append(" (data ")
                    .append(plan.layout().coverageData()).append(", BENCHMARK only)\n");
        }
        if (!plan.secrets().isEmpty()) {
            out.append("  secrets:       ").append(String.join(" ", plan.secrets().names()))
                    .append(" (values passed in sbatch's environment, written nowhere)\n");
        }
        out.append("\nsbatch ").append(Shell.join(plan.sbatch())).append('\n');
        out.append("test id: ").append(plan.layout().nodeId()).append(" (case YAML ").append(plan.layout().configFile())
                .append(", output ").append(plan.layout().testOutputDir()).append(")\n");
        out.append("timeouts: case ").append(plan.caseTimeoutMinutes()).append(" min, roles wait up to ")
                .append(plan.roleTimeoutSeconds()).append(" s (slurm.timeout), disagg server ready within ")
                .append(plan.readyTimeoutSeconds()).append(" s\n");
        if (!plan.notes().isEmpty()) {
            out.append("\nnotes\n");
            plan.notes().forEach(n -> out.append("  - ").append(n).append('\n'));
        }
        out.append("\nrole environment\n");
        for (Map.Entry<String, String> e : plan.roleEnv().entrySet()) {
            out.append("  ").append(e.getKey()).append('=').append(e.getValue()).append('\n');
        }
        return out.toString();
    }
}
