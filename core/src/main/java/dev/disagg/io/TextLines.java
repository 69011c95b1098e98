package dev.disagg.io;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * A log's lines, read from the file as they are iterated (role and benchmark logs can be GBs):
 * split on {@code \n}, {@code \r\n} and the bare {@code \r} progress bars print, undecodable
 * bytes replaced, and each line cut at {@link #MAX_LINE_CHARS} (the rest of a longer line is
 * skipped, not kept), so memory stays bounded whatever the file holds.
 */
public final class TextLines implements Iterable<String> {
    /** Far longer than any line a benchmark or role prints that the tool reads. */
    public static final int MAX_LINE_CHARS = 64 * 1024;

    private final Path file;
    private final UnaryOperator<String> each;

    private TextLines(Path file, UnaryOperator<String> each) {
        this.file = file;
        this.each = each;
    }

    public static TextLines of(Path file) {
        return new TextLines(file, UnaryOperator.identity());
    }

    /** The same lines, each passed through {@code f} (masking secrets) as it is read. */
    public TextLines map(UnaryOperator<String> f) {
        return new TextLines(file, line -> f.apply(each.apply(line)));
    }

    public Path file() {
        return file;
    }

    /** Whether a line matches, reading no further than the first that does. */
    public boolean anyMatch(Predicate<String> test) {
        LineIterator lines = iterator();
        try {
            while (lines.hasNext()) {
                if (test.test(lines.next())) {
                    return true;
                }
            }
            return false;
        } finally {
            lines.close();
        }
    }

    /** Each iteration opens the file again (and closes it at the end); an I/O error surfaces as {@link UncheckedIOException}. */
    @Override
    public LineIterator iterator() {
        Reader reader;
        try {
            reader = new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return new LineIterator(reader);
    }

    /** An iteration over the file's lines. */
    public final class LineIterator implements Iterator<String> {
        private final Reader in;
        private final char[] buffer = new char[8192];
        private int pos;
        private int end;
        private boolean eof;
        private boolean lastWasCr;
        private String next;

        LineIterator(Reader in) {
            this.in = in;
        }

        @Override
        public boolean hasNext() {
            if (next == null && !eof) {
                next = readLine();
            }
            return next != null;
        }

        @Override
        public String next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            String line = next;
            next = null;
            return each.apply(line);
        }

        /** The next line, or null at the end; a last line without a newline counts, an empty tail does not. */
        private String readLine() {
            StringBuilder line = new StringBuilder();
            boolean any = false;
            while (true) {
                if (pos == end && !fill()) {
                    return any ? line.toString() : null;
                }
                char c = buffer[pos++];
                if (c == '\n' && lastWasCr) {
                    lastWasCr = false; // the \n of \r\n: that line already ended
                    continue;
                }
                lastWasCr = c == '\r';
                if (c == '\n' || c == '\r') {
                    return line.toString();
                }
                any = true;
                if (line.length() < MAX_LINE_CHARS) {
                    line.append(c);
                }
            }
        }

        void close() {
            eof = true;
            try {
                in.close();
            } catch (IOException e) {
                // nothing was written; a failed close of a file read changes nothing
            }
        }

        private boolean fill() {
            if (eof) {
                return false;
            }
            try {
                int n = in.read(buffer);
                if (n <= 0) {
                    close();
                    return false;
                }
                pos = 0;
                end = n;
                return true;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
    }
}
