package dev.disagg.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The case files a sweep names: files, directories (their top-level *.yaml/*.yml) and globs in the last path element. */
public final class SweepInputs {
    private SweepInputs() {
    }

    /** @throws IllegalArgumentException naming the argument that matched nothing or is not a case file */
    public static List<Path> expand(List<String> args, Path cwd) {
        Set<Path> out = new LinkedHashSet<>();
        for (String arg : args) {
            Path p = cwd.resolve(arg).normalize();
            String last = p.getFileName() == null ? "" : p.getFileName().toString();
            List<Path> found;
            if (p.getParent() != null && isGlob(p.getParent().toString())) {
                throw new IllegalArgumentException(arg + ": a pattern may only be in the file name (e.g. cases/*.yaml)");
            }
            if (isGlob(last)) {
                PathMatcher m = p.getFileSystem().getPathMatcher("glob:" + last);
                found = list(p.getParent(), f -> m.matches(f.getFileName()) && Files.isRegularFile(f));
            } else if (Files.isDirectory(p)) {
                found = list(p, f -> isYaml(f) && Files.isRegularFile(f));
            } else if (Files.isRegularFile(p)) {
                found = List.of(p);
            } else {
                throw new IllegalArgumentException(arg + ": no such file or directory");
            }
            if (found.isEmpty()) {
                throw new IllegalArgumentException(arg + ": matches no case file (" + (isGlob(last) ? "pattern" : "a directory gives its top-level *.yaml and *.yml files") + ")");
            }
            out.addAll(found);
        }
        return List.copyOf(out);
    }

    static boolean isGlob(String s) {
        return s.contains("*") || s.contains("?") || s.contains("[") || s.contains("{");
    }

    private static boolean isYaml(Path f) {
        String n = f.getFileName().toString();
        return n.endsWith(".yaml") || n.endsWith(".yml");
    }

    private static List<Path> list(Path dir, java.util.function.Predicate<Path> keep) {
        List<Path> found = new ArrayList<>();
        if (dir == null || !Files.isDirectory(dir)) {
            return found;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path f : s) {
                if (keep.test(f)) {
                    found.add(f);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        found.sort(null);
        return found;
    }
}
