package dev.disagg.emulator;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * upstream's {@code _resolve_internal_request_auth_key}: the case's {@code internal_request_auth_key},
 * else {@code <TOD>/internal_request_auth_key.txt}, created once (64 hex characters) under an
 * exclusive lock on {@code <that file>.lock} so every role of the case gets the same key.
 */
final class AuthKey {
    /** Guards the file lock within one JVM (roles run side by side in tests); a JVM may hold it once. */
    private static final Object IN_PROCESS = new Object();

    private AuthKey() {
    }

    static String resolve(Optional<String> fromCase, Tod tod) throws IOException {
        if (fromCase.isPresent()) {
            return fromCase.get();
        }
        Files.createDirectories(tod.dir());
        Path key = tod.authKeyFile();
        Path lock = key.resolveSibling(key.getFileName() + ".lock");
        synchronized (IN_PROCESS) {
            try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = channel.lock()) {
                if (Files.exists(key)) {
                    String existing = Files.readString(key, StandardCharsets.UTF_8).strip();
                    if (!existing.isEmpty()) {
                        return existing;
                    }
                }
                byte[] bytes = new byte[32];
                new SecureRandom().nextBytes(bytes);
                String created = HexFormat.of().formatHex(bytes);
                Files.writeString(key, created + "\n", StandardCharsets.UTF_8);
                return created;
            }
        }
    }
}
