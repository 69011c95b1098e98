package dev.disagg.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.function.BooleanSupplier;

/**
 * Answers whether a file changed (size or modification time) since the last question, without
 * reading it; a missing file is a state like any other, so its appearance counts as a change.
 */
final class FileActivity implements BooleanSupplier {
    private record Stamp(long size, FileTime modified) {
    }

    private static final Stamp MISSING = new Stamp(-1, FileTime.fromMillis(0));

    private final Path file;
    private Stamp last;

    FileActivity(Path file) {
        this.file = file;
        this.last = stamp();
    }

    Path file() {
        return file;
    }

    @Override
    public boolean getAsBoolean() {
        Stamp now = stamp();
        boolean changed = !now.equals(last);
        last = now;
        return changed;
    }

    private Stamp stamp() {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return new Stamp(attributes.size(), attributes.lastModifiedTime());
        } catch (IOException e) {
            return MISSING;
        }
    }
}
