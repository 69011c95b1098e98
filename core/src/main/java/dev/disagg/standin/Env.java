package dev.disagg.standin;

import dev.disagg.cli.UserError;
import dev.disagg.secret.SecretNames;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Typed, validated reads of the role's environment; every error names the variable. */
final class Env {
    private final Map<String, String> values;

    Env(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name)).filter(v -> !v.isBlank());
    }

    String require(String name, String purpose) {
        return get(name).orElseThrow(() -> new UserError(name + " is not set; " + purpose));
    }

    Path path(String name, String value) {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new UserError(name + "='" + shown(name, value) + "': not a usable path (" + e.getReason() + ")");
        }
    }

    /** A path variable, or {@code fallback} under the case directory when unset. */
    Path pathOr(String name, Optional<Path> caseDir, String fileInCaseDir, String purpose) {
        Optional<String> value = get(name);
        if (value.isPresent()) {
            return path(name, value.get());
        }
        return caseDir.map(dir -> dir.resolve(fileInCaseDir)).orElseThrow(() -> new UserError(
                name + " is not set (nor DISAGG_CASE_DIR to derive it from); " + purpose));
    }

    Optional<Path> optionalPath(String name) {
        return get(name).map(v -> path(name, v));
    }

    int intAtLeast(String name, int min, int fallback) {
        return get(name).map(v -> parseInt(name, v, v, min)).orElse(fallback);
    }

    int requireIntAtLeast(String name, int min, String purpose) {
        String value = require(name, purpose);
        return parseInt(name, value, value, min);
    }

    boolean bool(String name, boolean fallback) {
        Optional<String> value = get(name).map(String::trim);
        if (value.isEmpty()) {
            return fallback;
        }
        if (value.get().equalsIgnoreCase("true")) {
            return true;
        }
        if (value.get().equalsIgnoreCase("false")) {
            return false;
        }
        throw new UserError(name + "='" + shown(name, value.get()) + "': expected true or false");
    }

    /** A whitespace-separated list of whole numbers, as upstream's {@code concurrency_list}. */
    List<Integer> intList(String name, int min, String purpose) {
        String value = require(name, purpose);
        List<Integer> result = new ArrayList<>();
        for (String token : value.trim().split("\\s+")) {
            result.add(parseInt(name, value, token, min));
        }
        return List.copyOf(result);
    }

    /** A value as an error message may show it: not at all when the name looks secret. */
    private static String shown(String name, String value) {
        return SecretNames.isSecret(name) ? SecretNames.MASK : value;
    }

    private static int parseInt(String name, String whole, String token, int min) {
        try {
            int parsed = Integer.parseInt(token.trim());
            if (parsed >= min) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below with the expected form
        }
        throw new UserError(name + "='" + shown(name, whole) + "': '" + shown(name, token) + "' is not a whole number >= " + min);
    }
}
