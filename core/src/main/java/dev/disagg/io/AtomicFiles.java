package dev.disagg.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.UUID;

/**
 * Writes a file completely or not at all (write beside, then rename), so a reader never sees half
 * a report and a full disk never leaves a truncated file in place of a good one. The one writer of
 * every file the tool and its emulator write whole: reports, plan.json, job_id, job_state.json,
 * history records, the emulator's address and status files and scripts.
 * The temporary file is hidden and ends in {@code .tmp}: no reader of a directory (the emulated
 * server's scan for {@code .txt}/{@code .addr} files, the history's {@code .json} records) takes it.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /**
     * Replaces (or creates) {@code target}. A replaced file keeps its permissions; a new one gets
     * the process's default ones (0644 under the usual umask), not a temporary file's 0600.
     */
    public static void write(Path target, String text) {
        replace(target, text, null);
    }

    /** The same, creating missing parent directories first (the emulator's files in TOD). */
    public static void writeCreatingParents(Path target, String text) {
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
        replace(target, text, null);
    }

    /** The same with the given permissions (an executable script), set before it appears under its name. */
    public static void write(Path target, String text, Set<PosixFilePermission> permissions) {
        replace(target, text, permissions);
    }

    private static void replace(Path target, String text, Set<PosixFilePermission> permissions) {
        Path tmp = null;
        try {
            tmp = writeBeside(target, text);
            if (permissions == null) {
                keepPermissions(target, tmp);
            } else {
                Files.setPosixFilePermissions(tmp, permissions);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    /**
     * Creates {@code target} with the whole text, or throws {@link FileAlreadyExistsException}
     * when it exists (also when it appeared meanwhile); an existing file is never replaced.
     */
    public static void writeNew(Path target, String text) throws IOException {
        Path tmp = null;
        try {
            tmp = writeBeside(target, text);
            try {
                Files.createLink(target, tmp); // atomic, and fails if the name is taken
            } catch (FileAlreadyExistsException e) {
                throw e;
            } catch (UnsupportedOperationException | FileSystemException noHardLinks) {
                Files.move(tmp, target); // the existence check and the rename are two steps here
            }
        } finally {
            deleteQuietly(tmp);
        }
    }

    private static Path writeBeside(Path target, String text) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        // createFile, not createTempFile: the file gets the umask's permissions, not 0600
        Files.writeString(tmp, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return tmp;
    }

    private static void keepPermissions(Path target, Path tmp) throws IOException {
        PosixFileAttributeView old = Files.getFileAttributeView(target, PosixFileAttributeView.class);
        if (old != null && Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
            Files.setPosixFilePermissions(tmp, old.readAttributes().permissions());
        }
    }

    private static void deleteQuietly(Path tmp) {
        if (tmp != null) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // best effort: the temporary file is hidden and named after its target
            }
        }
    }
}
