package dev.disagg.secret;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which environment variable names hold secrets: the one rule for every writer (plans, reports,
 * stand-in messages, validation messages). A name is read in upper case as words separated by
 * {@code _}; it is secret when a word
 * <ul>
 *   <li>contains SECRET, PASSWORD, PASSWD or CREDENTIAL ({@code AWS_SECRET_ACCESS_KEY}, {@code DB_PASSWD});</li>
 *   <li>is KEY, KEYS, AUTH, AUTHORIZATION or PRIVATE ({@code OPENAI_API_KEY}, {@code NGC_AUTH});</li>
 *   <li>ends in TOKEN, singular ({@code HF_TOKEN}, {@code GITHUB_TOKEN}), unless another word says it is a
 *       count or a size (MAX, MIN, NUM, COUNT, LEN, LENGTH, SIZE, LIMIT, PER, BUDGET).</li>
 * </ul>
 * So TensorRT-LLM's token knobs ({@code MAX_TOKENS}, {@code TLLM_SPEC_DECODE_FORCE_NUM_ACCEPTED_TOKENS},
 * {@code TOKENS_PER_BLOCK}) stay ordinary settings, and a cluster profile can add names
 * ({@code secret_names}) and exempt names ({@code not_secret_names}); {@code *} matches any text.
 *
 * <p>The job script masks {@code environment.txt} with the broader {@link #pattern()} (any name containing
 * one of {@link #WORDS}): over-masking a dump is harmless, and every name this rule calls secret matches it.
 */
public final class SecretNames {
    /** The words of the job script's name pattern; a superset of what {@link #secret} accepts. */
    public static final List<String> WORDS = List.of(
            "TOKEN", "SECRET", "PASSWORD", "PASSWD", "KEY", "CREDENTIAL", "AUTH", "PRIVATE");
    /** What a secret value is shown as. */
    public static final String MASK = "***";
    /** The built-in rule, without profile additions or exemptions. */
    public static final SecretNames DEFAULT = new SecretNames(List.of(), List.of());

    private static final List<String> CONTAINED = List.of("SECRET", "PASSWORD", "PASSWD", "CREDENTIAL");
    private static final Set<String> WHOLE = Set.of("KEY", "KEYS", "AUTH", "AUTHORIZATION", "PRIVATE");
    private static final Set<String> AMOUNTS = Set.of(
            "MAX", "MIN", "NUM", "COUNT", "LEN", "LENGTH", "SIZE", "LIMIT", "PER", "BUDGET");

    private final List<Pattern> added;
    private final List<Pattern> exempt;
    private final List<String> addedNames;
    private final List<String> exemptNames;

    private SecretNames(List<String> added, List<String> exempt) {
        this.addedNames = List.copyOf(added);
        this.exemptNames = List.copyOf(exempt);
        this.added = addedNames.stream().map(SecretNames::glob).toList();
        this.exempt = exemptNames.stream().map(SecretNames::glob).toList();
    }

    /** The built-in rule plus {@code added} names and minus {@code exempt} ones (exemptions win); {@code *} is a wildcard. */
    public static SecretNames of(List<String> added, List<String> exempt) {
        return added.isEmpty() && exempt.isEmpty() ? DEFAULT : new SecretNames(added, exempt);
    }

    /** The built-in rule; what every writer without a cluster profile at hand uses. */
    public static boolean isSecret(String name) {
        return DEFAULT.secret(name);
    }

    public boolean secret(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        if (exempt.stream().anyMatch(p -> p.matcher(upper).matches())) {
            return false;
        }
        return added.stream().anyMatch(p -> p.matcher(upper).matches()) || byWords(upper);
    }

    private static boolean byWords(String upper) {
        List<String> words = Arrays.stream(upper.split("_+")).filter(w -> !w.isEmpty()).toList();
        boolean amount = words.stream().anyMatch(AMOUNTS::contains);
        for (String word : words) {
            if (WHOLE.contains(word) || CONTAINED.stream().anyMatch(word::contains)) {
                return true;
            }
            if (word.endsWith("TOKEN") && !amount) {
                return true;
            }
        }
        return false;
    }

    public List<String> addedNames() {
        return addedNames;
    }

    public List<String> exemptNames() {
        return exemptNames;
    }

    /** As plan.json records it, so the reports apply a profile's names after the job: {@code {added: [...], exempt: [...]}}. */
    @com.fasterxml.jackson.annotation.JsonValue
    public java.util.Map<String, List<String>> asMap() {
        java.util.Map<String, List<String>> map = new java.util.LinkedHashMap<>();
        map.put("added", addedNames);
        map.put("exempt", exemptNames);
        return map;
    }

    /** The words as one extended regular expression, as bash's {@code =~} takes it. */
    public static String pattern() {
        return String.join("|", WORDS);
    }

    private static Pattern glob(String name) {
        StringBuilder regex = new StringBuilder();
        for (String part : name.toUpperCase(Locale.ROOT).split("\\*", -1)) {
            if (regex.length() > 0 || name.startsWith("*")) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }

    @Override
    public String toString() {
        return "SecretNames[+" + addedNames + " -" + exemptNames + "]";
    }
}
