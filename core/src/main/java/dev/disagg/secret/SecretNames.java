package dev.disagg.secret;

import java.util.List;
import java.util.Locale;

/**
 * Which environment variable names hold secrets: those containing one of {@link #WORDS}, in any
 * case ({@code HF_TOKEN}, {@code aws_secret_access_key}, {@code MY_PASSWORD}). The one rule for
 * every writer: plans, reports, stand-in messages, and the job script's {@code environment.txt}
 * (its pattern is {@link #pattern()}, checked by a test).
 */
public final class SecretNames {
    public static final List<String> WORDS = List.of(
            "TOKEN", "SECRET", "PASSWORD", "PASSWD", "KEY", "CREDENTIAL", "AUTH", "PRIVATE");
    /** What a secret value is shown as. */
    public static final String MASK = "***";

    private SecretNames() {
    }

    public static boolean isSecret(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        return WORDS.stream().anyMatch(upper::contains);
    }

    /** The words as one extended regular expression, as bash's {@code =~} takes it. */
    public static String pattern() {
        return String.join("|", WORDS);
    }
}
