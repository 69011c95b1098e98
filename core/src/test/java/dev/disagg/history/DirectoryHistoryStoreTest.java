package dev.disagg.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.disagg.results.Metric;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryHistoryStoreTest {
    @TempDir
    Path tmp;

    static HistoryRecord run(String caseName, String gpu, long second, String job, boolean passing, double throughput) {
        return new HistoryRecord(caseName, gpu, Instant.ofEpochSecond(1_700_000_000L + second), Optional.ofNullable(job),
                Optional.of("abc123"), passing, passing ? "PASS" : "TEST_FAILED",
                List.of(new HistoryRecord.Value(8, Metric.OUTPUT_THROUGHPUT, throughput), new HistoryRecord.Value(8, Metric.MEDIAN_E2EL, 100)));
    }

    @Test
    void returnsTheNewestMatchingRunsFirstAndStopsAtTheLimit() {
        DirectoryHistoryStore store = new DirectoryHistoryStore(tmp);
        for (int i = 0; i < 6; i++) {
            store.append(run("caseA", "GB200", i, "10" + i, i != 4, 1000 + i));
        }
        store.append(run("caseB", "GB200", 9, "200", true, 5));
        store.append(run("caseA", "H100", 9, "300", true, 7));

        List<HistoryRecord> last3 = store.recent("caseA", "GB200", 3, HistoryRecord::passing);

        assertThat(last3).extracting(r -> r.jobId().orElseThrow()).containsExactly("105", "103", "102");
        assertThat(last3.get(0).value(8, Metric.OUTPUT_THROUGHPUT)).hasValue(1005);
        assertThat(last3.get(0).commit()).hasValue("abc123");
        assertThat(store.recent("caseA", "gb200", 100, r -> true)).hasSize(6); // the GPU key ignores case
        assertThat(store.recent("caseA", "A100", 3, r -> true)).isEmpty();
        assertThat(store.recent("never-ran", "GB200", 3, r -> true)).isEmpty();
    }

    @Test
    void aSecondRecordOfTheSameJobReplacesTheFirstAndKeepsItsPlace() {
        DirectoryHistoryStore store = new DirectoryHistoryStore(tmp);
        store.append(run("c", "gpu", 1, "77", true, 1));
        store.append(run("c", "gpu", 2, "78", true, 2));
        store.append(run("c", "gpu", 3, "77", false, 3)); // re-check of job 77

        List<HistoryRecord> all = store.recent("c", "gpu", 10, r -> true);

        assertThat(all).extracting(r -> r.jobId().orElseThrow()).containsExactly("78", "77");
        assertThat(all.get(1).passing()).isFalse();
        assertThat(all.get(1).value(8, Metric.OUTPUT_THROUGHPUT)).hasValue(3);
    }

    @Test
    void runsWithoutAJobIdAreAllKept() {
        DirectoryHistoryStore store = new DirectoryHistoryStore(tmp);
        store.append(run("c", "gpu", 1, null, true, 1));
        store.append(run("c", "gpu", 1, null, true, 2));

        assertThat(store.recent("c", "gpu", 10, r -> true)).hasSize(2);
    }

    @Test
    void concurrentWritersLoseNothingAndLeaveNoTemporaryFile() throws Exception {
        DirectoryHistoryStore store = new DirectoryHistoryStore(tmp);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int n = i;
            done.add(pool.submit(() -> store.append(run("c", "gpu", n % 7, "j" + n, true, n))));
        }
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(store.recent("c", "gpu", 1000, r -> true)).hasSize(200);
        try (Stream<Path> files = Files.walk(tmp)) {
            assertThat(files.filter(f -> f.getFileName().toString().endsWith(".tmp"))).isEmpty();
        }
    }

    @Test
    void foreignAndBrokenFilesAreSkippedNotFatal() throws IOException {
        DirectoryHistoryStore store = new DirectoryHistoryStore(tmp);
        store.append(run("c", "gpu", 1, "1", true, 10));
        Path dir = tmp.resolve("c").resolve("gpu");
        Files.writeString(dir.resolve("9999999999999_2_0123abcd.json"), "{not json");
        Files.writeString(dir.resolve("9999999999998_3_0123abcd.json"), "{\"format\": 99}");
        Files.writeString(dir.resolve("README"), "hand-written notes");

        assertThat(store.recent("c", "gpu", 10, r -> true)).extracting(r -> r.jobId().orElseThrow()).containsExactly("1");
    }

    @Test
    void caseNamesAndGpuTypesNeverLeaveTheRootOrCollide() throws IOException {
        DirectoryHistoryStore store = new DirectoryHistoryStore(tmp.resolve("h"));
        store.append(run("..", "../x", 1, "1", true, 1));
        store.append(run("a/b", "gpu", 1, "2", true, 2));
        store.append(run("a_b", "gpu", 1, "3", true, 3));
        store.append(run("a%2Fb", "gpu", 1, "4", true, 4));

        try (Stream<Path> files = Files.walk(tmp)) {
            assertThat(files.filter(Files::isRegularFile)).allMatch(f -> f.startsWith(tmp.resolve("h")));
        }
        assertThat(store.recent("a/b", "gpu", 10, r -> true)).extracting(r -> r.jobId().orElseThrow()).containsExactly("2");
        assertThat(store.recent("a_b", "gpu", 10, r -> true)).extracting(r -> r.jobId().orElseThrow()).containsExactly("3");
        assertThat(store.recent("a%2Fb", "gpu", 10, r -> true)).extracting(r -> r.jobId().orElseThrow()).containsExactly("4");
        assertThat(store.recent("..", "../x", 10, r -> true)).hasSize(1);
    }

    @Test
    void aJobIdWithSeparatorsStillMatchesItsReCheck() {
        DirectoryHistoryStore store = new DirectoryHistoryStore(tmp);
        store.append(run("c", "gpu", 1, "12_3", true, 1));
        store.append(run("c", "gpu", 2, "12", true, 2));
        store.append(run("c", "gpu", 3, "12_3", true, 3));

        assertThat(store.recent("c", "gpu", 10, r -> true)).extracting(r -> r.jobId().orElseThrow()).containsExactly("12", "12_3");
    }
}
