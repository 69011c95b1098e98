package dev.disagg.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiFunction;

/** Runs a sweep's cases with at most N at a time; rows come back in the cases' order. */
public final class SweepRunner {
    public static final int MAX_PARALLEL = 256;

    private SweepRunner() {
    }

    /**
     * @param task runs one case to its row; an exception it throws becomes the row {@code onError} makes of it
     */
    public static <T> List<SweepRow> run(List<T> cases, int maxParallel, java.util.function.Function<T, SweepRow> task,
                                         BiFunction<T, Throwable, SweepRow> onError) throws InterruptedException {
        if (maxParallel < 1 || maxParallel > MAX_PARALLEL) {
            throw new IllegalArgumentException("--max-parallel: expected 1.." + MAX_PARALLEL + ", got " + maxParallel);
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(maxParallel, Math.max(1, cases.size())), r -> {
            Thread t = new Thread(r, "disagg-sweep");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<SweepRow>> futures = new ArrayList<>();
            for (T c : cases) {
                futures.add(pool.submit(() -> {
                    try {
                        return task.apply(c);
                    } catch (RuntimeException e) {
                        return onError.apply(c, e);
                    }
                }));
            }
            List<SweepRow> rows = new ArrayList<>();
            for (int i = 0; i < futures.size(); i++) {
                try {
                    rows.add(futures.get(i).get());
                } catch (ExecutionException e) {
                    rows.add(onError.apply(cases.get(i), e.getCause()));
                }
            }
            return rows;
        } finally {
            pool.shutdownNow();
        }
    }
}
