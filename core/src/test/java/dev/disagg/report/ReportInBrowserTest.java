package dev.disagg.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.disagg.cli.CliRun;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * report.html as a person sees it: headless Chromium renders the page of a passing, a regressed
 * and a failed case (each checked by {@code disagg check --case-dir}, no SLURM), and the test
 * reads what it drew (the screenshot's size and the colours of the verdict badge and the chart's
 * points) and the rendered DOM (the verdict's text, the chart's points, the tables' rows).
 *
 * <p>Needs Debian's {@code chromium} (test/scripts/test-all.sh installs it and sets
 * {@code DISAGG_REQUIRE_CHROMIUM=1}, so the full suite fails instead of skipping without it).
 */
@Tag("browser")
class ReportInBrowserTest {
    private static final int WIDTH = 1100;
    private static final int HEIGHT = 1800;
    private static final int MEASURED = 0x1f6feb;
    private static final int REGRESSED = 0xd1242f;

    @TempDir
    static Path tmp;
    private static Path chromium;

    @BeforeAll
    static void findChromium() {
        Optional<Path> found = Optional.ofNullable(System.getenv("DISAGG_CHROMIUM")).map(Path::of)
                .or(() -> Stream.of("/usr/bin/chromium", "/usr/bin/chromium-browser").map(Path::of).filter(Files::isExecutable).findFirst());
        if (found.isEmpty() && "1".equals(System.getenv("DISAGG_REQUIRE_CHROMIUM"))) {
            throw new AssertionError("DISAGG_REQUIRE_CHROMIUM=1 but chromium is not installed (apt-get install -y chromium)");
        }
        Assumptions.assumeTrue(found.isPresent(), "chromium is not installed: report.html is not checked in a browser"
                + " (apt-get install -y chromium, or run test/scripts/test-all.sh)");
        chromium = found.get();
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("pass", "PASS", 0x1a7f37, false),
                Arguments.of("regressed", "PERF_REGRESSION", 0xbc4c00, true),
                Arguments.of("failed", "TEST_FAILED", 0xcf222e, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theVerdictTheChartAndTheTablesRender(String scenario, String verdict, int badgeColour, boolean regressed) throws Exception {
        Path parent = Files.createDirectories(tmp.resolve(scenario));
        Path dir = switch (scenario) {
            case "pass" -> Scenarios.passing(parent).dir();
            case "regressed" -> Scenarios.regressed(parent).dir();
            default -> Scenarios.invalid(parent).dir();
        };
        CliRun check = CliRun.run(Map.of(), "check", "--case-dir", dir.toString(), "--baseline", Scenarios.baseline(parent).toString());
        assertThat(check.exitCode()).as(check.all()).isEqualTo(switch (verdict) {
            case "PASS" -> 0;
            case "PERF_REGRESSION" -> 3;
            default -> 1;
        });
        Path page = dir.resolve(HtmlReport.FILE_NAME);

        String dom = chromium(page, "--dump-dom");
        Path png = tmp.resolve(scenario + ".png");
        chromium(page, "--screenshot=" + png);
        // kept beside the build output, for a person to look at when this test fails
        Files.copy(png, Path.of("target", "report-" + scenario + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        assertThat(text(dom, "<span class=\"verdict [^\"]+\">([^<]*)</span>")).isEqualTo(verdict);
        assertThat(count(dom, "<circle class=\"measured-point\"")).as("one point per concurrency").isEqualTo(2);
        assertThat(count(dom, "<tr class=\"(PASS|REGRESSION)\">")).as("the perf check table's compared rows").isEqualTo(4);
        assertThat(dom).contains("Compared with the baseline:</b> 4 metric(s): output_throughput at concurrency 4, 16;");
        BufferedImage shot = ImageIO.read(png.toFile());
        assertThat(shot.getWidth()).isEqualTo(WIDTH);
        assertThat(shot.getHeight()).isEqualTo(HEIGHT);
        assertThat(pixels(shot, badgeColour, 6)).as("the verdict badge's colour").isGreaterThan(200);
        assertThat(pixels(shot, MEASURED, 6)).as("the chart's line and points").isGreaterThan(100);
        // exact: the failed badge's red (#cf222e) is close to the regressed points' (#d1242f)
        if (regressed) {
            assertThat(pixels(shot, REGRESSED, 0)).as("the regressed point").isGreaterThan(30);
        } else {
            assertThat(pixels(shot, REGRESSED, 0)).as("no regressed point").isZero();
        }
        if (verdict.equals("TEST_FAILED")) {
            assertThat(dom).contains("<h2>Why the test failed</h2>", "BENCHMARK_INVALID");
        }
    }

    /** Runs headless Chromium on the page (a fresh profile, no network needed) and returns its stdout. */
    private static String chromium(Path page, String action) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(tmp, "profile");
        List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--hide-scrollbars", "--force-color-profile=srgb", "--no-first-run", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile, "--window-size=" + WIDTH + "," + HEIGHT, action, page.toUri().toString()));
        File out = tmp.resolve("chromium.out").toFile();
        File err = tmp.resolve("chromium.err").toFile();
        Process p = new ProcessBuilder(command).redirectOutput(out).redirectError(err).start();
        boolean ended = p.waitFor(120, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly();
        }
        assertThat(ended).as("chromium ended within 120 s").isTrue();
        assertThat(p.exitValue()).as(Files.readString(err.toPath())).isZero();
        return Files.readString(out.toPath());
    }

    private static String text(String dom, String regex) {
        Matcher m = Pattern.compile(regex).matcher(dom);
        assertThat(m.find()).as(regex + " in the rendered DOM").isTrue();
        return m.group(1);
    }

    private static long count(String dom, String regex) {
        return Pattern.compile(regex).matcher(dom).results().count();
    }

    /** Pixels within {@code tolerance} per channel of {@code rgb} (anti-aliased edges aside, fills keep their colour). */
    private static long pixels(BufferedImage image, int rgb, int tolerance) {
        long n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int p = image.getRGB(x, y);
                if (Math.abs((p >> 16 & 0xff) - (rgb >> 16 & 0xff)) <= tolerance && Math.abs((p >> 8 & 0xff) - (rgb >> 8 & 0xff)) <= tolerance
                        && Math.abs((p & 0xff) - (rgb & 0xff)) <= tolerance) {
                    n++;
                }
            }
        }
        return n;
    }
}
