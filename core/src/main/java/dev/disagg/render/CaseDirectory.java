package dev.disagg.render;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Creates a case directory without ever losing an earlier run: an existing directory is moved
 * aside to {@code <case>.prev-<n>} (n one past the highest already there) before a new one is made.
 */
public final class CaseDirectory {
    private CaseDirectory() {
    }

    /** Returns where the earlier run was moved, if there was one. */
    public static Optional<Path> prepareFresh(Path caseDir) throws IOException {
        Path parent = caseDir.getParent();
        Files.createDirectories(parent);
        Optional<Path> movedTo = Optional.empty();
        if (Files.exists(caseDir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            movedTo = Optional.of(moveAside(caseDir));
        }
        Files.createDirectory(caseDir);
        return movedTo;
    }

    private static Path moveAside(Path caseDir) throws IOException {
        String name = caseDir.getFileName().toString();
        int next = highestPrevious(caseDir.getParent(), name) + 1;
        // Another run may take the same number between our look and our move: try the next one.
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
