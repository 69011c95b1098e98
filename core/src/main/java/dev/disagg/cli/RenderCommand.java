package dev.disagg.cli;

import dev.disagg.render.CaseRenderer;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NotDirectoryException;
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
    public Integer call() throws IOException {
        var loaded = caseOptions.load(spec.commandLine().getErr());
        CaseRenderer.Rendered rendered;
        try {
            rendered = CaseRenderer.render(loaded.config(), loaded.plan());
        } catch (FileAlreadyExistsException | NotDirectoryException | AccessDeniedException e) {
            // a workspace the user pointed at that cannot hold the case directory: theirs to fix
            throw new UserError("cannot create the case directory " + loaded.plan().caseDir() + ": " + e.getFile()
                    + (e instanceof AccessDeniedException ? " is not writable" : " is in the way (not a directory)"));
        }
        var out = spec.commandLine().getOut();
        rendered.previousRunMovedTo().ifPresent(p -> out.println("earlier run kept as " + p));
        for (Path file : rendered.files()) {
            out.println("wrote " + file);
        }
        out.flush();
        return ExitCodes.OK;
    }
}
