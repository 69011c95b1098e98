package dev.disagg.config;

import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The QA harness's consistency rules for a case (upstream's
 * tests/integration/defs/perf/disagg/utils/config_validator.py). Upstream's perf-sanity harness does
 * not apply them and ships files that break them, so they warn by default; {@code --strict} makes
 * them errors, checked before anything is submitted so a wrong file costs seconds, not a GPU allocation.
 */
final class SemanticRules {
    static final String MTP_TOKENS = "mtp-max-num-tokens";
    static final String MTP_STREAMING = "mtp-streaming";
    static final String CTX_SEQ_LEN = "ctx-max-seq-len";
    static final String GEN_SEQ_LEN = "gen-max-seq-len";
    static final String CONCURRENCY_BATCH = "concurrency-batch";
    static final List<String> IDS = List.of(MTP_TOKENS, MTP_STREAMING, CTX_SEQ_LEN, GEN_SEQ_LEN, CONCURRENCY_BATCH);

    private SemanticRules() {
    }

    static void check(Section root, CaseConfig.Benchmark benchmark, CaseConfig.Hardware hardware, CaseConfig.Worker ctx, CaseConfig.Worker gen,
                      ValidationPolicy policy, Problems problems) {
        Section workers = root.section("worker_config");
        Section genSection = workers.section("gen");
        Section ctxSection = workers.section("ctx");
        int isl = benchmark.inputLength();
        int osl = benchmark.outputLength();

        if (gen.mtpLayers() > 0) {
            int mtp = gen.mtpLayers();
            // long: the values may be up to 2^31 - 1 each.
            if (gen.maxNumTokens().isPresent() && gen.maxBatchSize().isPresent()
                    && gen.maxNumTokens().get() < (long) gen.maxBatchSize().get() * (mtp + 1L)) {
                report(policy, problems, MTP_TOKENS, at(genSection, "max_num_tokens"), genSection.childPath("max_num_tokens"),
                        "with MTP " + mtp + " expected at least max_batch_size x (mtp + 1) = " + gen.maxBatchSize().get()
                                + " x " + (mtp + 1L) + " = " + (long) gen.maxBatchSize().get() * (mtp + 1L) + ", got " + gen.maxNumTokens().get());
            }
            if (!benchmark.streaming()) {
                Section bench = root.section("benchmark");
                report(policy, problems, MTP_STREAMING, at(bench, "streaming"), bench.childPath("streaming"),
                        "MTP (num_nextn_predict_layers " + mtp + ") needs streaming: true, got false");
            }
        }
        if (benchmark.startsCtxServers() && ctx.maxSeqLen().isPresent() && isl > 0 && ctx.maxSeqLen().get() <= isl) {
            report(policy, problems, CTX_SEQ_LEN, at(ctxSection, "max_seq_len"), ctxSection.childPath("max_seq_len"),
                    "expected more than input_length (" + isl + "), got " + ctx.maxSeqLen().get());
        }
        if (gen.maxSeqLen().isPresent() && isl > 0 && osl > 0 && gen.maxSeqLen().get() <= (long) isl + osl) {
            report(policy, problems, GEN_SEQ_LEN, at(genSection, "max_seq_len"), genSection.childPath("max_seq_len"),
                    "expected more than input_length + output_length (" + isl + " + " + osl + " = " + ((long) isl + osl)
                            + "), got " + gen.maxSeqLen().get());
        }
        if (gen.maxBatchSize().isPresent()) {
            // Every gen server batches on its own: upstream's validator forgets the number of servers.
            int servers = Math.max(1, hardware.numGenServers());
            long perServer = (long) gen.maxBatchSize().get() * (gen.attentionDp() ? gen.tensorParallel() : 1);
            long limit = perServer * servers;
            String formula = (gen.attentionDp()
                    ? "max_batch_size x tensor_parallel_size with attention DP x num_gen_servers = " + gen.maxBatchSize().get()
                            + " x " + gen.tensorParallel()
                    : "max_batch_size x num_gen_servers = " + gen.maxBatchSize().get()) + " x " + servers + " = " + limit;
            Section bench = root.section("benchmark");
            for (int concurrency : benchmark.concurrency()) {
                if (concurrency > limit) {
                    report(policy, problems, CONCURRENCY_BATCH, at(bench, "concurrency_list"), bench.childPath("concurrency_list"),
                            "concurrency " + concurrency + " exceeds what the gen servers can batch (" + formula + ")");
                }
            }
        }
    }

    private static Node at(Section section, String key) {
        Optional<Node> node = section.valueNode(key);
        return node.orElse(section.node());
    }

    private static void report(ValidationPolicy policy, Problems problems, String rule, Node at, String path, String message) {
        if (policy.severityOf(rule) == Problem.Severity.ERROR) {
            problems.error(rule, at, path, message);
        } else {
            problems.warning(rule, at, path, message);
        }
    }
}
