package dev.disagg.cli;

import dev.disagg.verdict.Verdict;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code disagg} command: one executable for every step of a case. Its subcommands are added when the command
 * line is built, only the one named when a known one is (picocli's model of all of them costs every start ~50 ms).
 */
@Command(
        name = "disagg",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Runs disaggregated LLM serving benchmarks and functional tests on SLURM.")
public final class DisaggCli implements Runnable {
    /** In the order {@code disagg --help} lists them. */
    static final List<Class<?>> SUBCOMMANDS = List.of(
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
            BaselineCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: say which one (see disagg help)");
    }

    /** Builds the command line with every subcommand and the project's exit-code and error conventions. */
    public static CommandLine commandLine() {
        return commandLine(List.of());
    }

    /**
     * The same for these arguments: when the first one names a subcommand, only that one is added (what runs, its
     * help and its errors are the same); otherwise ({@code help}, a mistyped name, none) all of them.
     */
    static CommandLine commandLine(List<String> args) {
        CommandLine cli = new CommandLine(new DisaggCli());
        String first = args.isEmpty() ? "" : args.get(0);
        boolean named = !first.equals("help") && SUBCOMMANDS.stream().anyMatch(c -> name(c).equals(first));
        SUBCOMMANDS.stream().filter(c -> !named || name(c).equals(first)).forEach(cli::addSubcommand);
        cli.setExitCodeExceptionMapper(ex -> Verdict.INVALID_CONFIG.exitCode());
        cli.setParameterExceptionHandler((ex, rest) -> {
            ex.getCommandLine().getErr().println("disagg: " + ex.getMessage());
            ex.getCommandLine().getErr().println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            RunResultOption.usageError(ex.getCommandLine(), rest, ex.getMessage());
            return Verdict.INVALID_CONFIG.exitCode();
        });
        cli.setExecutionExceptionHandler(new UserErrorHandler());
        return cli;
    }

    private static String name(Class<?> subcommand) {
        return subcommand.getAnnotation(Command.class).name();
    }

    public static void main(String[] args) {
        if (ClassArchiveTraining.requested()) {
            System.exit(ClassArchiveTraining.run());
        }
        System.exit(commandLine(List.of(args)).execute(args));
    }
}
