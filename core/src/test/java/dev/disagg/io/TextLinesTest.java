package dev.disagg.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Log lines are streamed: split like the reports expect, each cut at a limit, memory independent of the file. */
class TextLinesTest {
    @TempDir
    Path dir;

    private static List<String> all(Iterable<String> lines) {
        List<String> out = new ArrayList<>();
        lines.forEach(out::add);
        return out;
    }

    @Test
    void splitsOnEveryLineEndAndReplacesUndecodableBytes() throws IOException {
        Path file = Files.write(dir.resolve("b.log"), "a\nb\r\nc\rd\n\ne\u00e9".getBytes(StandardCharsets.UTF_8));
        Files.write(file, new byte[] {(byte) 0xff, '\n'}, java.nio.file.StandardOpenOption.APPEND);

        assertThat(all(TextLines.of(file))).containsExactly("a", "b", "c", "d", "", "e\u00e9\uFFFD");
        assertThat(all(TextLines.of(file).map(String::toUpperCase))).startsWith("A", "B");
        assertThat(TextLines.of(file).anyMatch(l -> l.equals("d"))).isTrue();
    }

    @Test
    void aHugeLineIsCutAndStreamingAllocatesLittleMoreThanItReads() throws IOException {
        Path file = dir.resolve("huge.log");
        try (var out = Files.newBufferedWriter(file)) {
            String chunk = "x".repeat(1 << 20);
            for (int i = 0; i < 64; i++) {
                out.write(chunk); // one 64 MiB line
            }
            out.write("\nlast\n");
        }
        long before = allocated();
        List<String> lines = all(TextLines.of(file));
        long allocated = allocated() - before;

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).hasSize(TextLines.MAX_LINE_CHARS);
        assertThat(lines.get(1)).isEqualTo("last");
        // decoding reads the bytes once (about 2 bytes per char through the reader's buffers); the line is not kept
        assertThat(allocated).isLessThan(16L * 1024 * 1024);
    }

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }
}
