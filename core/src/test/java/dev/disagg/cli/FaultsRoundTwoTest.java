package dev.disagg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.disagg.config.CaseTexts;
import dev.disagg.perf.BaselineEntry;
import dev.disagg.perf.BaselineYaml;
import dev.disagg.report.CaseDirFixture;
import dev.disagg.report.CaseDirFixture.Measured;
import dev.disagg.report.Scenarios;
import dev.disagg.verdict.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Faults found by the second adversarial pass: each ends with a clear message and nothing lost. */
class FaultsRoundTwoTest {
    @TempDir
    Path dir;

    @Test
    void concurrentInPlaceUpdatesKeepEveryCaseAndTheFileMode() throws Exception {
        Path baseline = Files.writeString(dir.resolve("baseline.yaml"), "baselines: []\n");
        Files.setPosixFilePermissions(baseline, PosixFilePermissions.fromString("rw-rw-r--"));
        int runs = 6;
        List<Path> caseDirs = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            caseDirs.add(CaseDirFixture.create(dir, "case" + i).plan(4).jobState("COMPLETED", 0)
                    .benchmark(Measured.ok(4, 1000 + i, 5900)).dir());
        }
        CyclicBarrier start = new CyclicBarrier(runs);
        ExecutorService pool = Executors.newFixedThreadPool(runs);
        List<Future<CliRun>> futures = new ArrayList<>();
        try {
            for (Path caseDir : caseDirs) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return CliRun.run("baseline", "update", "--case-dir", caseDir.toString(), "--baseline", baseline.toString(),
                            "--in-place");
                }));
            }
            for (Future<CliRun> f : futures) {
                CliRun run = f.get();
                assertThat(run.status()).as(run.all()).isZero();
            }
        } finally {
            pool.shutdownNow();
        }

        List<String> cases = BaselineYaml.read(baseline.toString(), Files.readString(baseline)).entries().stream()
                .map(BaselineEntry::caseName).toList();
        for (int i = 0; i < runs; i++) {
            assertThat(cases).contains("case" + i);
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(baseline))).isEqualTo("rw-rw-r--");
    }

    @Test
    void aNewBaselineGetsTheUsualModeNotATemporaryFilesOne() throws IOException {
        Path caseDir = Scenarios.passing(dir).dir();
        Path out = dir.resolve("new.yaml");
        Path plain = Files.createFile(dir.resolve("plain"));

        CliRun run = CliRun.run("baseline", "update", "--case-dir", caseDir.toString(), "--output", out.toString());

        assertThat(run.status()).as(run.all()).isZero();
        assertThat(Files.getPosixFilePermissions(out)).isEqualTo(Files.getPosixFilePermissions(plain));
    }

    @Test
    void aCaseNameThatIsNoCharacterIsRefusedAndReportsStayWellFormed() throws Exception {
        Path config = CaseTexts.write(dir, "c.yaml", CaseTexts.MINIMAL);
        for (String name : List.of("bad\uFFFEname", "bad\uFFFF", "x\uD800y", "z\uFDD0")) {
            CliRun run = CliRun.run("render", "--config", config.toString(), "--case-name", name, "--workspace", dir.toString());
            assertThat(run.status()).as(run.all()).isEqualTo(Verdict.INVALID_CONFIG.exitCode());
            assertThat(run.err()).contains("which is not a character");
            assertThat(run.showsStackTrace()).isFalse();
        }
        // a plan.json written by other means still gives a well-formed results.xml
        Path caseDir = CaseDirFixture.create(dir, "odd").plan(4).jobState("COMPLETED", 0)
                .benchmark(Measured.ok(4, 1000, 5900)).dir();
        Path plan = caseDir.resolve("plan.json");
        Files.writeString(plan, Files.readString(plan).replace("\"caseName\": \"odd\"", "\"caseName\": \"odd\\uFFFE\\uD800\""));
        CliRun check = CliRun.run(Map.of(), "check", "--case-dir", caseDir.toString());
        assertThat(check.status()).as(check.all()).isZero();
        assertThat(check.out()).contains("## odd: PASS");
        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(caseDir.resolve("results.xml").toFile());
    }

    @Test
    void theCaseNameDotSaysWhatItIs() {
        Path config = CaseTexts.write(dir, "c.yaml", CaseTexts.MINIMAL);
        CliRun run = CliRun.run("render", "--config", config.toString(), "--case-name", ".", "--workspace", dir.toString());
        assertThat(run.status()).isEqualTo(Verdict.INVALID_CONFIG.exitCode());
        assertThat(run.err()).contains("case name '.' is the workspace's log directory itself").doesNotContain("'..'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-rf", "..", ".hidden", "a/b", "x y"})
    void aModelNameThatIsNoFileNameWritesNothing(String model) throws IOException {
        Path script = Files.writeString(dir.resolve("submit.sh"),
                "sbatch --nodes=3 --ntasks=12 --ntasks-per-node=4 /w/disaggr_torch.slurm 1 4 4 4480 true 1 8 256 256 true 0.8 0 0 2048\n");
        Path out = dir.resolve("out");

        CliRun run = CliRun.run("migrate", "--from", script.toString(), "--out", out.toString(), "--model", model);

        assertThat(run.status()).as(run.all()).isEqualTo(Verdict.INVALID_CONFIG.exitCode());
        assertThat(run.err()).contains("--model '" + model + "'");
        assertThat(out).doesNotExist();
    }

    @Test
    void aModelNameFromTheScriptIsCheckedToo() throws IOException {
        Path script = Files.writeString(dir.resolve("submit.sh"), "model=-rf\n"
                + "sbatch --nodes=3 --ntasks=12 --ntasks-per-node=4 /w/disaggr_torch.slurm 1 4 4 4480 true 1 8 256 256 true 0.8 0 0 2048\n");
        Path out = dir.resolve("out");

        CliRun run = CliRun.run("migrate", "--from", script.toString(), "--out", out.toString());

        assertThat(run.status()).as(run.all()).isEqualTo(Verdict.INVALID_CONFIG.exitCode());
        assertThat(run.err()).contains(script + ":2: case name '-rf");
        try (Stream<Path> files = Files.exists(out) ? Files.list(out) : Stream.empty()) {
            assertThat(files).isEmpty();
        }
    }
}
