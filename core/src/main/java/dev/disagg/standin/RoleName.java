package dev.disagg.standin;

import dev.disagg.cli.UserError;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A role of the protocol: {@code GEN_<i>}, {@code CTX_<i>}, {@code DISAGG_SERVER} or {@code BENCHMARK}. */
public record RoleName(Kind kind, int index) {

    /** The four kinds of role step. */
    public enum Kind { GEN, CTX, DISAGG_SERVER, BENCHMARK }

    private static final Pattern WORKER = Pattern.compile("(GEN|CTX)_(\\d{1,6})");

    public static final RoleName DISAGG_SERVER = new RoleName(Kind.DISAGG_SERVER, 0);
    public static final RoleName BENCHMARK = new RoleName(Kind.BENCHMARK, 0);

    public static RoleName gen(int index) {
        return new RoleName(Kind.GEN, index);
    }

    public static RoleName ctx(int index) {
        return new RoleName(Kind.CTX, index);
    }

    /** Parses a role name as the job script sets it; {@code source} names where it came from. */
    public static RoleName parse(String text, String source) {
        String value = text.trim();
        if (value.equals("DISAGG_SERVER")) {
            return DISAGG_SERVER;
        }
        if (value.equals("BENCHMARK")) {
            return BENCHMARK;
        }
        Matcher m = WORKER.matcher(value);
        if (m.matches()) {
            return new RoleName(Kind.valueOf(m.group(1)), Integer.parseInt(m.group(2)));
        }
        throw new UserError(source + "='" + text + "': expected GEN_<i>, CTX_<i>, DISAGG_SERVER or BENCHMARK");
    }

    public boolean isWorker() {
        return kind == Kind.GEN || kind == Kind.CTX;
    }

    /** The name of this role's address file in the hostnames directory. */
    public String addressFileName() {
        return this + ".txt";
    }

    @Override
    public String toString() {
        return isWorker() ? kind + "_" + index : kind.name();
    }
}
