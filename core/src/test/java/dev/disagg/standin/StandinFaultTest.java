package dev.disagg.standin;

import static dev.disagg.standin.RoleHarness.exitOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Simulated failures (DISAGG_STANDIN_FAULT), follower ranks, and how the other roles react. */
class StandinFaultTest {
    private static final String COMPLETION = "{\"prompt\": \"a b c\", \"max_tokens\": 3}";

    @TempDir
    Path caseDir;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> post(Address address, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(address.uri("/v1/completions"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(Address address, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(address.uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void crashStartExitsThreeWithoutPublishing() throws Exception {
        try (RoleHarness roles = new RoleHarness(caseDir).with("DISAGG_STANDIN_FAULT", "crash-start")) {
            assertThat(exitOf(roles.start("GEN_0"))).isEqualTo(3);
            assertThat(roles.addressFile("GEN_0")).doesNotExist();
            assertThat(roles.log("GEN_0")).contains("crash-start");
        }
    }

    @Test
    void faultRoleRestrictsTheFaultToOneRole() throws Exception {
        try (RoleHarness roles = new RoleHarness(caseDir)
                .with("DISAGG_STANDIN_FAULT", "crash-start").with("DISAGG_STANDIN_FAULT_ROLE", "GEN_1")) {
            Future<Integer> gen0 = roles.start("GEN_0");
            assertThat(exitOf(roles.start("GEN_1"))).isEqualTo(3);
            assertThat(get(roles.address("GEN_0"), "/health").statusCode()).isEqualTo(200);
            roles.endRun();
            assertThat(exitOf(gen0)).isZero();
        }
    }

    @Test
    void crashMidServesTheFirstRequestThenExitsFourAndStopsListening() throws Exception {
        try (RoleHarness roles = new RoleHarness(caseDir)
                .with("DISAGG_STANDIN_FAULT", "crash-mid").with("DISAGG_STANDIN_FAULT_ROLE", "GEN_0")) {
            Future<Integer> gen = roles.start("GEN_0");
            Address address = roles.address("GEN_0");
            HttpResponse<String> first;
            try {
                first = post(address, COMPLETION);
            } catch (IOException e) {
                // On a very loaded machine the one-second fallback may fire first; that is the fault too.
                first = null;
            }
            assertThat(exitOf(gen)).isEqualTo(4);
            if (first != null) {
                assertThat(first.statusCode()).isEqualTo(200);
                assertThat(first.body()).contains("\"completion_tokens\":3");
            }
            assertThatThrownBy(() -> post(address, COMPLETION)).isInstanceOf(ConnectException.class);
            assertThat(roles.log("GEN_0")).contains("simulated crash").contains("exiting 4");
        }
    }

    @Test
    void crashMidWithoutRequestsExitsFourAfterAboutASecond() throws Exception {
        try (RoleHarness roles = new RoleHarness(caseDir).with("DISAGG_STANDIN_FAULT", "crash-mid")) {
            Future<Integer> ctx = roles.start("CTX_0");
            assertThat(roles.address("CTX_0")).isNotNull();
            assertThat(exitOf(ctx)).isEqualTo(4);
            assertThat(roles.log("CTX_0")).contains("simulated crash (DISAGG_STANDIN_FAULT=crash-mid) after 1000 ms");
        }
    }

    @Test
    void hangNeverPublishesAndIgnoresTheStatusFile() throws Exception {
        try (RoleHarness roles = new RoleHarness(caseDir).with("DISAGG_STANDIN_FAULT", "hang")) {
            Future<Integer> gen = roles.start("GEN_0");
            roles.endRun();
            // Longer than the status-file poll: a working role would have exited by now.
            Thread.sleep(3 * Lifetime.POLL.toMillis());
            assertThat(gen).isNotDone();
            assertThat(roles.addressFile("GEN_0")).doesNotExist();
            gen.cancel(true);
            assertThat(roles.log("GEN_0")).contains("simulated hang");
        }
    }

    @Test
    void serverGivesUpOnAHungWorkerNamingIt() throws Exception {
        try (RoleHarness roles = new RoleHarness(caseDir)
                .with("DISAGG_STANDIN_FAULT", "hang").with("DISAGG_STANDIN_FAULT_ROLE", "GEN_0")
                .with("DISAGG_READY_TIMEOUT_SECONDS", "1")) {
            Future<Integer> ctx = roles.start("CTX_0");
            Future<Integer> gen = roles.start("GEN_0");
            Future<Integer> server = roles.start("DISAGG_SERVER");
            assertThat(exitOf(server)).isEqualTo(1);
            assertThat(roles.log("DISAGG_SERVER")).contains("CTX_0 reported")
                    .contains("timed out after 1 s waiting for GEN_0 (no GEN_0.txt in");
            assertThat(roles.serverConfig).doesNotExist();
            assertThat(roles.addressFile("DISAGG_SERVER")).doesNotExist();
            roles.endRun();
            assertThat(exitOf(ctx)).isZero();
            gen.cancel(true);
        }
    }

    @Test
    void deadWorkerMakesHealth503AndRequests502NamingIt() throws Exception {
        try (RoleHarness roles = new RoleHarness(caseDir)
                .with("DISAGG_STANDIN_FAULT", "crash-mid").with("DISAGG_STANDIN_FAULT_ROLE", "GEN_0")) {
            Future<Integer> ctx = roles.start("CTX_0");
            Future<Integer> gen = roles.start("GEN_0");
            Future<Integer> server = roles.start("DISAGG_SERVER");
            Address serverAddress = roles.address("DISAGG_SERVER");
            assertThat(get(serverAddress, "/health").statusCode()).isEqualTo(200);
            try {
                post(roles.address("GEN_0"), COMPLETION); // its first request: then it crashes
            } catch (IOException e) {
                // already gone (or going) after its one-second fallback
            }
            assertThat(exitOf(gen)).isEqualTo(4);

            HttpResponse<String> health = get(serverAddress, "/health");
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.body()).contains("GEN_0 at " + roles.address("GEN_0")).doesNotContain("CTX_0");
            HttpResponse<String> answer = post(serverAddress, COMPLETION);
            assertThat(answer.statusCode()).isEqualTo(502);
            assertThat(answer.body()).contains("generation worker GEN_0 at " + roles.address("GEN_0") + " did not answer");
            HttpResponse<String> streamed = post(serverAddress, "{\"prompt\": \"a\", \"max_tokens\": 2, \"stream\": true}");
            assertThat(streamed.statusCode()).isEqualTo(502);
            assertThat(streamed.body()).contains("GEN_0");

            roles.endRun();
            assertThat(exitOf(server)).isZero();
            assertThat(exitOf(ctx)).isZero();
        }
    }

    @Test
    void healthyServerAnswers200AndRejectsBadRequests() throws Exception {
        try (RoleHarness roles = new RoleHarness(caseDir)) {
            roles.start("CTX_0");
            roles.start("GEN_0");
            Future<Integer> server = roles.start("DISAGG_SERVER");
            Address serverAddress = roles.address("DISAGG_SERVER");
            assertThat(get(serverAddress, "/health").statusCode()).isEqualTo(200);
            HttpResponse<String> bad = post(serverAddress, "{\"max_tokens\": 3}");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).contains("'prompt' must be a string");
            assertThat(post(serverAddress, "not json").statusCode()).isEqualTo(400);
            assertThat(get(serverAddress, "/v1/completions").statusCode()).isEqualTo(405);
            assertThat(get(serverAddress, "/nope").statusCode()).isEqualTo(404);
            roles.endRun();
            assertThat(exitOf(server)).isZero();
        }
    }

    @Test
    void benchmarkFailsWhenAWorkerDiesAndStillEndsTheRun() throws Exception {
        try (RoleHarness roles = new RoleHarness(caseDir)
                .with("DISAGG_STANDIN_FAULT", "crash-mid").with("DISAGG_STANDIN_FAULT_ROLE", "GEN_0")
                .with("DISAGG_READY_TIMEOUT_SECONDS", "3")) {
            Future<Integer> ctx = roles.start("CTX_0");
            Future<Integer> gen = roles.start("GEN_0");
            Future<Integer> server = roles.start("DISAGG_SERVER");
            Future<Integer> benchmark = roles.start("BENCHMARK");
            assertThat(exitOf(benchmark)).isEqualTo(1);
            assertThat(roles.statusFile).hasContent("Done");
            assertThat(exitOf(gen)).isEqualTo(4);
            assertThat(exitOf(server)).isZero();
            assertThat(exitOf(ctx)).isZero();
            // Either requests failed (502 naming the worker) or the server never became healthy.
            assertThat(roles.log("BENCHMARK")).contains("GEN_0 at " + roles.address("GEN_0"));
            if (roles.log("BENCHMARK").contains("Serving Benchmark Result")) {
                assertThat(StandinExchangeTest.block(roles.log("BENCHMARK"), 1).get("Failed requests"))
                        .isNotEqualTo("0");
            }
        }
    }

    @Test
    void benchmarkWithoutServerTimesOutAndWritesTheStatusFile() throws Exception {
        try (RoleHarness roles = new RoleHarness(caseDir).with("DISAGG_READY_TIMEOUT_SECONDS", "1")) {
            assertThat(exitOf(roles.start("BENCHMARK"))).isEqualTo(1);
            assertThat(roles.statusFile).hasContent("Done");
            assertThat(roles.log("BENCHMARK"))
                    .contains("timed out after 1 s waiting for DISAGG_SERVER: no ")
                    .contains("DISAGG_SERVER.txt yet");
        }
    }

    @Test
    void followerRankOnlyWaitsForTheStatusFile() throws Exception {
        try (RoleHarness roles = new RoleHarness(caseDir).with("DISAGG_STANDIN_FAULT", "crash-start")) {
            Future<Integer> follower = roles.start("GEN_0", Map.of("SLURM_PROCID", "1"));
            Thread.sleep(2 * Lifetime.POLL.toMillis());
            assertThat(follower).isNotDone();
            assertThat(roles.hostnames).doesNotExist();
            roles.endRun();
            assertThat(follower.get(5, TimeUnit.SECONDS)).isZero();
            assertThat(roles.log("GEN_0")).contains("[GEN_0 rank 1] follower rank 1");
        }
    }

    @Test
    void slowFaultMultipliesTheTokenDelay() {
        Fault slow = Fault.parse(java.util.Optional.of("slow:3"), java.util.Optional.empty());
        assertThat(CommonSettings.scaledDelay(10, slow)).isEqualTo(Duration.ofMillis(30));
        assertThat(CommonSettings.scaledDelay(0, slow)).isEqualTo(Duration.ofMillis(3));
        assertThat(CommonSettings.scaledDelay(10, Fault.NONE)).isEqualTo(Duration.ofMillis(10));
    }
}
