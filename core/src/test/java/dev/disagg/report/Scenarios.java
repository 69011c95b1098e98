package dev.disagg.report;

import dev.disagg.report.CaseDirFixture.Measured;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** The case directories the report tests share: a pass, a regression, an invalid benchmark. */
public final class Scenarios {
    public static final String CASE = "ds-r1-fp4_1k1k_ctx1_gen1_dep8";

    private Scenarios() {
    }

    /** Output throughput 1000 / 2000 tok/s (5 %) and median E2EL 6000 / 8000 ms (10 %) at concurrency 4 / 16. */
    public static Path baseline(Path dir) {
        Path file = dir.resolve("baseline.yaml");
        try {
            Files.writeString(file, """
                    baselines:
                      - case: %1$s
                        concurrency: 4
                        metrics:
                          output_throughput: {value: 1000, tolerance: 5%%}
                          median_e2el: {value: 6000, tolerance: 10%%}
                      - case: %1$s
                        concurrency: 16
                        metrics:
                          output_throughput: {value: 2000, tolerance: 5%%}
                          median_e2el: {value: 8000, tolerance: 10%%}
                    """.formatted(CASE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    public static CaseDirFixture passing(Path parent) {
        return CaseDirFixture.create(parent, CASE).plan(4, 16).jobState("COMPLETED", 0)
                .benchmark(Measured.ok(4, 1010, 5900), Measured.ok(16, 1990, 8100))
                .log("gen_server_0.log", "INFO server listening").log("disagg_server.log", "INFO ready").log("slurm_4242.log", "start");
    }

    /** Output throughput at concurrency 16 is 25 % below its baseline. */
    public static CaseDirFixture regressed(Path parent) {
        return CaseDirFixture.create(parent, CASE).plan(4, 16).jobState("COMPLETED", 0)
                .benchmark(Measured.ok(4, 1010, 5900), Measured.ok(16, 1500, 8100));
    }

    /** Concurrency 16 had 3 failed requests. */
    public static CaseDirFixture invalid(Path parent) {
        return CaseDirFixture.create(parent, CASE).plan(4, 16).jobState("COMPLETED", 0)
                .benchmark(Measured.ok(4, 1010, 5900), new Measured(16, 1990, 8100, 3, 150_000))
                .log("gen_server_0.log", "INFO fine").log("disagg_server.log", "ERROR upstream returned 500");
    }

    public static CheckOptions options(Path baseline, Map<String, String> env) {
        return new CheckOptions(Optional.ofNullable(baseline), Optional.empty(), Optional.empty(), Optional.ofNullable(env.get("SKIP_PERF_CHECK")), dev.disagg.perf.MissingBaselinePolicy.WARN);
    }
}
