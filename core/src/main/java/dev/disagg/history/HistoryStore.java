package dev.disagg.history;

import java.util.List;
import java.util.function.Predicate;

/**
 * Where finished cases are kept. The embedded store is {@link DirectoryHistoryStore}; a site that
 * outgrows it would implement this against its own index (core/docs/history.md).
 */
public interface HistoryStore {

    /** Adds a run; a second record of the same case, GPU type and job id replaces the first (a re-check). */
    void append(HistoryRecord record);

    /**
     * At most {@code limit} runs of a case on a GPU type that match {@code filter}, newest first.
     * Implementations stop reading once they have {@code limit}.
     */
    List<HistoryRecord> recent(String caseName, String gpuType, int limit, Predicate<HistoryRecord> filter);

    /** Where the store lives, for reports ("history in DIR"). */
    String describe();
}
