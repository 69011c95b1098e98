package dev.disagg.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.disagg.config.CaseConfig;
import dev.disagg.config.CaseConfigLoader;
import dev.disagg.config.LoadResult;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sizes that no cluster has are refused before any product of them overflows; zero servers are fine. */
class PlannerLimitsTest {
    @TempDir
    Path workspace;

    @Test
    void parallelSizesWhoseProductOverflowsALongAreRefused() throws Exception {
        CaseConfig config = load(smoke().replace("    tensor_parallel_size: 1\n    pipeline_parallel_size: 1\n",
                "    tensor_parallel_size: 2147483647\n    pipeline_parallel_size: 2147483647\n    context_parallel_size: 2147483647\n"));
        assertThatThrownBy(() -> Planner.plan(config, PlanOptions.defaults(workspace)))
                .isInstanceOf(PlanException.class).hasMessageContaining("world size more than 2^63").hasMessageContaining("more than 10000");
    }

    @Test
    void noCtxServersNeedNoNodes() throws Exception {
        CaseConfig config = load(smoke().replace("  mode: e2e\n", "  mode: gen_only_no_context\n"));
        Plan plan = Planner.plan(config, PlanOptions.defaults(workspace));
        assertThat(plan.ctx().servers()).isZero();
        assertThat(plan.totalNodes()).isEqualTo(1);
    }

    @Test
    void tenThousandNodesArePlannedOneMoreIsNot() throws Exception {
        assertThat(Planner.plan(load(smoke().replace("  num_gen_servers: 1\n", "  num_gen_servers: 9999\n")),
                PlanOptions.defaults(workspace)).totalNodes()).isEqualTo(10_000);
        assertThatThrownBy(() -> Planner.plan(load(smoke().replace("  num_gen_servers: 1\n", "  num_gen_servers: 10000\n")),
                PlanOptions.defaults(workspace))).isInstanceOf(PlanException.class)
                .hasMessage("the case needs 10001 node(s) of 4 GPUs (gen: 10000 server(s) of world size 1, ctx: 1 of world size 1;"
                        + " world size = tensor x pipeline x context parallel); more than 10000, which no cluster has: check"
                        + " worker_config and hardware");
    }

    private static String smoke() throws Exception {
        try (InputStream in = PlannerLimitsTest.class.getResourceAsStream("/dev/disagg/examples/local-smoke.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private CaseConfig load(String text) {
        LoadResult result = new CaseConfigLoader(new dev.disagg.config.ValidationPolicy(Set.of("all"))).load(Path.of("case.yaml"), text);
        assertThat(result.errors()).isEmpty();
        return result.config().orElseThrow();
    }
}
