package dev.disagg.render;

import dev.disagg.config.CaseConfig;
import dev.disagg.emulator.EmulatorBin;
import dev.disagg.io.AtomicFiles;
import dev.disagg.io.YamlDump;
import dev.disagg.plan.CaseLayout;
import dev.disagg.plan.Plan;
import dev.disagg.plan.PlanJson;
import dev.disagg.secret.Redactor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Writes everything a case needs before submission into a fresh case directory. */
public final class CaseRenderer {
    private CaseRenderer() {
    }

    /** The files written and, when the case ran before, where that run was moved. */
    public record Rendered(Path caseDir, List<Path> files, Optional<Path> previousRunMovedTo) {
    }

    /** Claims the case, renders it and lets the claim go (render alone; run and submit hold the claim longer). */
    public static Rendered render(CaseConfig config, Plan plan) throws IOException {
        return render(config, plan, "disagg");
    }

    /** {@code selfCommand} runs this CLI on the nodes: the emulator's scripts call it. */
    public static Rendered render(CaseConfig config, Plan plan, String selfCommand) throws IOException {
        try (CaseDirectory claimed = CaseDirectory.claim(plan.caseDir())) {
            return render(config, plan, selfCommand, claimed);
        }
    }

    public static Rendered render(CaseConfig config, Plan plan, String selfCommand, CaseDirectory claimed)
            throws IOException {
        Optional<Path> moved = claimed.prepareFresh();
        List<Path> files = new ArrayList<>();
        CaseLayout layout = plan.layout();
        files.add(write(plan.caseDir().resolve(CaseLayout.PLAN), PlanJson.write(plan) + "\n"));
        // Upstream's roles read the case from DISAGG_CONFIG_FOLDER/<stem>.yaml: the very file that was planned,
        // except that secret values (which reach the roles through their carriers) are masked, YAML-safe: no file holds one.
        Files.createDirectories(layout.configFolder());
        files.add(write(layout.configFile(), Redactor.of(plan.secrets().values().values()).redactYaml(config.text())));
        Files.createDirectories(layout.junitDir());
        files.add(write(plan.caseDir().resolve("ctx_config.yaml"), yaml(config.ctx().raw())));
        files.add(write(plan.caseDir().resolve("gen_config.yaml"), yaml(config.gen().raw())));
        if (plan.coverageConfig().isPresent()) {
            files.add(write(layout.coverageConfig(), plan.coverageConfig().get()));
        }
        Path script = write(plan.caseDir().resolve(CaseLayout.JOB_SCRIPT), JobScript.render(plan));
        script.toFile().setExecutable(true);
        files.add(script);
        if (plan.emulatorBin().isPresent()) {
            files.addAll(emulator(plan, selfCommand));
        }
        return new Rendered(plan.caseDir(), List.copyOf(files), moved);
    }

    /**
     * The {@code local} profile's stand-ins for what a cluster's container provides: the emulator's
     * {@code pytest} and {@code trtllm-llmapi-launch}, and a checkout holding the test file the node id names.
     */
    private static List<Path> emulator(Plan plan, String selfCommand) throws IOException {
        List<Path> files = new ArrayList<>();
        Path bin = plan.emulatorBin().orElseThrow();
        files.addAll(EmulatorBin.write(bin, selfCommand,
                EmulatorBin.classArchiveName().map(name -> plan.workspace().resolve(CaseLayout.EMULATOR_CDS_DIR).resolve(name))));
        Path defs = Path.of(plan.llmRoot().orElseThrow()).resolve(CaseLayout.DEFS_DIR);
        Path test = defs.resolve(CaseLayout.TEST_FILE);
        Files.createDirectories(test.getParent());
        files.add(write(test, "# Stand-in for TensorRT-LLM's test file: the emulator on the PATH runs its roles.\n"));
        return files;
    }

    static String yaml(Map<String, Object> section) {
        // Text with control characters stays text ("\e" escapes), not !!binary that the server would read as bytes.
        return YamlDump.dump(section);
    }

    /** Written beside and renamed, so a full disk leaves no truncated plan.json or job.sh behind. */
    private static Path write(Path file, String text) throws IOException {
        AtomicFiles.writeNew(file, text);
        return file;
    }
}
