package dev.disagg.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/** Case and cluster-profile files for the e2e tests: the embedded example case with a few settings changed. */
final class CaseFile {
    private static final String EMBEDDED = "/dev/disagg/examples/local-smoke.yaml";

    private final Map<String, Object> root;

    private CaseFile(Map<String, Object> root) {
        this.root = root;
    }

    static CaseFile embedded() throws IOException {
        try (InputStream in = CaseFile.class.getResourceAsStream(EMBEDDED)) {
            if (in == null) {
                throw new IllegalStateException(EMBEDDED + " is not on the test class path");
            }
            Map<String, Object> loaded = new Yaml().load(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return new CaseFile(loaded);
        }
    }

    /** Sets a value by dotted path, e.g. {@code hardware.num_gen_servers}; the sections must exist. */
    @SuppressWarnings("unchecked")
    CaseFile with(String dottedKey, Object value) {
        String[] keys = dottedKey.split("\\.");
        Map<String, Object> section = root;
        for (int i = 0; i < keys.length - 1; i++) {
            Object next = section.get(keys[i]);
            if (!(next instanceof Map)) {
                throw new IllegalArgumentException("the embedded case has no section " + keys[i] + " (in " + dottedKey + ")");
            }
            section = (Map<String, Object>) next;
        }
        section.put(keys[keys.length - 1], value);
        return this;
    }

    /** Emulator fault for one role, through the case's env strings as a user would set it. */
    CaseFile fault(String envKey, String fault, String role) {
        return with("environment." + envKey, "DISAGG_EMULATOR_FAULT=" + fault + " DISAGG_EMULATOR_FAULT_ROLE=" + role);
    }

    /** Writes {@code <dir>/<name>.yaml}; the case name is the file name. */
    Path write(Path dir, String name) throws IOException {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return Files.writeString(dir.resolve(name + ".yaml"), new Yaml(options).dump(root));
    }

    /** A profile file: the local profile with a short ready timeout, so a hung role fails in seconds. */
    static Path localProfile(Path dir, int readyTimeoutSeconds) throws IOException {
        Map<String, Object> profile = new LinkedHashMap<>();
        profile.put("extends", "local");
        profile.put("name", "local-e2e");
        profile.put("ready_timeout_seconds", readyTimeoutSeconds);
        return Files.writeString(dir.resolve("local-e2e.yaml"), new Yaml().dump(profile));
    }
}
