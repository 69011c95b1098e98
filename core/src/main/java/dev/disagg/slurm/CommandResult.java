package dev.disagg.slurm;

/** How a command ended: its exit status and everything it printed. */
public record CommandResult(int exitCode, String stdout, String stderr) {

    public boolean succeeded() {
        return exitCode == 0;
    }
}
