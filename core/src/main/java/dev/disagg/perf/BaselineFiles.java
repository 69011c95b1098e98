package dev.disagg.perf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a baseline file in either form. */
public final class BaselineFiles {
    private BaselineFiles() {
    }

    public static Baseline load(Path file) {
        BaselineFormat format = BaselineFormat.of(file);
        try {
            return format.read(file.toString(), Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": baseline file not found");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read baseline " + file + ": " + e.getMessage(), e);
        }
    }
}
