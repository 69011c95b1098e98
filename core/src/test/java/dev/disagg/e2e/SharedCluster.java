package dev.disagg.e2e;

import static org.assertj.core.api.Assertions.fail;

import dev.disagg.slurm.CommandResult;
import dev.disagg.slurm.ProcessCommandRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The local cluster (test/scripts/local-slurm.sh) as the fault and load tests use it. It is
 * shared with whoever else runs jobs: disruptions wait until only our jobs are queued and are
 * undone at once; jobs are cancelled by id, never by name.
 */
final class SharedCluster {
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(500);

    private SharedCluster() {
    }

    static void requireRunning() {
        CommandResult sinfo = run("sinfo", "-h", "-t", "idle,mix,alloc", "-o", "%D");
        if (!sinfo.succeeded() || sinfo.stdout().isBlank()) {
            fail("the local SLURM cluster is not running (" + sinfo.stderr().strip()
                    + "); start it with test/scripts/local-slurm.sh start");
        }
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Runs a command to its end; a command that cannot start fails the test. */
    static CommandResult run(String... command) {
        try {
            return new ProcessCommandRunner().run(List.of(command), COMMAND_TIMEOUT);
        } catch (IOException e) {
            return fail("cannot run " + command[0] + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted");
        }
    }

    /** Ids of every job SLURM still lists (pending, running or completing), anyone's. */
    static List<String> queuedJobs() {
        CommandResult squeue = run("squeue", "-h", "-o", "%A");
        if (!squeue.succeeded()) {
            fail("squeue failed: " + squeue.stderr());
        }
        return squeue.stdout().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    /** Ids of the listed jobs whose batch script lies under {@code dir} (ours, found without knowing their ids). */
    static List<String> queuedJobsUnder(Path dir) {
        CommandResult squeue = run("squeue", "-h", "-o", "%A %o");
        List<String> ids = new ArrayList<>();
        for (String line : squeue.stdout().lines().toList()) {
            String[] parts = line.strip().split(" ", 2);
            if (parts.length == 2 && parts[1].startsWith(dir.toString())) {
                ids.add(parts[0]);
            }
        }
        return ids;
    }

    static boolean isQueued(String jobId) {
        return queuedJobs().contains(jobId);
    }

    /** Cancels our jobs by id (harmless for ended ones) and waits until SLURM no longer lists them. */
    static void cancel(Collection<String> jobIds) {
        if (jobIds.isEmpty()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of("scancel"));
        command.addAll(jobIds);
        run(command.toArray(String[]::new));
        await("jobs " + jobIds + " to leave the queue", Duration.ofMinutes(3),
                () -> queuedJobs().stream().noneMatch(jobIds::contains));
    }

    /** Waits until every job SLURM lists is one of {@code ours}: only then may a test disrupt the cluster. */
    static void awaitOnlyOurs(Collection<String> ours, Duration deadline) {
        await("the other users' jobs to end (the cluster is shared; disruptions wait for it to be ours)", deadline,
                () -> ours.containsAll(queuedJobs()));
    }

    static String nodeState(String node) {
        CommandResult sinfo = run("sinfo", "-h", "-N", "-n", node, "-o", "%T");
        return sinfo.stdout().lines().findFirst().orElse("unknown").strip().toLowerCase(Locale.ROOT);
    }

    static void setDown(String node, String reason) {
        CommandResult result = run("scontrol", "update", "nodename=" + node, "state=down", "reason=" + reason);
        if (!result.succeeded()) {
            fail("cannot set " + node + " down: " + result.stderr());
        }
    }

    /** Brings a node back for everyone: resumes it when it is still down or drained, then waits until it takes jobs. */
    static void restore(String node) {
        String state = nodeState(node);
        // ReturnToService=2 may have brought it back already; resume only what is still out
        if (state.startsWith("down") || state.startsWith("drain") || state.startsWith("fail")) {
            run("scontrol", "update", "nodename=" + node, "state=resume");
        }
        await(node + " to be usable again", Duration.ofSeconds(90), () -> {
            String now = nodeState(node);
            return now.startsWith("idle") || now.startsWith("mix") || now.startsWith("alloc");
        });
    }

    static boolean controllerAnswers() {
        return run("scontrol", "ping").stdout().contains("is UP");
    }

    /** Stops slurmctld, keeps it down {@code seconds}, starts it again (test/scripts/local-slurm.sh restart-controller). */
    static CommandResult restartController(int seconds) {
        return run("bash", script().toString(), "restart-controller", Integer.toString(seconds));
    }

    /** Starts the controller again if a test left it stopped. */
    static void ensureController() {
        if (!controllerAnswers()) {
            CommandResult result = restartController(0);
            if (!result.succeeded()) {
                fail("the controller is down and could not be started again: " + result.stdout() + result.stderr());
            }
        }
    }

    private static Path script() {
        Path core = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
        Path script = core.resolveSibling("test").resolve("scripts").resolve("local-slurm.sh");
        if (!Files.isRegularFile(script)) {
            fail("cannot find " + script);
        }
        return script;
    }

    interface Check {
        boolean holds() throws Exception;
    }

    /** Polls {@code check} until it holds, failing with {@code what} after {@code deadline}. */
    static void await(String what, Duration deadline, Check check) {
        Instant end = Instant.now().plus(deadline);
        try {
            while (!check.holds()) {
                if (Instant.now().isAfter(end)) {
                    fail("gave up after " + deadline.toSeconds() + " s waiting for " + what);
                }
                Thread.sleep(POLL.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted while waiting for " + what);
        } catch (Exception e) {
            fail("while waiting for " + what + ": " + e, e);
        }
    }
}
