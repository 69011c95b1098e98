package dev.disagg.config;

import dev.disagg.secret.SecretNames;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One {@code NAME=value} assignment from an env string such as {@code worker_env_var}. */
public record EnvVar(String name, String value) {
    static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** The name-like start of a word: what decides whether the rest of it may be shown. */
    private static final Pattern LEADING_NAME = Pattern.compile("[A-Za-z0-9_]*");

    public EnvVar {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a valid environment variable name");
        }
    }

    /**
     * Splits upstream's {@code K=V K=V} strings into shell words (quotes and escapes as a shell reads
     * them, see {@link ShellWords}), one assignment per word. What is wrong goes to {@code problems}
     * as messages that never show a value whose name looks secret, so the loader can report every one.
     */
    static List<EnvVar> parse(String text, List<String> problems) {
        ShellWords.Result split = ShellWords.split(text);
        List<EnvVar> vars = new ArrayList<>();
        String lastName = "";
        for (String word : split.words()) {
            int equals = word.indexOf('=');
            String name = equals < 0 ? word : word.substring(0, equals);
            if (equals > 0 && NAME.matcher(name).matches()) {
                vars.add(new EnvVar(name, word.substring(equals + 1)));
            } else {
                problems.add("'" + Section.shown(masked(word, lastName)) + "' is not a NAME=value assignment (NAME: letters,"
                        + " digits, _; not starting with a digit" + (word.startsWith("=") || word.endsWith("=")
                        || equals < 0 ? "; write NAME=value as one word, without blanks around '='" : "") + ")");
            }
            String lead = leadingName(word);
            lastName = lead.isEmpty() ? lastName : lead;
        }
        String name = lastName;
        split.unclosed().ifPresent(open -> {
            String start = open.wordStart().isEmpty() ? "" : masked(open.wordStart(), name);
            problems.add("the " + (open.quote() == '"' ? "double" : "single") + " quote at character " + (open.position() + 1)
                    + " is never closed" + (start.isEmpty() ? "" : " (in the word starting '" + Section.shown(start, 40) + "')"));
        });
        return vars;
    }

    /**
     * {@code word} as a problem may show it: what follows its name is masked when that name looks
     * secret, and all of it when the name before it does ({@code HF_TOKEN = hf_...} is three words).
     */
    static String masked(String word, String previousName) {
        if (!previousName.isEmpty() && SecretNames.isSecret(previousName)) {
            return SecretNames.MASK; // it may be the value of the secret-looking word before it
        }
        String name = leadingName(word);
        if (!name.isEmpty() && SecretNames.isSecret(name)) {
            return word.length() > name.length() ? name + word.charAt(name.length()) + SecretNames.MASK : name;
        }
        return word;
    }

    /** The name-like start of a word ({@code HF_TOKEN} of {@code HF_TOKEN:hf_...}). */
    private static String leadingName(String word) {
        Matcher lead = LEADING_NAME.matcher(word);
        return lead.lookingAt() ? lead.group() : "";
    }
}
