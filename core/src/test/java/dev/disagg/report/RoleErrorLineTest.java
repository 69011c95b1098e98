package dev.disagg.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The role's own error line from the tail of its log, as failure.json keeps it (the last 20 lines). */
class RoleErrorLineTest {

    static Stream<Arguments> tails() {
        return Stream.of(
                Arguments.of("a Python traceback: its exception line, not srun's summary", List.of(
                        "[TensorRT-LLM] TensorRT-LLM version: 1.2.0rc1",
                        "Traceback (most recent call last):",
                        "  File \"/usr/local/lib/python3.12/dist-packages/tensorrt_llm/serve/scripts/benchmark_serving.py\", line 1201, in <module>",
                        "    main(args)",
                        "  File \"/usr/local/lib/python3.12/dist-packages/torch/cuda/__init__.py\", line 372, in _lazy_init",
                        "    torch._C._cuda_init()",
                        "RuntimeError: No CUDA GPUs are available",
                        "srun: error: node1: task 0: Exited with exit code 1",
                        "srun: Terminating StepId=4242.0"),
                        "RuntimeError: No CUDA GPUs are available"),
                Arguments.of("a traceback whose head the tail cut off; a dotted exception name", List.of(
                        "    return self._apply(convert)",
                        "  File \"/usr/local/lib/python3.12/dist-packages/torch/nn/modules/module.py\", line 1340, in convert",
                        "    return t.to(device, dtype if t.is_floating_point() else None, non_blocking)",
                        "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB. GPU 0 has a total capacity of 79.11 GiB",
                        "slurmstepd: error: *** STEP 4242.1 ON node2 CANCELLED AT 2026-11-30T20:01:02 ***",
                        "srun: error: node2: task 3: Killed"),
                        "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB. GPU 0 has a total capacity of 79.11 GiB"),
                Arguments.of("chained exceptions: the first (the root cause)", List.of(
                        "Traceback (most recent call last):",
                        "  File \"/app/x.py\", line 3, in load",
                        "KeyError: 'max_batch_size'",
                        "",
                        "During handling of the above exception, another exception occurred:",
                        "",
                        "Traceback (most recent call last):",
                        "  File \"/app/x.py\", line 9, in main",
                        "ValueError: bad worker config"),
                        "KeyError: 'max_batch_size'"),
                Arguments.of("a pytest failure: the first E line, without pytest's prefix", List.of(
                        "    def test_e2e(request, disagg_perf_file):",
                        ">       raise RuntimeError(f\"server {name} did not become ready in {timeout} s\")",
                        "E       RuntimeError: server GEN_0 did not become ready in 1800 s",
                        "",
                        "defs/perf/test_perf_sanity.py:812: RuntimeError",
                        "=========================== short test summary info ============================",
                        "FAILED defs/perf/test_perf_sanity.py::test_e2e[disagg_upload-deepseek] - RuntimeError: server GEN_0 did not become ready in 1800 s",
                        "============================== 1 failed in 1803.21s ===========================",
                        "srun: error: node1: task 0: Exited with exit code 1"),
                        "RuntimeError: server GEN_0 did not become ready in 1800 s"),
                Arguments.of("a pytest usage error", List.of(
                        "ERROR: usage: pytest [options] [file_or_dir] [file_or_dir] [...]",
                        "pytest: error: unrecognized arguments: --perf-log-formats",
                        "  inifile: /src/tests/integration/defs/pytest.ini",
                        "srun: error: node3: task 0: Exited with exit code 4"),
                        "ERROR: usage: pytest [options] [file_or_dir] [file_or_dir] [...]"),
                Arguments.of("pytest's summary line when the E lines were cut off", List.of(
                        "=========================== short test summary info ============================",
                        "FAILED defs/perf/test_perf_sanity.py::test_e2e[disagg_upload-x] - AssertionError: 3 failed requests",
                        "============================== 1 failed in 42.10s =============================="),
                        "FAILED defs/perf/test_perf_sanity.py::test_e2e[disagg_upload-x] - AssertionError: 3 failed requests"),
                Arguments.of("the launcher's trace and coloured lines are skipped, and so is the job script's", List.of(
                        "\u001B[33mmpi_rank: 0\u001B[0m",
                        "+ python3 -m tensorrt_llm.llmapi.mgmn_leader_node --on-error exit",
                        "[disagg 20:01:02] error: GEN_0 ended with status 1 (see failure.json)",
                        "[TensorRT-LLM][ERROR] CUDA runtime error in cudaMalloc: out of memory",
                        "srun: error: node1: task 0: Exited with exit code 1"),
                        "[TensorRT-LLM][ERROR] CUDA runtime error in cudaMalloc: out of memory"),
                Arguments.of("the stand-in's bad fault setting (the issue's example): no error word, the role's last line", List.of(
                        "disagg: DISAGG_STANDIN_FAULT='crash-at-start': expected crash-start, crash-mid, hang or slow:<factor>",
                        "srun: error: node1: task 0: Exited with exit code 2"),
                        "disagg: DISAGG_STANDIN_FAULT='crash-at-start': expected crash-start, crash-mid, hang or slow:<factor>"),
                Arguments.of("the stand-in's simulated crash", List.of(
                        "2026-11-30T20:01:02.123Z [GEN_0] starting worker on node1:8001",
                        "E   RuntimeError: simulated crash at start (DISAGG_STANDIN_FAULT=crash-start)",
                        "2026-11-30T20:01:02.124Z [GEN_0] exiting 3",
                        "srun: error: node1: task 0: Exited with exit code 3"),
                        "RuntimeError: simulated crash at start (DISAGG_STANDIN_FAULT=crash-start)"),
                Arguments.of("a role killed without a word", List.of(
                        "INFO: Uvicorn running on http://0.0.0.0:8000",
                        "slurmstepd: error: Detected 1 oom_kill event in StepId=4242.2. Some of the step tasks have been OOM Killed.",
                        "srun: error: node1: task 0: Out Of Memory"),
                        "INFO: Uvicorn running on http://0.0.0.0:8000"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tails")
    void picksTheRolesOwnError(String what, List<String> tail, String expected) {
        assertThat(RoleErrorLine.pick(tail)).contains(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("onlyInfrastructure")
    void nothingOfTheRoleIsNothing(String what, List<String> tail) {
        assertThat(RoleErrorLine.pick(tail)).isEqualTo(Optional.empty());
    }

    static Stream<Arguments> onlyInfrastructure() {
        return Stream.of(
                Arguments.of("empty", List.of()),
                Arguments.of("only srun and slurmstepd", List.of("srun: error: node1: task 0: Exited with exit code 2",
                        "slurmstepd: error: *** STEP 4242.0 ON node1 CANCELLED AT 2026-11-30T20:01:02 ***", "  ")));
    }
}
