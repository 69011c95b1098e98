package dev.disagg.cli;

import dev.disagg.plan.PlanExplainer;
import dev.disagg.plan.PlanJson;
import dev.disagg.verdict.Verdict;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Shows the plan of a case: every number with its formula, the role commands and sbatch arguments.")
final class PlanCommand implements Callable<Integer> {
    @Mixin
    CaseOptions caseOptions;

    @Option(names = "--json", description = "Print exactly one JSON object instead of the explanation.")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        var loaded = caseOptions.load(spec.commandLine().getErr());
        spec.commandLine().getOut().println(json ? PlanJson.write(loaded.plan()) : PlanExplainer.explain(loaded.plan()));
        spec.commandLine().getOut().flush();
        return Verdict.PASS.exitCode();
    }
}
