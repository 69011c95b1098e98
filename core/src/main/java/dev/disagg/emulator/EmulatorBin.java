package dev.disagg.emulator;

import dev.disagg.io.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the emulator's executables, {@code pytest} and {@code trtllm-llmapi-launch}, into a
 * directory that a job puts first on the roles' {@code PATH}: the job script then runs the same
 * commands as upstream's CI and gets emulated roles instead of TensorRT-LLM's.
 */
public final class EmulatorBin {
    /** The executables, as upstream's launch commands name them. */
    public static final List<String> NAMES = List.of(Emulator.PYTEST, Emulator.LLMAPI_LAUNCH);

    private static final String SELF = "@SELF@";

    private EmulatorBin() {
    }

    /**
     * Writes both scripts (mode 0755), each {@code exec <selfCommand> emulate <name> "$@"}.
     *
     * @param binDir      created when missing
     * @param selfCommand how a job step runs this CLI, already shell-quoted (the {@code {self}} value)
     * @return the files written, in {@link #NAMES} order
     */
    public static List<Path> write(Path binDir, String selfCommand) throws IOException {
        if (selfCommand.isBlank() || selfCommand.contains("\n")) {
            throw new IllegalArgumentException("self command must be one non-blank line: '" + selfCommand + "'");
        }
        Files.createDirectories(binDir);
        List<Path> written = new ArrayList<>();
        for (String name : NAMES) {
            String text = template(name).replace(SELF, selfCommand);
            Path target = binDir.resolve(name);
            try {
                AtomicFiles.write(target, text, PosixFilePermissions.fromString("rwxr-xr-x"));
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            written.add(target);
        }
        return List.copyOf(written);
    }

    /** Whether {@code file} is this emulator's script for {@code name} (as {@link #write} writes it). */
    static boolean isScript(Path file, String name) {
        try (InputStream in = Files.newInputStream(file)) {
            String head = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
            return head.startsWith("#!/bin/bash\n") && head.contains(" emulate " + name + " \"$@\"\n");
        } catch (IOException e) {
            return false;
        }
    }

    /** The script as shipped, with its {@value #SELF} placeholder. */
    static String template(String name) {
        try (InputStream in = EmulatorBin.class.getResourceAsStream("bin/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks dev/disagg/emulator/bin/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
