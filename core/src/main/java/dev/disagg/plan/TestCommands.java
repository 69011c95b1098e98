package dev.disagg.plan;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Fills a profile's test command: {@code {outputDir}}, {@code {junitDir}}, {@code {nodeId}}, {@code {caseDir}}, {@code {caseName}}, {@code {llmRoot}} (also {@code {trtllmRepo}}), {@code {self}}. */
final class TestCommands {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(caseDir|caseName|trtllmRepo|llmRoot|outputDir|junitDir|nodeId|self)}");

    private TestCommands() {
    }

    /**
     * One pass over the template, so a value that itself holds {@code {self}} or another
     * placeholder is never filled again (a second pass could put text inside a quoted value).
     * The values are already shell-quoted words.
     */
    static String fill(String template, Map<String, String> values) {
        Matcher placeholder = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (placeholder.find()) {
            placeholder.appendReplacement(out, Matcher.quoteReplacement(values.get(placeholder.group(1))));
        }
        placeholder.appendTail(out);
        return out.toString();
    }

    /**
     * Why {@code template} cannot be filled safely, if it cannot: a placeholder inside quotes would
     * put a quoted value inside quotes, where a double-quoted {@code $(...)} runs.
     */
    static java.util.Optional<String> quotingProblem(String template) {
        char quote = 0;
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (quote == 0 && c == '\\') {
                i++;
            } else if (quote == '"' && c == '\\') {
                i++;
            } else if (quote == 0 && (c == '\'' || c == '"')) {
                quote = c;
            } else if (quote != 0 && c == quote) {
                quote = 0;
            } else if (quote != 0 && c == '{') {
                Matcher placeholder = PLACEHOLDER.matcher(template).region(i, template.length());
                if (placeholder.lookingAt()) {
                    return java.util.Optional.of("the placeholder " + placeholder.group() + " is inside quotes (" + quote
                            + "...); placeholders are filled with quoted words and must stand outside quotes");
                }
            }
        }
        return java.util.Optional.empty();
    }
}
