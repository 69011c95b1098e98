package dev.disagg.render;

import dev.disagg.plan.Plan;
import dev.disagg.shell.Shell;

/** Renders the sbatch job script from the plan (values quoted; the template owns the logic). */
public final class JobScript {
    private JobScript() {
    }

    public static String render(Plan plan) {
        StringBuilder out = new StringBuilder("#!/bin/bash\n");
        out.append("# disagg job script for case ").append(plan.caseName()).append(" (rendered; see plan.json)\n");
        for (String arg : plan.sbatch()) {
            out.append("#SBATCH ").append(arg).append('\n');
        }
        out.append("CASE_DIR=").append(Shell.quote(plan.caseDir().toString())).append('\n');
        return out.toString();
    }
}
