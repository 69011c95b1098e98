/**
 * Stand-in roles: small real processes that follow the role protocol of {@code docs/design.md}
 * (workers, the disagg server, the benchmark client) without GPUs or TensorRT-LLM, for test
 * clusters and for checking a cluster's wiring. Entry point: {@link dev.disagg.standin.Standin}.
 */
package dev.disagg.standin;
