package dev.disagg.migrate;

import dev.disagg.config.CaseConfigLoader;
import dev.disagg.config.LoadResult;
import dev.disagg.config.ValidationPolicy;
import dev.disagg.plan.Plan;
import dev.disagg.plan.PlanException;
import dev.disagg.plan.PlanOptions;
import dev.disagg.plan.Planner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns one legacy submission into a case in TensorRT-LLM's YAML schema. Whatever the legacy
 * arguments do not say is filled with a documented default and named in the case's notes;
 * whatever a case cannot express (a different node count, a segment size other than the job's)
 * is an error naming the sbatch line.
 */
final class CaseBuilder {
    /** Sequence lengths when neither the script nor the user gives them (the common "1k1k" shape). */
    static final int DEFAULT_LENGTH = 1024;
    /** Room above the longest sequence for max_seq_len (MTP draft tokens, special tokens). */
    static final int SEQ_LEN_HEADROOM = 128;

    private static final Pattern GRES_GPUS = Pattern.compile("(?:^|,)gpu(?::[^:,]+)?:([1-9][0-9]*)(?:,|$)");

    private CaseBuilder() {
    }

    static MigratedCase build(SbatchCall call, MigrationSettings settings) {
        int line = call.line();
        SbatchOptions sbatch = SbatchOptions.parse(call);
        String scriptName = sbatch.script().substring(sbatch.script().lastIndexOf('/') + 1);
        if (!scriptName.equals(LegacyArguments.SCRIPT)) {
            throw new ScriptError(line, "sbatch submits '" + sbatch.script() + "'; only the legacy " + LegacyArguments.SCRIPT
                    + " (14 positional arguments) can be converted");
        }
        LegacyArguments args = LegacyArguments.parse(sbatch.scriptArguments(), line);
        List<String> notes = new ArrayList<>();

        int gpusPerNode = gpusPerNode(sbatch, line);

        OptionalLong capacity = OptionalLong.empty();
        if (args.ctxNumTerm().isPresent() && args.concurrencyTerm().isPresent()) {
            capacity = CtxFormula.capacity(args.ctxNumTerm().get(), args.concurrencyTerm().get());
        }
        if (capacity.isEmpty() && args.ctxNumTerm().orElse(null) instanceof Term.Binary) {
            notes.add("ctx_num is computed by the script, but not as ceil(concurrency / N); the case fixes num_ctx_servers: "
                    + args.ctxNum());
        }

        Lengths lengths = lengths(call, settings, notes);
        Optional<String> model = settings.model().or(() -> model(call));
        if (model.isEmpty()) {
            notes.add("the model is not known (no --model, no model/model_name variable): the case names do not carry it;"
                    + " give --model so that cases of two models never collide");
        }

        // The script's values are kept even when they break a TensorRT-LLM rule: the migration
        // converts what was run, it does not silently change it.
        List<String> warnings = new ArrayList<>();
        int needed = args.genBatchSize() * (args.mtpSize() + 1);
        if (args.mtpSize() > 0 && args.genMaxNumTokens() < needed) {
            warnings.add("gen max_num_tokens " + args.genMaxNumTokens() + " is below max_batch_size x (mtp + 1) = " + needed
                    + "; kept as the script submits it, so the case breaks TensorRT-LLM's mtp-max-num-tokens rule");
        }
        int batchLimit = args.genBatchSize() * (args.genEnableAttentionDp() ? args.genTpSize() : 1);
        for (int c : args.concurrency()) {
            if (c > batchLimit) {
                warnings.add("concurrency " + c + " exceeds what the gen servers can batch (" + batchLimit
                        + "); kept as the script submits it, so the case breaks TensorRT-LLM's concurrency-batch rule");
            }
        }
        for (String option : sbatch.extraArgs()) {
            notes.add("sbatch " + option + " is kept in slurm.extra_args");
        }
        for (String option : sbatch.dropped()) {
            notes.add("sbatch " + option + " is dropped: the case directory holds the job's output");
        }

        Map<String, Object> document = new LinkedHashMap<>();
        Map<String, Object> metadata = new LinkedHashMap<>();
        model.ifPresent(m -> metadata.put("model_name", m));
        if (capacity.isPresent()) {
            metadata.put("use_legacy_ctx_calculation", true);
            metadata.put("ctx_capacity", capacity.getAsLong());
        }
        if (!metadata.isEmpty()) {
            document.put("metadata", metadata);
        }
        document.put("slurm", slurm(sbatch));
        document.put("benchmark", benchmark(args, lengths));
        document.put("hardware", hardware(args, gpusPerNode, capacity.isPresent()));
        document.put("environment", environment(sbatch));
        Map<String, Object> workers = new LinkedHashMap<>();
        workers.put("ctx", ctx(args, lengths));
        workers.put("gen", gen(args, lengths));
        document.put("worker_config", workers);

        int nodes = checkAgainstPlan(sbatch, line, document, notes);

        String name = prefix(model, lengths) + (args.genEnableAttentionDp() ? "dep" : "tep") + args.genTpSize()
                + "_concurrency" + args.concurrency().stream().map(String::valueOf).collect(Collectors.joining("-"))
                + "_eplb" + args.eplbNumSlots() + "_mtp" + args.mtpSize();
        return new MigratedCase(name, line, document, args.ctxNum(),
                capacity.isPresent() ? OptionalInt.of((int) capacity.getAsLong()) : OptionalInt.empty(),
                args.ctxTpSize(), args.numGenServers(), args.genTpSize(), args.genEnableAttentionDp(), args.genBatchSize(),
                args.eplbNumSlots(), args.mtpSize(), args.concurrency(), gpusPerNode, nodes, notes, warnings);
    }

    /**
     * Plans the converted case with the real core, so migration and {@code disagg plan} cannot
     * disagree, and checks that the script's sbatch call asks for exactly what that plan needs.
     * Returns the plan's node count.
     */
    private static int checkAgainstPlan(SbatchOptions sbatch, int line, Map<String, Object> document, List<String> notes) {
        // Semantic rules only warn here: a case that breaks one is still written, with a note.
        LoadResult loaded = new CaseConfigLoader(new ValidationPolicy(Set.of("all")))
                .load(Path.of("converted.yaml"), CaseWriter.toYaml(document));
        if (!loaded.valid()) {
            throw new ScriptError(line, "the converted case is not a valid case: " + loaded.errors().get(0).message());
        }
        Plan plan;
        try {
            plan = Planner.plan(loaded.config().orElseThrow(), PlanOptions.defaults(Path.of(".")));
        } catch (PlanException e) {
            throw new ScriptError(line, "the converted case cannot be planned: " + e.getMessage());
        }
        int nodes = plan.totalNodes();
        String nodeMath = "ctx " + plan.ctx().servers() + " x " + plan.ctx().nodesPerServer() + " + gen "
                + plan.gen().servers() + " x " + plan.gen().nodesPerServer() + " with " + plan.gpusPerNode() + " GPUs per node";
        if (sbatch.nodes().isPresent() && sbatch.nodes().getAsInt() != nodes) {
            throw new ScriptError(line, "sbatch --nodes=" + sbatch.nodes().getAsInt() + ", but these arguments need " + nodes
                    + " nodes (" + nodeMath + "); a case always asks for the nodes its servers need");
        }
        if (sbatch.nodes().isEmpty()) {
            notes.add(0, "the sbatch call gives no --nodes; the case asks for the " + nodes + " nodes its servers need");
        }
        if (sbatch.ntasks().isPresent() && sbatch.ntasks().getAsInt() != plan.totalTasks()) {
            throw new ScriptError(line, "sbatch --ntasks=" + sbatch.ntasks().getAsInt() + ", but a case runs one task per GPU: "
                    + nodes + " nodes x " + plan.gpusPerNode() + " = " + plan.totalTasks());
        }
        if (sbatch.segment().isPresent() && sbatch.segment().getAsInt() != nodes) {
            throw new ScriptError(line, "sbatch --segment=" + sbatch.segment().getAsInt() + " differs from the job's " + nodes
                    + " nodes; a case can only segment by its own node count (slurm.set_segment)");
        }
        return nodes;
    }

    /** The notes every converted case shares: the defaults of the fields the legacy arguments never carried. */
    static List<String> commonDefaults() {
        return List.of(
                "pipeline_parallel_size 1 and moe_expert_parallel_size = tensor_parallel_size for ctx and gen",
                "max_seq_len: ctx input_length + " + SEQ_LEN_HEADROOM + ", gen input_length + output_length + " + SEQ_LEN_HEADROOM,
                "ctx disable_overlap_scheduler: true; MTP (speculative_config) on ctx as on gen",
                "benchmark mode e2e, streaming: true",
                "environment container_image, container_mount and model_path are placeholders to fill in");
    }

    private record Lengths(int input, int output, boolean known) {
    }

    private static Lengths lengths(SbatchCall call, MigrationSettings settings, List<String> notes) {
        OptionalInt isl = settings.inputLength().isPresent() ? settings.inputLength() : scriptLength(call, "isl");
        OptionalInt osl = settings.outputLength().isPresent() ? settings.outputLength() : scriptLength(call, "osl");
        if (isl.isEmpty()) {
            notes.add("input_length is not in the legacy arguments: " + DEFAULT_LENGTH + " (give --isl)");
        }
        if (osl.isEmpty()) {
            notes.add("output_length is not in the legacy arguments: " + DEFAULT_LENGTH + " (give --osl)");
        }
        return new Lengths(isl.orElse(DEFAULT_LENGTH), osl.orElse(DEFAULT_LENGTH), isl.isPresent() && osl.isPresent());
    }

    private static OptionalInt scriptLength(SbatchCall call, String variable) {
        String value = call.context().get(variable);
        if (value == null) {
            return OptionalInt.empty();
        }
        if (!value.matches("[1-9][0-9]{0,8}")) {
            throw new ScriptError(call.line(), "variable '" + variable + "' is '" + value + "'; expected a sequence length > 0");
        }
        return OptionalInt.of(Integer.parseInt(value));
    }

    /**
     * The model the submission ran: a variable naming it, else the last component of a variable
     * holding its path (the legacy scripts pointed at a checkpoint directory named after it).
     */
    private static Optional<String> model(SbatchCall call) {
        for (String name : SbatchCall.MODEL_VARIABLES) {
            if (call.context().containsKey(name)) {
                return Optional.of(call.context().get(name));
            }
        }
        for (String name : SbatchCall.MODEL_PATH_VARIABLES) {
            String path = call.context().getOrDefault(name, "").replaceAll("/+$", "");
            String last = path.substring(path.lastIndexOf('/') + 1);
            if (!last.isEmpty() && !last.startsWith("<")) {
                return Optional.of(last);
            }
        }
        return Optional.empty();
    }

    private static String prefix(Optional<String> model, Lengths lengths) {
        List<String> parts = new ArrayList<>();
        model.ifPresent(m -> parts.add(m.replaceAll("[^A-Za-z0-9._-]", "_")));
        if (lengths.known()) {
            parts.add(lengths.input() + "-" + lengths.output());
        }
        return parts.isEmpty() ? "" : String.join("-", parts) + "_";
    }

    private static int gpusPerNode(SbatchOptions sbatch, int line) {
        if (sbatch.ntasksPerNode().isPresent()) {
            return sbatch.ntasksPerNode().getAsInt();
        }
        if (sbatch.gres().isPresent()) {
            Matcher m = GRES_GPUS.matcher(sbatch.gres().get());
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        throw new ScriptError(line, "cannot tell how many GPUs a node has: the sbatch call gives neither --ntasks-per-node"
                + " nor --gres=gpu:N");
    }

    private static Map<String, Object> slurm(SbatchOptions sbatch) {
        Map<String, Object> slurm = new LinkedHashMap<>();
        sbatch.partition().ifPresent(v -> slurm.put("partition", v));
        sbatch.account().ifPresent(v -> slurm.put("account", v));
        sbatch.time().ifPresent(v -> slurm.put("job_time", v));
        sbatch.jobName().ifPresent(v -> slurm.put("job_name", v));
        List<String> extra = new ArrayList<>();
        sbatch.gres().ifPresent(v -> extra.add("--gres=" + v));
        extra.addAll(sbatch.extraArgs());
        slurm.put("extra_args", String.join(" ", extra));
        slurm.put("set_segment", sbatch.segment().isPresent());
        return slurm;
    }

    private static Map<String, Object> benchmark(LegacyArguments args, Lengths lengths) {
        Map<String, Object> benchmark = new LinkedHashMap<>();
        benchmark.put("mode", "e2e");
        benchmark.put("streaming", true);
        benchmark.put("concurrency_list", args.concurrency().stream().map(String::valueOf).collect(Collectors.joining(" ")));
        benchmark.put("input_length", lengths.input());
        benchmark.put("output_length", lengths.output());
        return benchmark;
    }

    private static Map<String, Object> hardware(LegacyArguments args, int gpusPerNode, boolean legacyCtx) {
        Map<String, Object> hardware = new LinkedHashMap<>();
        hardware.put("gpus_per_node", gpusPerNode);
        if (!legacyCtx) {
            hardware.put("num_ctx_servers", args.ctxNum());
        }
        hardware.put("num_gen_servers", args.numGenServers());
        return hardware;
    }

    private static Map<String, Object> environment(SbatchOptions sbatch) {
        Map<String, Object> environment = new LinkedHashMap<>();
        environment.put("container_image", "<container_image>");
        environment.put("container_mount", "<container_mount>");
        environment.put("model_path", "<model_path>");
        int slash = sbatch.script().lastIndexOf('/');
        // The legacy scripts lived in the work directory; a relative path says nothing about it.
        environment.put("work_dir", slash > 0 && sbatch.script().startsWith("/") ? sbatch.script().substring(0, slash)
                : "<full_path_to_work_dir>");
        return environment;
    }

    private static Map<String, Object> ctx(LegacyArguments args, Lengths lengths) {
        Map<String, Object> ctx = new LinkedHashMap<>();
        ctx.put("tensor_parallel_size", args.ctxTpSize());
        ctx.put("moe_expert_parallel_size", args.ctxTpSize());
        ctx.put("pipeline_parallel_size", 1);
        ctx.put("enable_attention_dp", args.ctxEnableAttentionDp());
        ctx.put("max_batch_size", args.ctxBatchSize());
        ctx.put("max_num_tokens", args.ctxMaxNumTokens());
        ctx.put("max_seq_len", lengths.input() + SEQ_LEN_HEADROOM);
        ctx.put("disable_overlap_scheduler", true);
        if (args.mtpSize() > 0) {
            ctx.put("speculative_config", speculative(args.mtpSize()));
        }
        return ctx;
    }

    private static Map<String, Object> gen(LegacyArguments args, Lengths lengths) {
        Map<String, Object> gen = new LinkedHashMap<>();
        gen.put("tensor_parallel_size", args.genTpSize());
        gen.put("moe_expert_parallel_size", args.genTpSize());
        gen.put("pipeline_parallel_size", 1);
        gen.put("enable_attention_dp", args.genEnableAttentionDp());
        gen.put("max_batch_size", args.genBatchSize());
        gen.put("max_num_tokens", args.genMaxNumTokens());
        gen.put("max_seq_len", lengths.input() + lengths.output() + SEQ_LEN_HEADROOM);
        gen.put("kv_cache_config", Map.of("free_gpu_memory_fraction", args.genGpuMemoryFraction()));
        if (args.eplbNumSlots() > 0) {
            gen.put("moe_config", Map.of("load_balancer", Map.of("num_slots", args.eplbNumSlots())));
        }
        if (args.mtpSize() > 0) {
            gen.put("speculative_config", speculative(args.mtpSize()));
        }
        return gen;
    }

    private static Map<String, Object> speculative(int mtp) {
        Map<String, Object> speculative = new LinkedHashMap<>();
        speculative.put("decoding_type", "MTP");
        speculative.put("num_nextn_predict_layers", mtp);
        return speculative;
    }

}
