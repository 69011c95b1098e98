package dev.disagg.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * An exclusive lock on a hidden file beside the one being updated ({@code .<name>.lock}), held
 * until closed or until the process dies, so read-merge-write updates of one file by several
 * processes (or threads) happen one after the other instead of losing each other's changes.
 */
public final class FileLock implements AutoCloseable {
    private final FileChannel channel;

    private FileLock(FileChannel channel) {
        this.channel = channel;
    }

    /** Waits up to {@code maxWait} for the lock; throws an IOException saying so when it is not free by then. */
    public static FileLock beside(Path file, Duration maxWait) throws IOException {
        Path lockFile = file.toAbsolutePath().resolveSibling("." + file.getFileName() + ".lock");
        // The lock file stays: deleting it would let a third process lock a different file of the same name.
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        long deadline = System.nanoTime() + maxWait.toNanos();
        try {
            while (true) {
                try {
                    if (channel.tryLock() != null) {
                        return new FileLock(channel);
                    }
                } catch (OverlappingFileLockException heldByThisProcess) {
                    // another thread of this process holds it: wait like for another process
                } catch (IOException locksUnsupported) {
                    // a file system without POSIX locks (ENOLCK): update unlocked, as before locks
                    return new FileLock(channel);
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException(lockFile + " has been locked by another update for " + maxWait.toSeconds()
                            + " s; try again when it has finished");
                }
                Thread.sleep(25);
            }
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        } catch (InterruptedException e) {
            channel.close();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + lockFile, e);
        }
    }

    @Override
    public void close() {
        try {
            channel.close(); // releases the lock
        } catch (IOException e) {
            // closing cannot keep the lock held: the process's lock goes with the channel
        }
    }
}
