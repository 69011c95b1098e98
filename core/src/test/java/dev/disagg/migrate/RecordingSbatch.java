package dev.disagg.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a legacy script under the real bash with an {@code sbatch} on PATH that only records its
 * arguments: it shows what the script would submit, the other side of every comparison with
 * the migration. No SLURM is involved.
 */
final class RecordingSbatch {
    private static final String RECORDER = """
            #!/bin/sh
            # Stand-in for sbatch: records the argument count, then one argument per line.
            { printf '%s\\n' "$#"; for arg in "$@"; do printf '%s\\n' "$arg"; done; } >> "$SBATCH_RECORD"
            echo "Submitted batch job $$"
            """;

    private RecordingSbatch() {
    }

    /** Runs {@code script} with bash in {@code scratch} and returns each sbatch call's arguments in order. */
    static List<List<String>> run(Path script, Path scratch) throws IOException, InterruptedException {
        return run(script, scratch, 0);
    }

    /** As {@link #run(Path, Path)}, for a script that ends with {@code expectedStatus} (e.g. stopped by set -e). */
    static List<List<String>> run(Path script, Path scratch, int expectedStatus) throws IOException, InterruptedException {
        Path bin = Files.createDirectories(scratch.resolve("bin"));
        Path sbatch = bin.resolve("sbatch");
        Files.writeString(sbatch, RECORDER, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(sbatch, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path record = scratch.resolve("sbatch-calls.txt");
        Files.writeString(record, "");
        ProcessBuilder builder = new ProcessBuilder("bash", script.toAbsolutePath().toString())
                .directory(scratch.toFile())
                .redirectErrorStream(true)
                .redirectOutput(scratch.resolve("script-output.txt").toFile());
        builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        builder.environment().put("SBATCH_RECORD", record.toString());
        Process process = builder.start();
        boolean finished = process.waitFor(60, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        assertThat(finished).as("bash %s finished", script).isTrue();
        assertThat(process.exitValue()).as("bash %s exit status; output:%n%s", script,
                Files.readString(scratch.resolve("script-output.txt"))).isEqualTo(expectedStatus);
        return parse(Files.readAllLines(record, StandardCharsets.UTF_8));
    }

    static List<List<String>> runText(String scriptText, Path scratch) throws IOException, InterruptedException {
        return runText(scriptText, scratch, 0);
    }

    static List<List<String>> runText(String scriptText, Path scratch, int expectedStatus) throws IOException, InterruptedException {
        Path script = scratch.resolve("script.sh");
        Files.writeString(script, scriptText, StandardCharsets.UTF_8);
        return run(script, scratch, expectedStatus);
    }

    private static List<List<String>> parse(List<String> lines) {
        List<List<String>> calls = new ArrayList<>();
        int i = 0;
        while (i < lines.size()) {
            int count = Integer.parseInt(lines.get(i++));
            calls.add(List.copyOf(lines.subList(i, i + count)));
            i += count;
        }
        return calls;
    }
}
