package dev.disagg.cli;

import dev.disagg.render.CaseRenderer;
import dev.disagg.slurm.SlurmCli;
import dev.disagg.verdict.Verdict;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

@Command(name = "render", mixinStandardHelpOptions = true,
        description = "Writes the case directory (plan.json, ctx/gen configs, job script) without submitting anything.")
final class RenderCommand implements Callable<Integer> {
    @Mixin
    CaseOptions caseOptions;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        var err = spec.commandLine().getErr();
        var loaded = caseOptions.load(err);
        CaseRenderer.Rendered rendered = CaseOptions.caseRun(SlurmCli.create(), err).render(loaded.config(), loaded.plan());
        var out = spec.commandLine().getOut();
        CaseOptions.printNotes(out, loaded.plan());
        rendered.previousRunMovedTo().ifPresent(p -> out.println("earlier run kept as " + p));
        for (Path file : rendered.files()) {
            out.println("wrote " + file);
        }
        out.flush();
        return Verdict.PASS.exitCode();
    }
}
