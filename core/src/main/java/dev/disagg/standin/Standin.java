package dev.disagg.standin;

import dev.disagg.cli.ExitCodes;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Map;

/**
 * Runs one stand-in role step as the job script starts it: the role and everything else
 * come from {@code DISAGG_*} variables. Returns the step's exit status instead of exiting,
 * so roles can run side by side in one JVM (tests) as well as one per process.
 */
public final class Standin {

    /** A role, ready to run. */
    private interface RoleRun {
        int run() throws IOException, InterruptedException;
    }

    private Standin() {
    }

    /**
     * @param env the step's environment (with any command-line overrides applied)
     * @param out where the role logs (the step's stdout)
     * @return 0 on success; 1 when the run failed; {@value Fault#CRASH_START_EXIT} or
     *         {@value Fault#CRASH_MID_EXIT} for simulated crashes; 130 when interrupted
     * @throws dev.disagg.cli.UserError when a variable is missing or malformed
     */
    public static int run(Map<String, String> env, PrintStream out) throws IOException {
        Env vars = new Env(env);
        CommonSettings common = CommonSettings.from(vars);
        String tag = common.rank() == 0 ? common.role().toString() : common.role() + " rank " + common.rank();
        RoleLog log = new RoleLog(tag, out);
        // Every setting is read before anything happens, so a bad variable is reported at once.
        RoleRun role = switch (common.role().kind()) {
            case GEN, CTX -> new WorkerRole(common, log)::run;
            case DISAGG_SERVER -> new ServerRole(common, ServerSettings.from(vars, common), log)::run;
            case BENCHMARK -> new BenchmarkRole(common, BenchmarkSettings.from(vars, common), log)::run;
        };
        try {
            if (common.rank() != 0) {
                log.info("follower rank " + common.rank() + ": rank 0 serves; waiting for " + common.statusFile());
                return Lifetime.awaitStatusFile(common.statusFile(), log);
            }
            if (common.fault().kind() == Fault.Kind.CRASH_START) {
                log.error("RuntimeError: simulated crash at start (" + Fault.VARIABLE + "=crash-start)");
                log.info("exiting " + Fault.CRASH_START_EXIT);
                return Fault.CRASH_START_EXIT;
            }
            if (common.fault().kind() == Fault.Kind.HANG) {
                log.info("simulated hang (" + Fault.VARIABLE + "=hang): never publishing, never exiting");
                Lifetime.hang();
            }
            return role.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.info("interrupted; exiting " + ExitCodes.ABORTED);
            return ExitCodes.ABORTED;
        }
    }
}
