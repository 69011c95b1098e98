package dev.disagg.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Splits an env string into words as a POSIX shell does before running a command: blanks separate
 * words, {@code '...'} keeps everything literally, {@code "..."} keeps everything but {@code \"},
 * {@code \\}, {@code \$}, {@code \`} and backslash-newline, and a backslash outside quotes keeps the
 * next character. Upstream pastes these strings into a shell command line, so
 * {@code "PYTHONWARNINGS=ignore::DeprecationWarning:cutlass.cute.core"} is one assignment there.
 * Expansions ({@code $X}, {@code $(...)}) are not performed: the words are quoted again when rendered,
 * so they reach the roles literally.
 */
final class ShellWords {
    private ShellWords() {
    }

    /** The words, or where the text is not complete shell text. */
    record Result(List<String> words, Optional<Unclosed> unclosed) {
    }

    /**
     * A quote without its closing partner.
     *
     * @param quote     the quote character
     * @param wordStart what the word held before the quote (used to tell whether it names a secret)
     */
    record Unclosed(char quote, int position, String wordStart) {
    }

    static Result split(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                i++;
            } else if (c == '\\') {
                inWord = true;
                if (i + 1 < text.length()) {
                    if (text.charAt(i + 1) != '\n') {
                        word.append(text.charAt(i + 1)); // backslash-newline is a line continuation: nothing
                    }
                    i += 2;
                } else {
                    word.append('\\'); // a trailing backslash has nothing to escape; the shell keeps it
                    i++;
                }
            } else if (c == '\'') {
                inWord = true;
                int end = text.indexOf('\'', i + 1);
                if (end < 0) {
                    return new Result(words, Optional.of(new Unclosed('\'', i, word.toString())));
                }
                word.append(text, i + 1, end);
                i = end + 1;
            } else if (c == '"') {
                inWord = true;
                int j = i + 1;
                while (j < text.length() && text.charAt(j) != '"') {
                    char d = text.charAt(j);
                    if (d == '\\' && j + 1 < text.length() && "\"\\$`\n".indexOf(text.charAt(j + 1)) >= 0) {
                        if (text.charAt(j + 1) != '\n') {
                            word.append(text.charAt(j + 1));
                        }
                        j += 2;
                    } else {
                        word.append(d);
                        j++;
                    }
                }
                if (j >= text.length()) {
                    return new Result(words, Optional.of(new Unclosed('"', i, word.toString())));
                }
                i = j + 1;
            } else {
                inWord = true;
                word.append(c);
                i++;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return new Result(words, Optional.empty());
    }
}
