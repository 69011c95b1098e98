package dev.disagg.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.disagg.plan.ClusterProfiles;
import dev.disagg.plan.Plan;
import dev.disagg.plan.PlanException;
import dev.disagg.plan.PlanJson;
import dev.disagg.plan.PlanOptions;
import dev.disagg.plan.Planner;
import dev.disagg.render.CaseRenderer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What must hold for any input, however hostile: loading returns problems instead of throwing,
 * every problem points at a line of the file and reads in one screen, and a case that loads also
 * plans and renders (or is refused with a {@link PlanException}). Time and memory are bounded:
 * the time limit only guards against hangs (it is no speed goal), the allocation limit catches
 * an expansion such as an alias bomb.
 */
final class LoadCheck {
    /**
     * A guard against hangs only: the slowest input takes well under a second alone, yet a
     * loaded 2-core machine (GC pauses, other builds) stretched a 5 s limit to a false failure;
     * a hang still fails here, after a minute instead of running forever.
     */
    static final Duration HANG_GUARD = Duration.ofSeconds(60);
    /**
     * Bytes that loading twice, planning and rendering may allocate (garbage included): linear in
     * the input with a generous factor, so that only an expansion (an alias bomb) exceeds it.
     */
    static final long ALLOCATION_PER_INPUT_BYTE = 4000;
    static final long ALLOCATION_BASE = 128L * 1024 * 1024;
    /** A problem is a line a person reads: the offending text is cut, never echoed whole. */
    static final int MAX_PROBLEM_LENGTH = 600;

    private LoadCheck() {
    }

    /** What loading one file did. */
    record Outcome(LoadResult strict, Optional<String> planRefusal, long allocatedBytes) {
    }

    /**
     * Writes {@code input} to {@code case.yaml} in a fresh directory under {@code scratch} (a try
     * that hung may still be running in its own) and checks everything above; returns what happened.
     */
    static Outcome check(Path scratch, byte[] input) {
        Path dir;
        Path file;
        try {
            dir = Files.createTempDirectory(scratch, "try");
            file = Files.write(dir.resolve("case.yaml"), input);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Outcome outcome = assertTimeoutPreemptively(HANG_GUARD, () -> measured(dir, file));
        LoadResult result = outcome.strict();
        assertThat(result.valid()).as("valid exactly when there are no errors").isEqualTo(result.errors().isEmpty());
        for (Problem problem : result.problems()) {
            assertThat(problem.line()).as("line of %s", problem.format()).isGreaterThanOrEqualTo(1);
            assertThat(problem.column()).as("column of %s", problem.format()).isGreaterThanOrEqualTo(1);
            assertThat(problem.format().length() - file.toString().length())
                    .as("length of %.300s", problem.format()).isLessThanOrEqualTo(MAX_PROBLEM_LENGTH);
            assertThat(problem.message()).as("message").isNotBlank();
        }
        assertThat(outcome.allocatedBytes()).as("bytes allocated to load %d input bytes", input.length)
                .isLessThanOrEqualTo(ALLOCATION_BASE + ALLOCATION_PER_INPUT_BYTE * input.length);
        try {
            delete(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return outcome;
    }

    private static Outcome measured(Path dir, Path file) throws IOException {
        long before = allocated();
        LoadResult strict = new CaseConfigLoader().load(file);
        // Semantic rules downgraded, so that more generated cases get as far as planning.
        LoadResult lenient = new CaseConfigLoader(new ValidationPolicy(Set.of("all"))).load(file);
        Optional<String> refusal = Optional.empty();
        if (lenient.valid()) {
            refusal = planAndRender(dir, lenient.config().orElseThrow());
        }
        return new Outcome(strict, refusal, allocated() - before);
    }

    /** A valid case plans and renders, or is refused for a reason a person can act on. */
    private static Optional<String> planAndRender(Path dir, CaseConfig config) throws IOException {
        Path workspace = Files.createDirectories(dir.resolve("workspace"));
        try {
            Plan plan = Planner.plan(config, new PlanOptions(workspace, ClusterProfiles.LOCAL, Optional.empty(), false,
                    "disagg", Optional.empty()));
            assertThat(PlanJson.write(plan)).isNotEmpty();
            CaseRenderer.render(config, plan);
            return Optional.empty();
        } catch (PlanException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return Optional.of(refused.getMessage());
        } finally {
            delete(workspace);
        }
    }

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
