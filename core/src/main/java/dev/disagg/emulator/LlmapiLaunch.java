package dev.disagg.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The emulated {@code trtllm-llmapi-launch <command>} (tensorrt_llm/llmapi/trtllm-llmapi-launch):
 * the rank is {@code SLURM_PROCID}, else {@code OMPI_COMM_WORLD_RANK}, {@code PMI_RANK},
 * {@code PMI_ID}, else 0. Rank 0 runs the command, its arguments as given, without the variables
 * whose names start with an MPI prefix, and exits with its status. Upstream's script re-splits the
 * command at whitespace (its unquoted {@code $task_with_command}); the emulator keeps the argument
 * boundaries so that wrapper commands such as {@code bash -c '<script>' ...} run, and warns on
 * stderr about each argument the real script would split. Other ranks stand for {@code mgmn_worker_node}:
 * they stay until the case's benchmark status file (found from the pytest arguments in the
 * command) appears, then exit 0.
 */
final class LlmapiLaunch {
    /** The script's mpi_blacklist. */
    static final List<String> MPI_PREFIXES = List.of("OMPI_", "PMIX_", "PMI_", "SLURM_", "MPI_", "UCX_", "I_MPI_",
            "HYDRA_", "KMP_", "MPICH_", "MV2_", "CRAY_");
    private static final Pattern WHITESPACE = Pattern.compile("\\s");
    private static final List<String> RANK_VARIABLES = List.of("SLURM_PROCID", "OMPI_COMM_WORLD_RANK", "PMI_RANK", "PMI_ID");

    private final Map<String, String> env;
    private final Path cwd;
    private final PrintStream out;
    private final PrintStream err;

    LlmapiLaunch(Map<String, String> env, Path cwd, PrintStream out, PrintStream err) {
        this.env = env;
        this.cwd = cwd;
        this.out = out;
        this.err = err;
    }

    int run(List<String> args) throws IOException, InterruptedException {
        String rankText = RANK_VARIABLES.stream().map(name -> Settings.get(env, name)).flatMap(Optional::stream)
                .findFirst().orElse("0");
        err.println("mpi_rank: " + rankText);
        int rank;
        try {
            rank = Integer.parseInt(rankText);
        } catch (NumberFormatException e) {
            err.println("trtllm-llmapi-launch: the rank '" + rankText + "' is not a number");
            return 2;
        }
        List<String> command = List.copyOf(args);
        if (command.isEmpty()) {
            err.println("trtllm-llmapi-launch: no command to run");
            return 2;
        }
        return rank == 0 ? leader(command) : follower(rank, command);
    }

    /** The command's environment: this one without the MPI variables, plus what the script exports. */
    static Map<String, String> leaderEnvironment(Map<String, String> env) {
        Map<String, String> child = new HashMap<>();
        env.forEach((name, value) -> {
            if (MPI_PREFIXES.stream().noneMatch(name::startsWith)) {
                child.put(name, value);
            }
        });
        child.put("TLLM_SPAWN_PROXY_PROCESS", "1");
        child.put("tllm_mpi_size", Settings.get(env, "SLURM_NTASKS").or(() -> Settings.get(env, "OMPI_COMM_WORLD_SIZE"))
                .orElse("1"));
        return child;
    }

    private int leader(List<String> command) throws IOException, InterruptedException {
        err.println("rank0 run " + String.join(" ", command));
        command.stream().filter(arg -> arg.isEmpty() || WHITESPACE.matcher(arg).find()).forEach(arg -> err.println(
                "trtllm-llmapi-launch: note: upstream's launcher would split or drop the argument '" + arg + "'"));
        Map<String, String> childEnv = leaderEnvironment(env);
        Optional<Path> executable = onPath(command.get(0), childEnv.get("PATH"));
        if (executable.isPresent() && EmulatorBin.isScript(executable.get(), Emulator.PYTEST)) {
            // The emulated pytest would only start another JVM of this CLI: run it here, with the
            // same cleaned environment, and save a role one JVM start.
            return new PytestRun(childEnv, cwd, out, err).run(command.subList(1, command.size()));
        }
        ProcessBuilder builder = new ProcessBuilder(command).directory(cwd.toFile());
        builder.environment().clear();
        builder.environment().putAll(childEnv);
        boolean inherit = out == System.out && err == System.err;
        if (inherit) {
            builder.inheritIO();
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            err.println("trtllm-llmapi-launch: " + command.get(0) + ": " + e.getMessage());
            return 127;
        }
        if (!inherit) {
            Thread copyOut = copy(process.getInputStream(), out);
            Thread copyErr = copy(process.getErrorStream(), err);
            int status = process.waitFor();
            copyOut.join();
            copyErr.join();
            return status;
        }
        return process.waitFor();
    }

    /** mgmn_worker_node's part: nothing to run; live until rank 0's test is over. */
    private int follower(int rank, List<String> command) throws InterruptedException {
        int pytest = -1;
        for (int i = 0; i < command.size(); i++) {
            if (Path.of(command.get(i)).getFileName() != null
                    && Path.of(command.get(i)).getFileName().toString().equals(Emulator.PYTEST)) {
                pytest = i;
                break;
            }
        }
        PytestArgs args = PytestArgs.parse(pytest < 0 ? List.of() : command.subList(pytest + 1, command.size()));
        Optional<String> id = args.paramId();
        if (args.outputDir().isEmpty() || id.isEmpty()) {
            err.println("rank" + rank + ": emulated mgmn_worker_node: no pytest --output-dir and test id in the command, "
                    + "so no status file to wait for; exiting 0");
            return 0;
        }
        Settings settings = Settings.from(env);
        Tod tod = new Tod(cwd.resolve(args.outputDir().get()).resolve(id.get()).normalize(), settings.runId());
        err.println("rank" + rank + ": emulated mgmn_worker_node: waiting for " + tod.statusFile());
        while (!java.nio.file.Files.exists(tod.statusFile())) {
            RoleContext.sleep(settings.poll());
        }
        err.println("rank" + rank + ": " + tod.statusFile() + " appeared; exiting 0");
        return 0;
    }

    /** Where a shell would find {@code name}: itself when it has a slash, else the first executable on PATH. */
    static Optional<Path> onPath(String name, String path) {
        if (name.contains("/")) {
            return Optional.of(Path.of(name));
        }
        if (path == null) {
            return Optional.empty();
        }
        for (String entry : path.split(":", -1)) {
            Path candidate = Path.of(entry.isEmpty() ? "." : entry).resolve(name);
            if (java.nio.file.Files.isRegularFile(candidate) && java.nio.file.Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static Thread copy(InputStream from, OutputStream to) {
        Thread thread = new Thread(() -> {
            try (from) {
                from.transferTo(to);
                to.flush();
            } catch (IOException e) {
                // the process ended; nothing more to copy
            }
        }, "llmapi-launch-copy");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
