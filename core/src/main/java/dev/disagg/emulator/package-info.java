/**
 * An emulator of TensorRT-LLM's perf-sanity roles: {@code pytest} (test_perf_sanity.py's
 * CTX/GEN/DISAGG_SERVER/BENCHMARK roles) and {@code trtllm-llmapi-launch}, exchanging upstream's
 * files under upstream's names without GPUs. Entry: {@link dev.disagg.emulator.Emulator};
 * executables for a job's PATH: {@link dev.disagg.emulator.EmulatorBin}. See core/docs/emulator.md.
 */
package dev.disagg.emulator;
