package dev.disagg.migrate;

import dev.disagg.io.AtomicFiles;
import dev.disagg.io.YamlDump;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes converted cases as block-style YAML, never replacing a file that is already there. */
public final class CaseWriter {
    private CaseWriter() {
    }

    public static String toYaml(MigratedCase converted) {
        return toYaml(converted.document());
    }

    static String toYaml(java.util.Map<String, Object> document) {
        return YamlDump.dump(document);
    }

    /**
     * Writes every case into {@code directory} (created if missing).
     *
     * @throws FileAlreadyExistsException naming the first case file that already exists; then
     *         nothing is written
     */
    public static List<Path> write(Path directory, List<MigratedCase> cases) throws IOException {
        List<Path> targets = new ArrayList<>();
        for (MigratedCase converted : cases) {
            Path target = directory.resolve(converted.fileName());
            if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                throw new FileAlreadyExistsException(target.toString());
            }
            targets.add(target);
        }
        Files.createDirectories(directory);
        for (int i = 0; i < cases.size(); i++) {
            // whole or not at all; a file that appeared since the check is still not overwritten
            AtomicFiles.writeNew(targets.get(i), toYaml(cases.get(i)));
        }
        return List.copyOf(targets);
    }
}
