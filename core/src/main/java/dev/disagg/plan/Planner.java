package dev.disagg.plan;

import dev.disagg.config.CaseConfig;
import dev.disagg.config.EnvVar;
import dev.disagg.secret.SecretEnv;
import dev.disagg.secret.SecretNames;
import dev.disagg.shell.Shell;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

/** Turns a validated case and the caller's options into a {@link Plan}. Pure: no I/O. */
public final class Planner {
    /** The longest case budget, in minutes (a year); every timeout is checked against it before any arithmetic. */
    public static final int MAX_CASE_TIMEOUT_MINUTES = 365 * 24 * 60;

    /** No cluster has more; the limit keeps a typo (or an overflow) from planning millions of servers. */
    static final long MAX_NODES = 10_000;
    /** Upstream's wait bound of every role when the case sets no slurm.timeout (test_perf_sanity.py@0452cf0c). */
    static final long DEFAULT_ROLE_TIMEOUT_SECONDS = 10_800;

    private Planner() {
    }

    public static Plan plan(CaseConfig config, PlanOptions options) {
        try {
            return planChecked(config, options);
        } catch (ArithmeticException overflow) {
            throw new PlanException("the sizes in this case multiply to more nodes or GPUs than can be counted"
                    + " (check tensor/pipeline/context_parallel_size and the server counts)");
        }
    }

    private static Plan planChecked(CaseConfig config, PlanOptions options) {
        List<Plan.Explanation> explain = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        ClusterProfile profile = options.profile();
        String caseName = CaseNames.check(options.caseName().orElse(config.stem()));
        int gpn = config.hardware().gpusPerNode();

        int ctxServers = ctxServerCount(config, explain, notes);
        checkSize(config, ctxServers, gpn);
        Plan.CtxCountSource source = config.metadata().useLegacyCtxCalculation() && config.benchmark().startsCtxServers()
                ? Plan.CtxCountSource.LEGACY : Plan.CtxCountSource.CONFIG;
        int genServers = config.hardware().numGenServers();
        explain.add(new Plan.Explanation("gen.servers", genServers, "hardware.num_gen_servers"));

        Plan.RolePlan ctx = role("ctx", config.ctx(), ctxServers, gpn, options.pack(), explain);
        Plan.RolePlan gen = role("gen", config.gen(), genServers, gpn, options.pack(), explain);
        int totalNodes = Math.addExact(ctx.nodes(), gen.nodes());
        explain.add(new Plan.Explanation("totalNodes", totalNodes,
                "gen.nodes " + gen.nodes() + " + ctx.nodes " + ctx.nodes()));
        int totalTasks = Math.multiplyExact(totalNodes, gpn);
        explain.add(new Plan.Explanation("totalTasks", totalTasks,
                "totalNodes " + totalNodes + " x gpus_per_node " + gpn));
        int totalGpus = Math.addExact(Math.multiplyExact(gen.worldSize(), gen.servers()),
                Math.multiplyExact(ctx.worldSize(), ctx.servers()));
        explain.add(new Plan.Explanation("totalGpus", totalGpus, "gen world " + gen.worldSize() + " x " + gen.servers()
                + " + ctx world " + ctx.worldSize() + " x " + ctx.servers() + " (GPUs the servers use)"));

        Path workspace = options.workspace().toAbsolutePath().normalize();
        Path caseDir = workspace.resolve("disagg_logs").resolve(caseName);
        if (caseDir.toString().contains("\\")) {
            // sbatch reads a backslash in --output as "no % patterns" and the job log would get lost.
            throw new PlanException("the case directory " + caseDir + " contains a backslash, which sbatch's --output"
                    + " cannot take; use a workspace path without one");
        }
        List<Plan.ServerSlot> servers = new ArrayList<>();
        servers.addAll(slots("GEN", "gen", gen, 0, gpn, options.pack()));
        servers.addAll(slots("CTX", "ctx", ctx, gen.nodes(), gpn, options.pack()));

        CaseLayout layout = CaseLayout.of(caseDir, caseName, config.benchmark().mode(), profile.upload());
        Optional<Path> emulatorBin = profile.emulator() ? Optional.of(caseDir.resolve("emulator").resolve("bin")) : Optional.empty();
        Optional<String> llmRoot = profile.emulator()
                ? Optional.of(caseDir.resolve("emulator").resolve("trtllm").toString())
                : config.environment().trtllmRepo().filter(r -> !r.isBlank()).or(profile::llmRoot);
        if (llmRoot.isEmpty()) {
            notes.add("no TensorRT-LLM checkout named (environment.trtllm_repo, or llm_root in the cluster profile):"
                    + " the job uses its environment's LLM_ROOT and stops at once without it");
        }
        int readyTimeout = profile.readyTimeoutSeconds();
        long roleTimeout = config.slurm().timeoutSeconds().map(Integer::longValue).orElse(DEFAULT_ROLE_TIMEOUT_SECONDS);
        explain.add(new Plan.Explanation("roleTimeoutSeconds", roleTimeout, config.slurm().timeoutSeconds().isPresent()
                ? "slurm.timeout (seconds: every upstream role's wait bound)" : "upstream's DEFAULT_TIMEOUT (slurm.timeout not set)"));
        int caseTimeout = options.timeoutMinutes().orElse(profile.caseTimeoutMinutes());
        if (caseTimeout < 1 || caseTimeout > MAX_CASE_TIMEOUT_MINUTES) {
            // the job script counts it in seconds and sbatch gets it plus 5 minutes: both must not wrap around
            throw new PlanException("the case timeout is " + caseTimeout + " minutes; expected 1 to " + MAX_CASE_TIMEOUT_MINUTES
                    + " (a year)");
        }
        if (config.slurm().timeoutSeconds().isPresent() && caseTimeout * 60L < roleTimeout) {
            notes.add("slurm.timeout lets the roles wait " + roleTimeout + " s, longer than the case timeout of " + caseTimeout
                    + " min: the job stops the case first (--timeout-minutes raises it)");
        }
        Map<String, String> secrets = new LinkedHashMap<>();
        if (config.slurm().numaBind() && !profile.numaBind()) {
            notes.add("slurm.numa_bind is on but cluster profile '" + profile.name()
                    + "' has numa_bind: false: the workers run without numactl -m 0,1");
        }
        Plan.Commands commands = commands(config, profile, caseName, layout, llmRoot, options.selfCommand(), secrets);
        Map<String, String> roleEnv = roleEnv(config, profile, layout, llmRoot, readyTimeout);
        List<String> sbatch = sbatch(config, profile, caseName, caseDir, totalNodes, totalTasks, gpn, caseTimeout, notes,
                !secrets.isEmpty());
        if (config.environment().buildWheel() && profile.installCommand().isEmpty()) {
            // Building TensorRT-LLM is a job of its own (hours, a build container); the tool does not guess one.
            throw new PlanException("environment.build_wheel: true is not supported: build the wheel beforehand and set"
                    + " environment.trtllm_wheel_path, or give the cluster profile an install_command that builds it");
        }
        Optional<String> install = profile.installCommand()
                .or(() -> config.environment().wheelPath().map(wheel -> "pip install --no-deps " + Shell.quote(wheel)));

        return new Plan(caseName, CaseNames.shape(ctxServers, genServers, config.gen()), config.source(), workspace,
                caseDir, layout, llmRoot, emulatorBin, config.benchmark().mode(), gpn, ctx, gen, totalNodes, totalTasks, totalGpus, source,
                config.benchmark().concurrency(), options.pack(), List.copyOf(servers), commands, sbatch,
                srunArgs(config, profile, roleEnv, notes), profile.mpi().map(mpi -> List.of("--mpi=" + mpi)).orElse(List.of()), roleEnv,
                readyTimeout, roleTimeout, caseTimeout, profile.name(), install,
                profile.coverage() ? Optional.of(coverageConfig(layout, llmRoot)) : Optional.empty(), SecretEnv.of(secrets), profile.secretNames(), List.copyOf(explain), List.copyOf(notes));
    }

    private static int ctxServerCount(CaseConfig config, List<Plan.Explanation> explain, List<String> notes) {
        Optional<Integer> fromFile = config.hardware().numCtxServers();
        if (!config.benchmark().startsCtxServers()) {
            explain.add(new Plan.Explanation("ctx.servers", 0, "benchmark.mode gen_only_no_context starts no ctx servers"));
            fromFile.filter(n -> n > 0).ifPresent(n -> notes.add("hardware.num_ctx_servers: " + n
                    + " is not used: mode gen_only_no_context starts no ctx servers"));
            return 0;
        }
        if (config.metadata().useLegacyCtxCalculation()) {
            int first = config.benchmark().concurrency().get(0);
            int capacity = config.metadata().ctxCapacity();
            int count = ceilDiv(first, capacity);
            explain.add(new Plan.Explanation("ctx.servers", count, "ceil(first concurrency " + first + " / ctx_capacity "
                    + capacity + ") (legacy mode: metadata.use_legacy_ctx_calculation: true)"));
            // run and submit print the plan's notes: this line is what users look for in a build log
            notes.add("legacy ctx_num: ceil(" + first + "/" + capacity + ") = " + count + " (metadata.use_legacy_ctx_calculation)");
            fromFile.filter(n -> n != count).ifPresent(n -> notes.add("hardware.num_ctx_servers: " + n
                    + " is ignored: legacy mode computes the ctx count from the concurrency and wins because"
                    + " use_legacy_ctx_calculation: true asks for it (set it to false to use " + n + ")"));
            return count;
        }
        int count = fromFile.orElseThrow();
        explain.add(new Plan.Explanation("ctx.servers", count, "hardware.num_ctx_servers"));
        return count;
    }

    /**
     * Refuses a case that no cluster could run (whole nodes per server, as without packing),
     * before any number of it overflows an int.
     */
    private static void checkSize(CaseConfig config, int ctxServers, int gpn) {
        int genServers = config.hardware().numGenServers();
        long gen = nodes(config.gen(), genServers, gpn);
        long ctx = nodes(config.ctx(), ctxServers, gpn);
        long total = gen > Long.MAX_VALUE - ctx ? Long.MAX_VALUE : gen + ctx;
        if ((long) genServers + ctxServers > MAX_NODES || total > MAX_NODES) {
            throw new PlanException("the case needs " + big(total) + " node(s) of " + gpn + " GPUs (gen: " + genServers
                    + " server(s) of world size " + big(worldSize(config.gen())) + ", ctx: " + ctxServers + " of world size "
                    + big(worldSize(config.ctx())) + "; world size = tensor x pipeline x context parallel); more than "
                    + MAX_NODES + ", which no cluster has: check worker_config and hardware");
        }
    }

    private static long nodes(CaseConfig.Worker worker, int servers, int gpn) {
        long world = worldSize(worker);
        return times(world / gpn + (world % gpn == 0 ? 0 : 1), servers);
    }

    private static long worldSize(CaseConfig.Worker worker) {
        return times(times(worker.tensorParallel(), worker.pipelineParallel()), worker.contextParallel());
    }

    private static String big(long value) {
        return value == Long.MAX_VALUE ? "more than 2^63" : String.valueOf(value);
    }

    /** a x b for a, b >= 0, or Long.MAX_VALUE when that does not fit. */
    private static long times(long a, long b) {
        return b != 0 && a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
    }

    private static Plan.RolePlan role(String name, CaseConfig.Worker worker, int servers, int gpn, boolean pack,
                                      List<Plan.Explanation> explain) {
        int world = worker.worldSize();
        explain.add(new Plan.Explanation(name + ".worldSize", world, "tensor_parallel_size " + worker.tensorParallel()
                + " x pipeline_parallel_size " + worker.pipelineParallel() + " x context_parallel_size " + worker.contextParallel()));
        int perServer = ceilDiv(world, gpn);
        explain.add(new Plan.Explanation(name + ".nodesPerServer", perServer, "ceil(worldSize " + world + " / gpus_per_node " + gpn + ")"));
        int nodes;
        // Only servers smaller than a node share nodes; a bigger one keeps whole nodes, or a world of 6
        // on 4-GPU nodes would be counted as 1.5 nodes while its slots take 2.
        if (pack && servers > 0 && world < gpn) {
            if (gpn % world != 0) {
                throw new PlanException("cannot pack " + name + " servers: world size " + world
                        + " does not divide gpus_per_node " + gpn + " (drop --pack, or use a world size that divides it)");
            }
            nodes = ceilDiv(Math.multiplyExact(world, servers), gpn);
            explain.add(new Plan.Explanation(name + ".nodes", nodes, "packed: ceil(worldSize " + world + " x servers " + servers
                    + " / gpus_per_node " + gpn + ")"));
        } else {
            nodes = Math.multiplyExact(perServer, servers);
            explain.add(new Plan.Explanation(name + ".nodes", nodes, "nodesPerServer " + perServer + " x servers " + servers));
        }
        return new Plan.RolePlan(servers, worker.tensorParallel(), worker.pipelineParallel(), worker.contextParallel(),
                world, perServer, nodes, Math.min(world, gpn));
    }

    /** Server placement: whole nodes per server, or with packing consecutive GPU ranges. */
    private static List<Plan.ServerSlot> slots(String type, String role, Plan.RolePlan plan, int firstNode, int gpn, boolean pack) {
        List<Plan.ServerSlot> slots = new ArrayList<>();
        String logPrefix = role + "_server_";
        for (int i = 0; i < plan.servers(); i++) {
            List<Integer> nodes;
            List<Integer> gpus;
            if (pack && plan.worldSize() < gpn) {
                int firstGpu = i * plan.worldSize();
                nodes = List.of(firstNode + firstGpu / gpn);
                gpus = range(firstGpu % gpn, plan.worldSize());
            } else {
                int start = firstNode + i * plan.nodesPerServer();
                nodes = range(start, plan.nodesPerServer());
                gpus = range(0, plan.tasksPerNode());
            }
            slots.add(new Plan.ServerSlot(type + "_" + i, role, i, nodes, gpus, plan.worldSize(), plan.tasksPerNode(),
                    logPrefix + i + ".log"));
        }
        return slots;
    }

    /**
     * The role commands as upstream's generator builds them (jenkins/scripts/perf/submit.py@05323f95): the UCX setup,
     * the mode's variables, the case's env strings, {@code trtllm-llmapi-launch} for workers only, then the one
     * base pytest command. {@code secrets} gets the carrier and value of each secret-looking variable they refer to.
     */
    private static Plan.Commands commands(CaseConfig config, ClusterProfile profile, String caseName, CaseLayout layout,
                                          Optional<String> llmRoot, String self, Map<String, String> secrets) {
        String root = llmRoot.map(Shell::quote).orElse("\"$LLM_ROOT\"");
        String test = TestCommands.fill(profile.testCommand(), Map.of(
                "outputDir", Shell.quote(layout.caseDir().toString()),
                "junitDir", Shell.quote(layout.junitDir().toString()),
                "nodeId", Shell.quote(layout.nodeId()),
                "caseDir", Shell.quote(layout.caseDir().toString()),
                "caseName", Shell.quote(caseName),
                "trtllmRepo", root,
                "llmRoot", root,
                "self", self));
        CaseConfig.Environment env = config.environment();
        // each word quoted: a profile's launcher is text, never shell syntax
        String launcher = profile.launcher().isEmpty() ? "" : Shell.join(profile.launcher()) + " ";
        // slurm.numa_bind as upstream's example launcher binds memory (examples/disaggregated/slurm/benchmark/
        // start_worker.sh@cb5b1541: numactl -m 0,1); in front of the launcher so every rank inherits the policy,
        // not only rank 0, which is the one trtllm-llmapi-launch runs the command on.
        String numa = config.slurm().numaBind() && profile.numaBind() ? "numactl -m 0,1 " : "";
        String ucx = profile.ucxSetup() + " && ";
        String mode = config.benchmark().mode();
        boolean genOnly = !mode.equals("e2e");
        boolean noContext = mode.contains("gen_only_no_context");
        List<EnvVar> ctxMode = new ArrayList<>();
        List<EnvVar> genMode = new ArrayList<>();
        List<EnvVar> serverMode = new ArrayList<>();
        if (noContext) {
            genMode.add(new EnvVar("TRTLLM_DISAGG_BENCHMARK_GEN_ONLY", "1"));
            serverMode.add(new EnvVar("TRTLLM_DISAGG_BENCHMARK_GEN_ONLY", "1"));
        } else if (genOnly) {
            ctxMode.add(new EnvVar("TRTLLM_DISABLE_KV_CACHE_TRANSFER_OVERLAP", "1"));
            genMode.add(new EnvVar("TRTLLM_DISABLE_KV_CACHE_TRANSFER_OVERLAP", "1"));
            genMode.add(new EnvVar("TLLM_BENCHMARK_REQ_QUEUES_SIZE", String.valueOf(requestQueueSize(config))));
        }
        // Upstream's per-rank caches, evaluated on the node (SLURM_LOCALID of each task).
        String caches = "FLASHINFER_JIT_DIR=\"/tmp/flashinfer_jit_cache_${SLURM_LOCALID:-0}\" HF_HOME=/tmp/hf_home ";
        List<EnvVar> ctxExtra = new ArrayList<>(env.ctxWorkerEnv());
        List<EnvVar> genExtra = new ArrayList<>(env.genWorkerEnv());
        if (config.profiling().nsysOn()) {
            config.profiling().ctxProfileRange().ifPresent(r -> ctxExtra.add(new EnvVar("TLLM_PROFILE_START_STOP", r)));
            config.profiling().genProfileRange().ifPresent(r -> genExtra.add(new EnvVar("TLLM_PROFILE_START_STOP", r)));
        }
        SecretNames names = profile.secretNames();
        String workers = assignments(env.workerEnv(), "WORKER", secrets, names);
        String ctxWorker = ucx + assignments(ctxMode, "CTX", secrets, names) + caches + workers + assignments(ctxExtra, "CTX", secrets, names)
                + numa + launcher + test;
        String genWorker = ucx + assignments(genMode, "GEN", secrets, names) + caches + workers + assignments(genExtra, "GEN", secrets, names)
                + numa + launcher + test;
        String server = ucx + assignments(serverMode, "SERVER", secrets, names) + assignments(env.serverEnv(), "SERVER", secrets, names) + test;
        String benchmark = ucx + assignments(concat(config.benchmark().envVar(), env.benchmarkEnv()), "BENCHMARK", secrets, names) + test;
        if (profile.coverage()) {
            benchmark = coverageFill(layout) + benchmark + coverageOptions(layout, root);
        }
        String collect = ucx + "pytest --collect-only -q " + Shell.quote(layout.nodeId());
        return new Plan.Commands(ctxWorker, genWorker, server, benchmark, collect);
    }

    /** The shell variable the BENCHMARK step keeps the installed wheel's location in. */
    private static final String WHEEL_VARIABLE = "disagg_wheel_path";

    /**
     * The case's coverage.py config, as upstream's CI writes it (jenkins/scripts/slurm_run.sh@00905a12): branch
     * coverage, the data file in the case directory, and the source tree and the installed wheel as one source.
     * Without a named checkout the tree is {@code ${LLM_ROOT}}, which coverage.py expands from the role's environment.
     */
    static String coverageConfig(CaseLayout layout, Optional<String> llmRoot) {
        return "[run]\n"
                + "branch = True\n"
                + "data_file = " + literal(layout.coverageData().toString()) + "\n"
                + "[paths]\n"
                + "source =\n"
                + "    " + llmRoot.map(Planner::literal).orElse("${LLM_ROOT}") + "/tensorrt_llm/\n"
                + "    " + CaseLayout.WHEEL_PATH_PLACEHOLDER + "/tensorrt_llm/\n";
    }

    /** A path as coverage.py reads it literally: it expands {@code $NAME} in every value, {@code $$} is one dollar. */
    private static String literal(String path) {
        return path.replace("$", "$$");
    }

    /**
     * Fills the wheel's location into the config where the wheel is installed (the BENCHMARK step's node and
     * container), as upstream's rank 0 does with {@code pip3 show tensorrt_llm}; without a wheel the line stays.
     */
    private static String coverageFill(CaseLayout layout) {
        String config = Shell.quote(layout.coverageConfig().toString());
        return WHEEL_VARIABLE + "=$(pip3 show tensorrt_llm 2>/dev/null | sed -n 's/^Location: //p'); [ -z \"$" + WHEEL_VARIABLE
                + "\" ] || sed -i \"s|" + CaseLayout.WHEEL_PATH_PLACEHOLDER + "|$" + WHEEL_VARIABLE + "|g\" " + config + "; ";
    }

    /**
     * Upstream's pytest coverage options (slurm_run.sh@00905a12); only BENCHMARK keeps them, as upstream's generator
     * removes {@code --cov} options from the worker and server commands (submit.py@05323f95).
     */
    private static String coverageOptions(CaseLayout layout, String root) {
        return " --cov=" + root + "/examples/ --cov=" + root + "/tensorrt_llm/ --cov=\"${" + WHEEL_VARIABLE + ":-$LLM_ROOT}\"/tensorrt_llm/"
                + " --cov-report= --cov-config=" + Shell.quote(layout.coverageConfig().toString());
    }

    /**
     * gen_only's fill target: the first concurrency, capped at what the GEN executor holds
     * (max_batch_size, times tp with attention DP), as upstream's generator computes it.
     */
    static int requestQueueSize(CaseConfig config) {
        int concurrency = config.benchmark().concurrency().get(0);
        CaseConfig.Worker gen = config.gen();
        long batch = gen.maxBatchSize().orElse(concurrency);
        long capacity = gen.attentionDp() ? batch * gen.tensorParallel() : batch;
        return (int) Math.min(capacity, concurrency);
    }

    /**
     * What the job exports to every role step, as upstream's launch scripts and roles expect it: where the
     * case YAML is, the checkout, the models, the ready bound, pmix's data store, the IMEX channels.
     */
    private static Map<String, String> roleEnv(CaseConfig config, ClusterProfile profile, CaseLayout layout,
                                               Optional<String> llmRoot, int readyTimeout) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DISAGG_CONFIG_FOLDER", layout.configFolder().toString());
        llmRoot.ifPresent(root -> env.put("LLM_ROOT", root));
        profile.modelsRoot().ifPresent(root -> env.put("LLM_MODELS_ROOT", root));
        env.put("TRTLLM_TEST_DISAGG_SERVER_READY_TIMEOUT", String.valueOf(readyTimeout));
        env.put("PMIX_MCA_gds", "hash");
        env.put("NVIDIA_IMEX_CHANNELS", "0");
        if (config.benchmark().mode().contains("gen_only_no_context")) {
            env.put("TRTLLM_DISAGG_BENCHMARK_GEN_ONLY", "1");
        }
        env.putAll(profile.roleEnv());
        return java.util.Collections.unmodifiableMap(env);
    }

    private static List<String> sbatch(CaseConfig config, ClusterProfile profile, String caseName, Path caseDir,
                                       int nodes, int tasks, int gpn, int caseTimeoutMinutes, List<String> notes,
                                       boolean passesSecrets) {
        CaseConfig.Slurm slurm = config.slurm();
        List<String> args = new ArrayList<>();
        slurm.partition().or(profile::partition).ifPresent(p -> args.add("--partition=" + p));
        slurm.account().or(profile::account).ifPresent(a -> args.add("--account=" + a));
        String time = slurm.jobTime().orElseGet(() -> minutesToTime(caseTimeoutMinutes + 5L));
        args.add("--time=" + time);
        args.add("--job-name=" + slurm.jobName().orElse("disagg-" + caseName));
        args.add("--nodes=" + nodes);
        args.add("--ntasks=" + tasks);
        args.add("--ntasks-per-node=" + gpn);
        if (slurm.setSegment()) {
            if (profile.segment()) {
                args.add("--segment=" + nodes);
            } else {
                notes.add("slurm.set_segment is on but cluster profile '" + profile.name() + "' has no segment support: --segment omitted");
            }
        }
        boolean gresInExtra = slurm.extraArgs().stream().anyMatch(a -> a.startsWith("--gres"));
        if (profile.gres() && !gresInExtra) {
            args.add("--gres=gpu:" + gpn);
        }
        // sbatch expands %j, %x, ... in the whole path: a % of the case directory is doubled to stay literal.
        args.add("--output=" + caseDir.toString().replace("%", "%%") + "/" + CaseLayout.SLURM_LOG_PATTERN);
        // A requeued job would reuse a case directory that already holds a run's files.
        args.add("--no-requeue");
        args.addAll(slurm.extraArgs());
        args.addAll(profile.sbatchArgs());
        if (passesSecrets) {
            requireExportAll(args);
        }
        return List.copyOf(args);
    }

    /**
     * Secrets reach the job through sbatch's environment, which only {@code --export=ALL} passes on.
     * Without an --export option, ALL is asked for (it beats an SBATCH_EXPORT of the caller).
     */
    private static void requireExportAll(List<String> args) {
        List<String> exports = args.stream().filter(a -> a.startsWith("--export")).toList();
        if (exports.isEmpty()) {
            args.add("--export=ALL");
            return;
        }
        for (String export : exports) {
            String value = export.startsWith("--export=") ? export.substring("--export=".length()) : "";
            if (!value.equals("ALL") && !value.startsWith("ALL,")) {
                throw new PlanException("the case sets secret-looking environment variables, which reach the job through"
                        + " sbatch's environment, but the sbatch arguments have '" + export + "', which would drop them;"
                        + " use --export=ALL (or ALL,NAME=value)");
            }
        }
    }

    /** Pyxis container flags, only where the cluster has pyxis and the case names an image. */
    private static List<String> srunArgs(CaseConfig config, ClusterProfile profile, Map<String, String> roleEnv,
                                         List<String> notes) {
        CaseConfig.Environment env = config.environment();
        if (env.containerImage().isEmpty()) {
            return List.of();
        }
        if (!profile.containers()) {
            notes.add("environment.container_image is set but cluster profile '" + profile.name()
                    + "' runs no containers: the steps run on the host");
            return List.of();
        }
        List<String> args = new ArrayList<>();
        args.add("--container-image=" + env.containerImage().get());
        env.containerMount().ifPresent(mounts -> args.add("--container-mounts=" + mounts));
        env.workDir().ifPresent(dir -> args.add("--container-workdir=" + dir));
        args.add("--no-container-mount-home");
        // One container per job, so what the install step puts into it is there for the roles (the job script
        // fills in the job id); the host's values of the role variables win over the image's.
        args.add("--container-name=disagg-${SLURM_JOB_ID}");
        args.add("--container-env=DISAGG_SERVING_TYPE");
        roleEnv.keySet().forEach(name -> args.add("--container-env=" + name));
        return List.copyOf(args);
    }

    private static String minutesToTime(long minutes) {
        return String.format("%02d:%02d:00", minutes / 60, minutes % 60);
    }

    /**
     * {@code NAME='value' } per variable. A secret-looking one refers to its carrier instead
     * ({@code HF_TOKEN="$DISAGG_SECRET_WORKER_HF_TOKEN"}), so its value is in no file and no plan.
     */
    private static String assignments(List<EnvVar> vars, String scope, Map<String, String> secrets, SecretNames names) {
        StringBuilder out = new StringBuilder();
        for (EnvVar v : vars) {
            if (names.secret(v.name())) {
                String carrier = SecretEnv.carrier(scope, v.name());
                secrets.put(carrier, v.value());
                out.append(v.name()).append("=\"$").append(carrier).append("\" ");
            } else {
                out.append(v.name()).append('=').append(Shell.quote(v.value())).append(' ');
            }
        }
        return out.toString();
    }

    private static List<EnvVar> concat(List<EnvVar> first, List<EnvVar> second) {
        List<EnvVar> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private static List<Integer> range(int start, int count) {
        return IntStream.range(start, start + count).boxed().toList();
    }

    /** Ceiling of a / b for a >= 0, b > 0, without the overflow of (a + b - 1) / b. */
    private static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }
}
