package dev.disagg.cli;

import dev.disagg.config.CaseConfigLoader;
import dev.disagg.config.Problem;
import dev.disagg.io.InputFiles;
import dev.disagg.migrate.CaseWriter;
import dev.disagg.migrate.MigratedCase;
import dev.disagg.migrate.MigrationSettings;
import dev.disagg.migrate.Migrator;
import dev.disagg.migrate.ScriptError;
import dev.disagg.migrate.Summary;
import dev.disagg.plan.CaseNames;
import dev.disagg.plan.PlanException;
import dev.disagg.verdict.Verdict;
import dev.disagg.verdict.VerdictException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code disagg migrate}: legacy submit.sh to YAML cases. */
@Command(
        name = "migrate",
        mixinStandardHelpOptions = true,
        description = {
                "Converts a legacy submit.sh (loops of sbatch calls to disaggr_torch.slurm with 14 positional arguments)"
                        + " into one YAML case per submission. The script is read, never run.",
                "Exit status: 0 converted, 2 the script has a construct that cannot be converted (the line is named),"
                        + " a case file already exists, or bad arguments."})
public final class MigrateCommand implements Callable<Integer> {

    /** Legacy scripts are a few KiB; a larger file is almost certainly not one. */
    private static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]*");
    private static final int MAX_SCRIPT_BYTES = 1024 * 1024;

    @Option(names = "--from", required = true, paramLabel = "SCRIPT", description = "the legacy submission script")
    Path from;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "directory for the case files (created if missing; existing files are never overwritten)")
    Path out;

    @Option(names = "--model", paramLabel = "NAME",
            description = "model name for metadata.model_name and the case names (else the script's model, model_name,"
                    + " MODEL, MODEL_NAME variable or the last part of its model_path)")
    String model;

    @Option(names = "--isl", paramLabel = "N", description = "input sequence length (else the script's isl variable, else 1024)")
    Integer inputLength;

    @Option(names = "--osl", paramLabel = "N", description = "output sequence length (else the script's osl variable, else 1024)")
    Integer outputLength;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        for (Integer length : new Integer[] {inputLength, outputLength}) {
            if (length != null && length < 1) {
                throw VerdictException.invalid("--isl and --osl must be at least 1, got " + length);
            }
        }
        if (model != null && !model.isBlank() && !MODEL_NAME.matcher(model).matches()) {
            throw VerdictException.invalid("--model '" + model + "': expected letters, digits and . _ + - starting with a letter or"
                    + " digit (the name becomes part of the case files' names)");
        }
        String script = read(from);
        MigrationSettings settings = new MigrationSettings(Optional.ofNullable(model).filter(m -> !m.isBlank()),
                inputLength == null ? OptionalInt.empty() : OptionalInt.of(inputLength),
                outputLength == null ? OptionalInt.empty() : OptionalInt.of(outputLength));
        List<MigratedCase> cases;
        try {
            cases = Migrator.migrate(script, settings);
        } catch (ScriptError e) {
            throw VerdictException.invalid(e.describe(from.toString()) + "\nNothing was written.");
        }
        for (MigratedCase converted : cases) {
            try {
                CaseNames.check(converted.name()); // a model name from the script may be '-rf' or '..'
            } catch (PlanException e) {
                throw VerdictException.invalid(from + ":" + converted.line() + ": " + e.getMessage() + "\nNothing was written.");
            }
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw VerdictException.invalid("--out " + out + " is a file; expected a directory");
        }
        List<Path> written;
        try {
            written = CaseWriter.write(out, cases);
        } catch (FileAlreadyExistsException e) {
            throw VerdictException.invalid(e.getFile() + " already exists; the migration never overwrites a file."
                    + " Move it away or choose another --out. Nothing was written.");
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.print(Summary.render(cases));
        stdout.println("Written to " + out);
        // The script's own values can break TensorRT-LLM's rules (e.g. a concurrency above what the
        // gen servers batch); say so now rather than when the case is run.
        CaseConfigLoader loader = new CaseConfigLoader();
        for (Path file : written) {
            for (Problem problem : loader.load(file).problems()) {
                stdout.println((problem.isError() ? "does not validate: " : "") + problem.format());
            }
        }
        stdout.flush();
        return Verdict.PASS.exitCode();
    }

    private static String read(Path file) throws IOException {
        try {
            byte[] bytes = InputFiles.read(file, MAX_SCRIPT_BYTES);
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (InputFiles.RefusedException e) {
            throw VerdictException.invalid("--from " + file + " " + e.getMessage() + "; expected the legacy submit.sh");
        } catch (NoSuchFileException e) {
            throw VerdictException.invalid("--from " + file + ": no such file");
        } catch (CharacterCodingException e) {
            throw VerdictException.invalid("--from " + file + " is not UTF-8 text");
        }
    }
}
