package dev.disagg.secret;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks secrets in text this tool writes that came from elsewhere (log lines a report quotes):
 * every known secret value, and the value of any {@code NAME=value} whose name looks secret.
 * Values shorter than {@link #MIN_LENGTH} are not searched for in free text (masking every "pw"
 * would garble the text and tell which letters the secret has).
 */
public final class Redactor {
    public static final int MIN_LENGTH = 4;
    /** Letters only: a valid plain scalar wherever in a YAML file a secret was. */
    public static final String YAML_MASK = "REDACTED";
    private static final Pattern ASSIGNMENT = Pattern.compile("\\b([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|'[^']*'|\\S+)");

    private final List<String> values;
    /** Where {@link #withNames} finds the values of more names; never shown. */
    private final Map<String, String> environment;
    private final SecretNames names;

    private Redactor(Collection<String> values, Map<String, String> environment, SecretNames names) {
        this.values = values.stream().filter(v -> v.length() >= MIN_LENGTH).distinct()
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
        this.environment = Map.copyOf(environment);
        this.names = names;
    }

    /** Only {@code NAME=value} assignments with secret-looking names. */
    public static Redactor assignmentsOnly() {
        return of(List.of());
    }

    /** Also the given values wherever they appear. */
    public static Redactor of(Collection<String> secretValues) {
        return new Redactor(secretValues, Map.of(), SecretNames.DEFAULT);
    }

    /** The values of the secret-looking variables of {@code environment}, and assignments. */
    public static Redactor fromEnvironment(Map<String, String> environment) {
        return new Redactor(List.of(), environment, SecretNames.DEFAULT).withNames(SecretNames.DEFAULT);
    }

    /** This redactor and {@code more} values. */
    public Redactor with(Collection<String> more) {
        return new Redactor(java.util.stream.Stream.concat(values.stream(), more.stream()).toList(), environment, names);
    }

    /**
     * This redactor with a cluster's rule for secret names (its profile's {@code secret_names}): also the values of
     * the environment's variables that rule calls secret, and assignments to them.
     */
    public Redactor withNames(SecretNames rule) {
        List<String> more = environment.entrySet().stream().filter(e -> rule.secret(e.getKey())).map(Map.Entry::getValue).toList();
        return new Redactor(java.util.stream.Stream.concat(values.stream(), more.stream()).toList(), environment, rule);
    }

    public String redact(String text) {
        return redact(text, SecretNames.MASK);
    }

    /**
     * As {@link #redact(String)}, with {@value #YAML_MASK} instead: in a YAML file, {@code ***} where
     * a plain value was reads as an alias and breaks the file for whoever parses it (upstream's roles).
     */
    public String redactYaml(String text) {
        return redact(text, YAML_MASK);
    }

    private String redact(String text, String mask) {
        String out = text;
        for (String value : values) {
            out = out.replace(value, mask);
        }
        Matcher assignment = ASSIGNMENT.matcher(out);
        StringBuilder masked = new StringBuilder();
        while (assignment.find()) {
            String replacement = names.secret(assignment.group(1))
                    ? assignment.group(1) + "=" + mask : assignment.group();
            assignment.appendReplacement(masked, Matcher.quoteReplacement(replacement));
        }
        return assignment.appendTail(masked).toString();
    }

    public List<String> redact(List<String> lines) {
        return lines.stream().map(this::redact).toList();
    }

    /** Names nothing: a redactor's values are secrets. */
    @Override
    public String toString() {
        return "Redactor[" + values.size() + " value(s)]";
    }
}
