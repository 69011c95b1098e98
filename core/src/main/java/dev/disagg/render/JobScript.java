package dev.disagg.render;

import dev.disagg.plan.CaseLayout;
import dev.disagg.plan.Plan;
import java.nio.file.Path;
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
        CaseLayout layout = plan.layout();
        StringBuilder out = new StringBuilder();
        out.append("# case ").append(plan.caseName().replaceAll("[\\p{Cntrl}]", "?"))
                .append(": submitted by 'disagg submit' with the sbatch arguments of plan.json\n");
        assign(out, "CASE_DIR", plan.caseDir().toString());
        assign(out, "TEST_OUTPUT_DIR", layout.testOutputDir().toString());
        assign(out, "HOSTNAMES_DIR", layout.hostnamesDir().toString());
        assign(out, "STATUS_FILE", layout.statusFile().toString());
        assign(out, "JUNIT_DIR", layout.junitDir().toString());
        assign(out, "NODE_ID", layout.nodeId());
        assign(out, "LLM_ROOT_DIR", plan.llmRoot().orElse(""));
        assign(out, "PATH_PREFIX", plan.emulatorBin().map(Path::toString).orElse(""));
        assign(out, "JOB_INFO", CaseLayout.JOB_INFO);
        assign(out, "JOB_END", CaseLayout.JOB_END);
        assign(out, "ENVIRONMENT_FILE", CaseLayout.ENVIRONMENT);
        assign(out, "INSTALL_LOG", CaseLayout.INSTALL_LOG);
        assign(out, "COLLECT_LOG", CaseLayout.COLLECT_LOG);
        assign(out, "DISAGG_SERVER_LOG", CaseLayout.DISAGG_SERVER_LOG);
        assign(out, "BENCHMARK_LOG", CaseLayout.BENCHMARK_LOG);
        assign(out, "STEP_STATUS_FILE", CaseLayout.STEP_STATUS);
        array(out, "ROLE_ENV", plan.roleEnv().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
        List<Plan.ServerSlot> servers = plan.servers();
        array(out, "SERVER_TYPES", servers.stream().map(Plan.ServerSlot::type).toList());
        array(out, "SERVER_NODES", servers.stream().map(s -> join(s.nodeIndices())).toList());
        array(out, "SERVER_TASKS", servers.stream().map(s -> String.valueOf(s.tasks())).toList());
        array(out, "SERVER_TASKS_PER_NODE", servers.stream().map(s -> String.valueOf(s.tasksPerNode())).toList());
        array(out, "SERVER_GPUS", servers.stream().map(s -> plan.packed() ? join(s.gpuIndices()) : "").toList());
        array(out, "SERVER_LOGS", servers.stream().map(Plan.ServerSlot::logFile).toList());
        array(out, "SERVER_DONE", servers.stream()
                .map(s -> s.role().equals("gen") ? layout.genDone(s.index()).toString() : "").toList());
        assign(out, "NODES_NEEDED", servers.stream().flatMap(s -> s.nodeIndices().stream())
                .mapToInt(i -> i + 1).max().orElse(1));
        array(out, "SRUN_ARGS", plan.srunArgs());
        array(out, "WORKER_SRUN_ARGS", plan.workerSrunArgs());
        assign(out, "GEN_WORKER_COMMAND", plan.commands().genWorker());
        assign(out, "CTX_WORKER_COMMAND", plan.commands().ctxWorker());
        assign(out, "SERVER_COMMAND", plan.commands().disaggServer());
        assign(out, "BENCHMARK_COMMAND", plan.commands().benchmark());
        assign(out, "COLLECT_COMMAND", plan.commands().collect());
        assign(out, "INSTALL_COMMAND", plan.installCommand().orElse(""));
        array(out, "SECRET_VARIABLES", plan.secrets().names());
        assign(out, "CASE_TIMEOUT_SECONDS", plan.caseTimeoutMinutes() * 60L);
        return out.toString().stripTrailing();
    }

    private static String join(List<Integer> numbers) {
        return numbers.stream().map(String::valueOf).collect(Collectors.joining(","));
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
