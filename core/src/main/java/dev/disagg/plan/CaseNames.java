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
        if (name.equals(".")) {
            throw new PlanException("case name '.' is the workspace's log directory itself; it must be a plain directory name");
        }
        if (name.contains("..")) {
            throw new PlanException("case name '" + name + "' contains '..'; it must be a plain directory name");
        }
        if (name.startsWith("-")) {
            throw new PlanException("case name '" + name + "' starts with '-'; commands would read it as an option");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isISOControl(c)) {
                throw new PlanException("case name contains a control character at position " + (i + 1));
            }
            // the name goes into results.xml, JSON and HTML: XML 1.0 cannot hold these at all
            boolean unpaired = Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < name.length()
                    && Character.isLowSurrogate(name.charAt(i + 1)));
            if (Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(name.charAt(i - 1))) {
                unpaired = false;
            }
            int cp = name.codePointAt(i);
            boolean nonCharacter = (cp & 0xFFFE) == 0xFFFE || (cp >= 0xFDD0 && cp <= 0xFDEF);
            if (unpaired || nonCharacter) {
                throw new PlanException("case name contains " + String.format("U+%04X", unpaired ? (int) c : cp)
                        + " at position " + (i + 1) + ", which is not a character (reports could not hold it)");
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
