package dev.disagg.perf;

import dev.disagg.io.InputFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a baseline file in either form. */
public final class BaselineFiles {
    /**
     * About 150,000 YAML or 250,000 CSV entries; a larger file is not a baseline this tool wrote
     * (reading a YAML file takes about 100 bytes of memory per byte).
     */
    public static final int MAX_BYTES = 16 * 1024 * 1024;

    private BaselineFiles() {
    }

    public static Baseline load(Path file) {
        BaselineFormat format = BaselineFormat.of(file);
        return format.read(file.toString(), text(file));
    }

    /** The file's text: a user mistake (missing, a directory, a device, too large, not UTF-8) names the file. */
    public static String text(Path file) {
        try {
            byte[] bytes = InputFiles.read(file, MAX_BYTES);
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": baseline file not found");
        } catch (InputFiles.RefusedException e) {
            throw new InvalidInputException(file + ": " + e.getMessage() + "; expected a baseline file");
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(file + ": not UTF-8 text; expected a baseline file (.yaml or .csv)");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read baseline " + file + ": " + e.getMessage(), e);
        }
    }
}
