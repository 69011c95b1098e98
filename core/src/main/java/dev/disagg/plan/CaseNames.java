package dev.disagg.plan;

import dev.disagg.config.CaseConfig;

/** Case names become directory names and job names, so they must be safe as both. */
public final class CaseNames {
    private CaseNames() {
    }

    public static String check(String name) {
        if (name.isBlank()) {
            throw new PlanException("the case name is empty");
        }
        if (name.contains("/") || name.contains("\\")) {
            throw new PlanException("case name '" + name + "' contains a path separator; it must be a plain directory name");
        }
        if (name.contains("..") || name.equals(".")) {
            throw new PlanException("case name '" + name + "' contains '..'; it must be a plain directory name");
        }
        if (name.startsWith("-")) {
            throw new PlanException("case name '" + name + "' starts with '-'; commands would read it as an option");
        }
        for (int i = 0; i < name.length(); i++) {
            if (Character.isISOControl(name.charAt(i))) {
                throw new PlanException("case name contains a control character at position " + (i + 1));
            }
        }
        if (name.length() > 200) {
            throw new PlanException("case name is " + name.length() + " characters; at most 200 fit a directory name");
        }
        return name;
    }

    /** {@code ctx<N>_gen<M>_<dep|tep><gen tp>_batch<gen bs>_eplb<E>_mtp<M>}, upstream's log-dir shape. */
    static String shape(int ctxServers, int genServers, CaseConfig.Worker gen) {
        return "ctx" + ctxServers + "_gen" + genServers + "_" + (gen.attentionDp() ? "dep" : "tep") + gen.tensorParallel()
                + "_batch" + gen.maxBatchSize().map(String::valueOf).orElse("NA")
                + "_eplb" + gen.eplbSlots() + "_mtp" + gen.mtpLayers();
    }
}
