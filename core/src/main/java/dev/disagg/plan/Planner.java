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
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Turns a validated case and the caller's options into a {@link Plan}. Pure: no I/O. */
public final class Planner {
    /** The longest case budget, in minutes (a year); every timeout is checked against it before any arithmetic. */
    public static final int MAX_CASE_TIMEOUT_MINUTES = 365 * 24 * 60;

    /** No cluster has more; the limit keeps a typo (or an overflow) from planning millions of servers. */
    static final long MAX_NODES = 10_000;

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

        int readyTimeout = profile.readyTimeoutSeconds();
        int caseTimeout = options.timeoutMinutes()
                .or(() -> config.slurm().timeoutMinutes())
                .orElse(profile.caseTimeoutMinutes());
        if (caseTimeout < 1 || caseTimeout > MAX_CASE_TIMEOUT_MINUTES) {
            // the job script counts it in seconds and sbatch gets it plus 5 minutes: both must not wrap around
            throw new PlanException("the case timeout is " + caseTimeout + " minutes; expected 1 to " + MAX_CASE_TIMEOUT_MINUTES
                    + " (a year)");
        }
        Map<String, String> secrets = new LinkedHashMap<>();
        Plan.Commands commands = commands(config, profile, caseName, caseDir, options.selfCommand(), secrets);
        Map<String, String> roleEnv = roleEnv(config, ctxServers, genServers, caseDir, readyTimeout);
        List<String> sbatch = sbatch(config, profile, caseName, caseDir, totalNodes, totalTasks, gpn, caseTimeout, notes,
                !secrets.isEmpty());
        Optional<String> install = profile.installCommand()
                .or(() -> config.environment().wheelPath().map(wheel -> "pip install --no-deps " + Shell.quote(wheel)));

        return new Plan(caseName, CaseNames.shape(ctxServers, genServers, config.gen()), config.source(), workspace,
                caseDir, config.benchmark().mode(), gpn, ctx, gen, totalNodes, totalTasks, totalGpus, source,
                config.benchmark().concurrency(), options.pack(), List.copyOf(servers), commands, sbatch,
                srunArgs(config, profile, notes), profile.mpi().map(mpi -> List.of("--mpi=" + mpi)).orElse(List.of()), roleEnv,
                readyTimeout, caseTimeout, profile.name(), install, SecretEnv.of(secrets), List.copyOf(explain), List.copyOf(notes));
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

    /** The role commands; {@code secrets} gets the carrier and value of each secret-looking variable they refer to. */
    private static Plan.Commands commands(CaseConfig config, ClusterProfile profile, String caseName, Path caseDir, String self,
                                          Map<String, String> secrets) {
        String test = TestCommands.fill(profile.testCommand(), Map.of(
                "caseDir", Shell.quote(caseDir.toString()),
                "caseName", Shell.quote(caseName),
                "trtllmRepo", Shell.quote(config.environment().trtllmRepo().orElse(".")),
                "self", self));
        CaseConfig.Environment env = config.environment();
        // each word quoted: a profile's launcher is text, never shell syntax
        String launcher = profile.launcher().isEmpty() ? "" : Shell.join(profile.launcher()) + " ";
        List<EnvVar> ctxExtra = new ArrayList<>(env.ctxWorkerEnv());
        List<EnvVar> genExtra = new ArrayList<>(env.genWorkerEnv());
        if (config.profiling().nsysOn()) {
            config.profiling().ctxProfileRange().ifPresent(r -> ctxExtra.add(new EnvVar("TLLM_PROFILE_START_STOP", r)));
            config.profiling().genProfileRange().ifPresent(r -> genExtra.add(new EnvVar("TLLM_PROFILE_START_STOP", r)));
        }
        String workers = assignments(env.workerEnv(), "WORKER", secrets, profile.secretNames());
        String worker = "unset UCX_TLS && " + workers + launcher + test;
        String ctxWorker = "unset UCX_TLS && " + workers + assignments(ctxExtra, "CTX", secrets, profile.secretNames()) + launcher + test;
        String genWorker = "unset UCX_TLS && " + workers + assignments(genExtra, "GEN", secrets, profile.secretNames()) + launcher + test;
        String server = assignments(env.serverEnv(), "SERVER", secrets, profile.secretNames()) + test;
        String benchmark = assignments(concat(config.benchmark().envVar(), env.benchmarkEnv()), "BENCHMARK", secrets, profile.secretNames()) + test;
        return new Plan.Commands(worker, ctxWorker, genWorker, server, benchmark);
    }

    private static Map<String, String> roleEnv(CaseConfig config, int ctx, int gen, Path caseDir, int readyTimeout) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DISAGG_CASE_DIR", caseDir.toString());
        env.put("DISAGG_HOSTNAMES_DIR", caseDir.resolve("hostnames").toString());
        env.put("DISAGG_STATUS_FILE", caseDir.resolve("benchmark_status.txt").toString());
        env.put("DISAGG_SERVER_CONFIG", caseDir.resolve("server_config.yaml").toString());
        env.put("DISAGG_NUM_CTX_SERVERS", String.valueOf(ctx));
        env.put("DISAGG_NUM_GEN_SERVERS", String.valueOf(gen));
        env.put("DISAGG_CONCURRENCY_LIST", config.benchmark().concurrency().stream().map(String::valueOf).collect(Collectors.joining(" ")));
        env.put("DISAGG_MULTI_ROUND", String.valueOf(config.benchmark().multiRound()));
        env.put("DISAGG_INPUT_LENGTH", String.valueOf(config.benchmark().inputLength()));
        env.put("DISAGG_OUTPUT_LENGTH", String.valueOf(config.benchmark().outputLength()));
        env.put("DISAGG_STREAMING", String.valueOf(config.benchmark().streaming()));
        env.put("DISAGG_READY_TIMEOUT_SECONDS", String.valueOf(readyTimeout));
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
        args.add("--output=" + caseDir.toString().replace("%", "%%") + "/slurm_%j.log");
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
    private static List<String> srunArgs(CaseConfig config, ClusterProfile profile, List<String> notes) {
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
