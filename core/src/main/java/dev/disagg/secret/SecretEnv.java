package dev.disagg.secret;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Secret environment values a case's roles need, by the variable that carries each into the job
 * ({@code DISAGG_SECRET_<SCOPE>_<NAME>}). They go into the environment of the {@code sbatch} call
 * (SLURM passes it to the job and its steps), never into a file: the role commands refer to the
 * carriers ({@code HF_TOKEN="$DISAGG_SECRET_WORKER_HF_TOKEN"}). Shown anywhere, it is its names.
 */
public final class SecretEnv {
    public static final String PREFIX = "DISAGG_SECRET_";
    private static final SecretEnv NONE = new SecretEnv(Map.of());

    private final Map<String, String> values;

    private SecretEnv(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public static SecretEnv none() {
        return NONE;
    }

    /** {@code values}: carrier name to secret value. */
    public static SecretEnv of(Map<String, String> values) {
        return values.isEmpty() ? NONE : new SecretEnv(values);
    }

    /** The carrier for {@code name} set in the case's {@code scope} (WORKER, CTX, GEN, SERVER, BENCHMARK). */
    public static String carrier(String scope, String name) {
        return PREFIX + scope + "_" + name;
    }

    /** The carrier names: what plan.json and the job script show. */
    @JsonValue
    public List<String> names() {
        return List.copyOf(values.keySet());
    }

    /** For the environment of the sbatch process only. */
    public Map<String, String> values() {
        return values;
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SecretEnv that && values.equals(that.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return "SecretEnv" + names();
    }
}
