package dev.disagg.config;

import java.nio.charset.StandardCharsets;

/** One generated case file: how it was made (for the failure report) and its bytes. */
record FuzzInput(String recipe, byte[] bytes) {

    static FuzzInput text(String recipe, String text) {
        return new FuzzInput(recipe, text.getBytes(StandardCharsets.UTF_8));
    }

    /** The recipe, the size and the start of the text with control characters made visible. */
    @Override
    public String toString() {
        String text = new String(bytes, 0, Math.min(bytes.length, 400), StandardCharsets.UTF_8);
        StringBuilder shown = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (c == '\n') {
                shown.append("\\n\n");
            } else if (c < 0x20 || c == 0x7f || c == 0xfeff) {
                shown.append(String.format("\\u%04x", c));
            } else {
                shown.appendCodePoint(c);
            }
        });
        return recipe + " (" + bytes.length + " bytes)\n" + shown + (bytes.length > 400 ? "..." : "");
    }
}
