package dev.disagg.cli;

import dev.disagg.render.CaseRenderer;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
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
        CaseRenderer.Rendered rendered = render(loaded);
        var out = spec.commandLine().getOut();
        rendered.previousRunMovedTo().ifPresent(p -> out.println("earlier run kept as " + p));
        for (Path file : rendered.files()) {
            out.println("wrote " + file);
        }
        out.flush();
        return ExitCodes.OK;
    }

    /**
     * Renders the case directory (render, submit, run), or fails with what stood in the way and
     * nothing submitted: exit 2 for a workspace the user can fix, 4 for a machine problem (disk full).
     */
    static CaseRenderer.Rendered render(CaseOptions.Loaded loaded) throws IOException {
        Path caseDir = loaded.plan().caseDir();
        try {
            return CaseRenderer.render(loaded.config(), loaded.plan(), CaseOptions.selfCommand());
        } catch (FileAlreadyExistsException | NotDirectoryException | AccessDeniedException e) {
            // a workspace the user pointed at that cannot hold the case directory: theirs to fix
            throw new UserError("cannot create the case directory " + caseDir + ": " + e.getFile()
                    + (e instanceof AccessDeniedException ? " is not writable" : " is in the way (not a directory)")
                    + "; nothing was submitted");
        } catch (FileSystemException e) {
            String reason = e.getReason() == null ? e.getMessage()
                    : (caseDir.toString().equals(e.getFile()) ? "" : e.getFile() + ": ") + e.getReason();
            boolean readOnly = e.getReason() != null && e.getReason().contains("Read-only file system");
            throw new UserError("cannot write the case directory " + caseDir + ": " + reason + "; nothing was submitted",
                    readOnly ? ExitCodes.USAGE : ExitCodes.INFRA);
        } catch (IOException e) {
            throw new UserError("cannot write the case directory " + caseDir + ": " + e.getMessage()
                    + "; nothing was submitted", ExitCodes.INFRA);
        }
    }
}
