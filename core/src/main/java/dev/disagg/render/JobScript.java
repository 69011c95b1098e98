package dev.disagg.render;

import dev.disagg.plan.Plan;
import dev.disagg.shell.Shell;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Renders {@code job.sh}: the case's values (all shell-quoted, from the plan) as a header in
 * front of the fixed template that owns the logic (see docs/job-script.md).
 */
public final class JobScript {
    static final String TEMPLATE = "/dev/disagg/render/job.sh.tmpl";
    private static final String HEADER_MARK = "@@HEADER@@";

    private JobScript() {
    }

    public static String render(Plan plan) {
        String template = template();
        if (!template.contains(HEADER_MARK)) {
            throw new IllegalStateException("job script template has no " + HEADER_MARK + " line");
        }
        return template.replace(HEADER_MARK, header(plan));
    }

    static String header(Plan plan) {
        StringBuilder out = new StringBuilder();
        out.append("# case ").append(plan.caseName().replaceAll("[\\p{Cntrl}]", "?"))
                .append(": submitted by 'disagg submit' with the sbatch arguments of plan.json\n");
        assign(out, "CASE_DIR", plan.caseDir().toString());
        assign(out, "GEN_COUNT", plan.gen().servers());
        assign(out, "CTX_COUNT", plan.ctx().servers());
        role(out, "GEN", plan.gen());
        role(out, "CTX", plan.ctx());
        array(out, "SRUN_ARGS", plan.srunArgs());
        array(out, "WORKER_SRUN_ARGS", plan.workerSrunArgs());
        assign(out, "GEN_WORKER_COMMAND", plan.commands().genWorker());
        assign(out, "CTX_WORKER_COMMAND", plan.commands().ctxWorker());
        assign(out, "SERVER_COMMAND", plan.commands().disaggServer());
        assign(out, "BENCHMARK_COMMAND", plan.commands().benchmark());
        assign(out, "INSTALL_COMMAND", plan.installCommand().orElse(""));
        array(out, "SECRET_VARIABLES", plan.secrets().names());
        assign(out, "READY_TIMEOUT_SECONDS", plan.readyTimeoutSeconds());
        assign(out, "CASE_TIMEOUT_SECONDS", plan.caseTimeoutMinutes() * 60L);
        for (String name : List.of("DISAGG_CONCURRENCY_LIST", "DISAGG_MULTI_ROUND", "DISAGG_INPUT_LENGTH",
                "DISAGG_OUTPUT_LENGTH", "DISAGG_STREAMING")) {
            assign(out, name, plan.roleEnv().get(name));
        }
        if (plan.packed()) {
            for (String role : List.of("gen", "ctx")) {
                List<Plan.ServerSlot> slots = plan.servers().stream().filter(s -> s.role().equals(role)).toList();
                array(out, role.toUpperCase(java.util.Locale.ROOT) + "_FIRST_NODES",
                        slots.stream().map(s -> String.valueOf(s.nodeIndices().get(0))).toList());
                array(out, role.toUpperCase(java.util.Locale.ROOT) + "_GPUS", slots.stream()
                        .map(s -> s.gpuIndices().stream().map(String::valueOf).collect(Collectors.joining(","))).toList());
            }
        }
        return out.toString().stripTrailing();
    }

    private static void role(StringBuilder out, String prefix, Plan.RolePlan role) {
        assign(out, prefix + "_NODES_PER_SERVER", role.nodesPerServer());
        assign(out, prefix + "_TASKS_PER_SERVER", role.worldSize());
        assign(out, prefix + "_TASKS_PER_NODE", role.tasksPerNode());
    }

    private static void assign(StringBuilder out, String name, Object value) {
        out.append(name).append('=').append(Shell.quote(String.valueOf(value))).append('\n');
    }

    private static void array(StringBuilder out, String name, List<String> values) {
        out.append(name).append("=(").append(Shell.join(values)).append(")\n");
    }

    private static String template() {
        try (InputStream in = JobScript.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException("job script template " + TEMPLATE + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
