package dev.disagg.emulator;

import dev.disagg.io.AtomicFiles;
import dev.disagg.shell.Shell;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Writes the emulator's executables, {@code pytest} and {@code trtllm-llmapi-launch}, into a
 * directory that a job puts first on the roles' {@code PATH}: the job script then runs the same
 * commands as upstream's CI and gets emulated roles instead of TensorRT-LLM's.
 */
public final class EmulatorBin {
    /** The executables, as upstream's launch commands name them. */
    public static final List<String> NAMES = List.of(Emulator.PYTEST, Emulator.LLMAPI_LAUNCH);

    private static final String TEMPLATE = "bin/emulator.sh";

    private EmulatorBin() {
    }

    /** Both scripts, without a class-data sharing archive. */
    public static List<Path> write(Path binDir, String selfCommand) throws IOException {
        return write(binDir, selfCommand, Optional.empty());
    }

    /**
     * Writes both scripts (mode 0755), each running {@code <selfCommand> emulate <name> "$@"}.
     *
     * @param binDir       created when missing
     * @param selfCommand  how a job step runs this CLI, already shell-quoted (the {@code {self}} value); its first
     *                     word is the {@code java} the archive's options go after
     * @param classArchive the class-data sharing archive the JVMs map when it exists (see {@link #classArchiveName})
     * @return the files written, in {@link #NAMES} order
     */
    public static List<Path> write(Path binDir, String selfCommand, Optional<Path> classArchive) throws IOException {
        if (selfCommand.isBlank() || selfCommand.contains("\n")) {
            throw new IllegalArgumentException("self command must be one non-blank line: '" + selfCommand + "'");
        }
        Files.createDirectories(binDir);
        List<Path> written = new ArrayList<>();
        for (String name : NAMES) {
            String text = template().replace("@SELF@", selfCommand).replace("@NAME@", name)
                    .replace("@ARCHIVE@", Shell.quote(classArchive.map(Path::toString).orElse("")));
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

    /**
     * The archive's file name for the jar this class runs from and this Java ({@code <jar size>-<jar modification
     * time>-<jar path hash>-<java version>.jsa}, the numbers in hex): another jar or Java gets its own archive, never a
     * stale one. These are what the JVM itself checks before it maps an archive (the class path, the jar's size and
     * time), so they are enough, and cost nothing where hashing the jar's bytes cost a CLI start some 60 ms. Empty
     * when not run from a jar (a class directory cannot be archived).
     */
    public static Optional<String> classArchiveName() {
        return ownJar().flatMap(EmulatorBin::classArchiveName);
    }

    /** The jar this class runs from; empty when it runs from a class directory (tests) or cannot tell. */
    static Optional<Path> ownJar() {
        try {
            Path jar = Path.of(EmulatorBin.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return isJarFile(jar) ? Optional.of(jar) : Optional.empty();
        } catch (java.net.URISyntaxException | SecurityException e) {
            return Optional.empty(); // no archive: the roles start as without one
        }
    }

    /** {@link #classArchiveName()} for the classes at {@code jar}. */
    static Optional<String> classArchiveName(Path jar) {
        if (!isJarFile(jar)) {
            return Optional.empty();
        }
        try {
            String key = Long.toHexString(Files.size(jar)) + "-" + Long.toHexString(Files.getLastModifiedTime(jar).toMillis())
                    + "-" + Integer.toHexString(jar.toAbsolutePath().toString().hashCode());
            return Optional.of(key + "-" + System.getProperty("java.version").replaceAll("[^A-Za-z0-9._+-]", "_") + ".jsa");
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** A jar, whatever its name (installed as {@code disagg}, say); a class directory is not. */
    private static boolean isJarFile(Path path) {
        return Files.isRegularFile(path);
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

    /** The script as shipped, with its placeholders. */
    static String template() {
        try (InputStream in = EmulatorBin.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks dev/disagg/emulator/" + TEMPLATE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
