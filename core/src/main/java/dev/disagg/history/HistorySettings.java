package dev.disagg.history;

import java.util.Optional;

/**
 * Where a case's runs are recorded and read, and under which key.
 *
 * @param gpuKey the GPU type, else the cluster profile's name, else {@link HistoryRecord#UNKNOWN_GPU}
 * @param commit the source commit being measured, when known ({@code --commit}, else {@code $GIT_COMMIT})
 */
public record HistorySettings(HistoryStore store, HistoryPolicy policy, String gpuKey, Optional<String> commit) {
    public HistorySettings {
        if (gpuKey.isBlank()) {
            throw new IllegalArgumentException("the history's GPU key is not blank");
        }
    }
}
