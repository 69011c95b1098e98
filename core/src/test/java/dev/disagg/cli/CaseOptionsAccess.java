package dev.disagg.cli;

/** Test access to how job steps run this CLI. */
public final class CaseOptionsAccess {
    private CaseOptionsAccess() {
    }

    public static String selfCommand() {
        return CaseOptions.selfCommand();
    }
}
