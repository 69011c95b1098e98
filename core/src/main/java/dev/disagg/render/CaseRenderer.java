package dev.disagg.render;

import dev.disagg.config.CaseConfig;
import dev.disagg.plan.Plan;
import dev.disagg.plan.PlanJson;
import dev.disagg.report.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/** Writes everything a case needs before submission into a fresh case directory. */
public final class CaseRenderer {
    private CaseRenderer() {
    }

    /** The files written and, when the case ran before, where that run was moved. */
    public record Rendered(Path caseDir, List<Path> files, Optional<Path> previousRunMovedTo) {
    }

    /** Claims the case, renders it and lets the claim go (render alone; run and submit hold the claim longer). */
    public static Rendered render(CaseConfig config, Plan plan) throws IOException {
        try (CaseDirectory claimed = CaseDirectory.claim(plan.caseDir())) {
            return render(config, plan, claimed);
        }
    }

    public static Rendered render(CaseConfig config, Plan plan, CaseDirectory claimed) throws IOException {
        Optional<Path> moved = claimed.prepareFresh();
        List<Path> files = new ArrayList<>();
        files.add(write(plan.caseDir().resolve("plan.json"), PlanJson.write(plan) + "\n"));
        files.add(write(plan.caseDir().resolve("ctx_config.yaml"), yaml(config.ctx().raw())));
        files.add(write(plan.caseDir().resolve("gen_config.yaml"), yaml(config.gen().raw())));
        Path script = write(plan.caseDir().resolve("job.sh"), JobScript.render(plan));
        script.toFile().setExecutable(true);
        files.add(script);
        return new Rendered(plan.caseDir(), List.copyOf(files), moved);
    }

    static String yaml(Map<String, Object> section) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setSplitLines(false);
        // Text with control characters stays text ("\e" escapes), not !!binary that the server would read as bytes.
        options.setNonPrintableStyle(DumperOptions.NonPrintableStyle.ESCAPE);
        return new Yaml(options).dump(section);
    }

    /** Written beside and renamed, so a full disk leaves no truncated plan.json or job.sh behind. */
    private static Path write(Path file, String text) throws IOException {
        AtomicFiles.writeNew(file, text);
        return file;
    }
}
