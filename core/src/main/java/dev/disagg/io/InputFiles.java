package dev.disagg.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads the files a user names (case files, profiles, baselines, scripts) with a limit on the
 * bytes read, not on the size the file claims: a device ({@code /dev/zero}), a FIFO or a file
 * that grows while it is read can then neither exhaust memory nor hang the tool.
 */
public final class InputFiles {
    private InputFiles() {
    }

    /** A file that cannot be read as input; the message is for the user, without the file name. */
    public static final class RefusedException extends IOException {
        public RefusedException(String message) {
            super(message);
        }
    }

    /**
     * The file's bytes, at most {@code maxBytes}; refuses directories and anything but a regular
     * file (reading a FIFO would wait for a writer, a device never ends).
     */
    public static byte[] read(Path file, int maxBytes) throws IOException {
        if (Files.isDirectory(file)) {
            throw new RefusedException("is a directory, expected a file");
        }
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString());
        }
        if (!Files.isRegularFile(file)) {
            throw new RefusedException("is not a regular file (a device, FIFO or socket); give the path of a file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw new RefusedException("is larger than " + maxBytes + " bytes, the limit for this input");
            }
            return bytes;
        }
    }

    /** The same as UTF-8 text; undecodable bytes become U+FFFD (callers that must refuse them check bytes). */
    public static String readString(Path file, int maxBytes) throws IOException {
        return new String(read(file, maxBytes), StandardCharsets.UTF_8);
    }
}
