package dev.disagg.cli;

import dev.disagg.verdict.Verdict;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code disagg} command: one executable for every step of a case. */
@Command(
        name = "disagg",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Runs disaggregated LLM serving benchmarks and functional tests on SLURM.",
        subcommands = {
                CommandLine.HelpCommand.class,
                ValidateCommand.class,
                PlanCommand.class,
                RenderCommand.class,
                RunCommand.class,
                SubmitCommand.class,
                WaitCommand.class,
                CancelCommand.class,
                MigrateCommand.class,
                EmulateCommand.class,
                CheckCommand.class,
                BaselineCommand.class,
        })
public final class DisaggCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: say which one (see disagg help)");
    }

    /** Builds the command line with the project's exit-code and error conventions. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new DisaggCli());
        cli.setExitCodeExceptionMapper(ex -> Verdict.INVALID_CONFIG.exitCode());
        cli.setParameterExceptionHandler((ex, args) -> {
            ex.getCommandLine().getErr().println("disagg: " + ex.getMessage());
            ex.getCommandLine().getErr().println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            RunResultOption.usageError(ex.getCommandLine(), args, ex.getMessage());
            return Verdict.INVALID_CONFIG.exitCode();
        });
        cli.setExecutionExceptionHandler(new UserErrorHandler());
        return cli;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
