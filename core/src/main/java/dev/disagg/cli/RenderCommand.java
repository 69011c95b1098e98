package dev.disagg.cli;

import dev.disagg.render.CaseDirectory;
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
        printNotes(out, loaded.plan());
        rendered.previousRunMovedTo().ifPresent(p -> out.println("earlier run kept as " + p));
        for (Path file : rendered.files()) {
            out.println("wrote " + file);
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** Claims the case directory for this run (held until closed), or fails naming the run that holds it. */
    static CaseDirectory claim(CaseOptions.Loaded loaded) {
        try {
            return CaseDirectory.claim(loaded.plan().caseDir());
        } catch (IOException e) {
            throw cannotWrite(loaded.plan().caseDir(), e);
        }
    }

    /** Renders into a directory claimed just for it (render alone). */
    static CaseRenderer.Rendered render(CaseOptions.Loaded loaded) {
        try (CaseDirectory claimed = claim(loaded)) {
            return render(loaded, claimed);
        }
    }

    /**
     * The plan's notes, one line each: decisions the user should see where they look (a console,
     * a build log), e.g. "legacy ctx_num: ceil(8192/5500) = 2 (metadata.use_legacy_ctx_calculation)".
     */
    static void printNotes(java.io.PrintWriter out, dev.disagg.plan.Plan plan) {
        plan.notes().forEach(n -> out.println("note: " + n));
    }

    /**
     * Renders the case directory (render, submit, run), or fails with what stood in the way and
     * nothing submitted: exit 2 for a workspace the user can fix, 4 for a machine problem (disk full).
     */
    static CaseRenderer.Rendered render(CaseOptions.Loaded loaded, CaseDirectory claimed) {
        try {
            return CaseRenderer.render(loaded.config(), loaded.plan(), CaseOptions.selfCommand(), claimed);
        } catch (IOException e) {
            throw cannotWrite(loaded.plan().caseDir(), e);
        }
    }

    private static UserError cannotWrite(Path caseDir, IOException e) {
        if (e instanceof CaseDirectory.BusyException) {
            return new UserError(e.getMessage());
        }
        if (e instanceof FileAlreadyExistsException || e instanceof NotDirectoryException
                || e instanceof AccessDeniedException) {
            // a workspace the user pointed at that cannot hold the case directory: theirs to fix
            return new UserError("cannot create the case directory " + caseDir + ": " + ((FileSystemException) e).getFile()
                    + (e instanceof AccessDeniedException ? " is not writable" : " is in the way (not a directory)")
                    + "; nothing was submitted");
        }
        if (e instanceof FileSystemException fse) {
            String reason = fse.getReason() == null ? fse.getMessage()
                    : (caseDir.toString().equals(fse.getFile()) ? "" : fse.getFile() + ": ") + fse.getReason();
            boolean readOnly = fse.getReason() != null && fse.getReason().contains("Read-only file system");
            return new UserError("cannot write the case directory " + caseDir + ": " + reason + "; nothing was submitted",
                    readOnly ? ExitCodes.USAGE : ExitCodes.INFRA);
        }
        return new UserError("cannot write the case directory " + caseDir + ": " + e.getMessage()
                + "; nothing was submitted", ExitCodes.INFRA);
    }
}
