package dev.disagg.render;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * A case directory claimed by one run: the claim is an OS lock on {@code .<case>.lock} next to it
 * (released when the run ends, also when its process dies), so two runs of one case in one
 * workspace never move each other's files. An existing directory is moved aside to
 * {@code <case>.prev-<n>} (n one past the highest already there) before a new one is made.
 */
public final class CaseDirectory implements AutoCloseable {
    private final Path caseDir;
    private final FileChannel channel;
    /** Null where the file system cannot lock (the run goes ahead unclaimed). */
    private final FileLock lock;

    private CaseDirectory(Path caseDir, FileChannel channel, FileLock lock) {
        this.caseDir = caseDir;
        this.channel = channel;
        this.lock = lock;
    }

    /** Thrown when another live run holds the case; its message names the holder. */
    public static final class BusyException extends IOException {
        public BusyException(String message) {
            super(message);
        }
    }

    /** Claims the case for this run, or throws {@link BusyException} naming the run that holds it. */
    public static CaseDirectory claim(Path caseDir) throws IOException {
        Path parent = caseDir.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path lockFile = parent.resolve("." + caseDir.getFileName() + ".lock");
        // The lock file stays: deleting it would let a third run lock a different file of the same name.
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock = null;
        String holder = "";
        try {
            // A holder writes its description just after locking and clears it just before letting
            // go: a short wait sees either the description or the case free again.
            long deadline = System.nanoTime() + 1_000_000_000L;
            while ((lock = tryLock(channel)) == null && (holder = holder(channel)).isEmpty()
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        } catch (LocksUnsupported e) {
            // a file system without POSIX locks (an NFS mount without lockd): run unclaimed, as before locks
            return new CaseDirectory(caseDir, channel, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (lock == null) {
            channel.close();
            throw new BusyException("case " + caseDir.getFileName() + " is being run by "
                    + (holder.isEmpty() ? "another run" : holder) + " in " + parent
                    + "; wait for that run to end or use another workspace (nothing was changed)");
        }
        try {
            byte[] me = (describeThisRun() + "\n").getBytes(StandardCharsets.UTF_8);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(me), 0);
        } catch (IOException e) {
            // the claim holds without its description (a full disk); the holder is then "another run"
        }
        return new CaseDirectory(caseDir, channel, lock);
    }

    /** Makes the claimed directory fresh; returns where the earlier run was moved, if there was one. */
    public Optional<Path> prepareFresh() throws IOException {
        Optional<Path> movedTo = Optional.empty();
        if (Files.exists(caseDir, LinkOption.NOFOLLOW_LINKS)) {
            movedTo = Optional.of(moveAside(caseDir));
        }
        Files.createDirectory(caseDir);
        return movedTo;
    }

    public Path path() {
        return caseDir;
    }

    /** Lets the case go; closing the channel releases the lock (a failure there cannot keep it held). */
    @Override
    public void close() {
        try (channel) {
            if (lock != null && lock.isValid()) {
                channel.truncate(0);
            }
        } catch (IOException e) {
            // the description stays behind; the next run overwrites it
        }
    }

    private static FileLock tryLock(FileChannel channel) throws LocksUnsupported {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException heldInThisProcess) {
            return null;
        } catch (IOException e) {
            throw new LocksUnsupported();
        }
    }

    /** The file system refused to lock at all (ENOLCK); not a sign that anyone holds the case. */
    private static final class LocksUnsupported extends Exception {
        LocksUnsupported() {
            super(null, null, false, false);
        }
    }

    private static String holder(FileChannel channel) {
        try {
            ByteBuffer buffer = ByteBuffer.allocate(300);
            int n = channel.read(buffer, 0);
            String text = n <= 0 ? "" : new String(buffer.array(), 0, n, StandardCharsets.UTF_8).strip();
            // only the first line, printable characters: the file is ours but could have been edited
            text = text.lines().findFirst().orElse("").replaceAll("\\p{Cntrl}", "?");
            return text;
        } catch (IOException e) {
            return "";
        }
    }

    private static String describeThisRun() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "unknown host";
        }
        long pid = ProcessHandle.current().pid();
        String thread = Thread.currentThread().getName();
        return "pid " + pid + " on " + host + " (started " + Instant.now().truncatedTo(ChronoUnit.SECONDS)
                + (thread.equals("main") ? "" : ", thread " + thread) + ")";
    }

    private static Path moveAside(Path caseDir) throws IOException {
        String name = caseDir.getFileName().toString();
        int next = highestPrevious(caseDir.getParent(), name) + 1;
        // A run of a copy of this tool without the lock may take the same number: try the next one.
        for (int attempt = 0; attempt < 100; attempt++, next++) {
            Path target = caseDir.resolveSibling(name + ".prev-" + next);
            try {
                return Files.move(caseDir, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException taken) {
                // try the next number
            }
        }
        throw new IOException("could not move the earlier run of " + caseDir + " aside (100 names taken)");
    }

    private static int highestPrevious(Path parent, String name) throws IOException {
        String prefix = name + ".prev-";
        int highest = 0;
        try (var entries = Files.list(parent)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                String entryName = entry.getFileName().toString();
                if (entryName.startsWith(prefix) && entryName.substring(prefix.length()).matches("[0-9]{1,9}")) {
                    highest = Math.max(highest, Integer.parseInt(entryName.substring(prefix.length())));
                }
            }
        }
        return highest;
    }
}
