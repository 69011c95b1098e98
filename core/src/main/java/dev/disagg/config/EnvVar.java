package dev.disagg.config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** One {@code NAME=value} assignment from an env string such as {@code worker_env_var}. */
public record EnvVar(String name, String value) {
    static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public EnvVar {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a valid environment variable name");
        }
    }

    /**
     * Splits upstream's space-separated {@code K=V K=V} strings. Returns the bad tokens through
     * {@code bad} instead of throwing so the loader can report every one of them.
     */
    static List<EnvVar> parse(String text, List<String> bad) {
        List<EnvVar> vars = new ArrayList<>();
        for (String token : text.trim().split("\\s+")) {
            if (token.isEmpty()) {
                continue;
            }
            int equals = token.indexOf('=');
            String name = equals < 0 ? token : token.substring(0, equals);
            if (equals <= 0 || !NAME.matcher(name).matches()) {
                bad.add(token);
            } else {
                vars.add(new EnvVar(name, token.substring(equals + 1)));
            }
        }
        return vars;
    }
}
