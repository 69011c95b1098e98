package dev.disagg.history;

import dev.disagg.io.AtomicFiles;
import dev.disagg.io.InputFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The embedded history: {@code <root>/<case>/<gpu type>/<epoch ms>_<job id>_<random>.json}, one
 * small file per run, each written beside and renamed into place. Writers never share a file, so
 * concurrent runs (a sweep, several Jenkins agents on one shared file system) need no lock, and a
 * reader never sees half a record. Names sort by time, so the newest runs are read first and a
 * lookup reads only as many files as it returns (plus the failing runs it skips).
 */
public final class DirectoryHistoryStore implements HistoryStore {
    /** A record is a few hundred bytes; anything far larger is not one of ours. */
    static final int MAX_RECORD_BYTES = 1 << 20;

    private final Path root;

    public DirectoryHistoryStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    @Override
    public String describe() {
        return root.toString();
    }

    @Override
    public void append(HistoryRecord record) {
        Path dir = dir(record.caseName(), record.gpuType());
        String job = record.jobId().map(j -> encode(j, false)).orElse("");
        try {
            Files.createDirectories(dir);
            Path target = job.isEmpty() ? null : sameJob(dir, job);
            if (target == null) {
                long ms = Math.max(0, record.time().toEpochMilli());
                target = dir.resolve(String.format("%013d_%s_%s.json", ms, job, UUID.randomUUID().toString().substring(0, 8)));
            }
            // the temporary file is hidden and ends in .tmp: never read as a record
            AtomicFiles.write(target, HistoryJson.write(record));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot add to the history in " + root + ": " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new UncheckedIOException("cannot add to the history in " + root + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    @Override
    public List<HistoryRecord> recent(String caseName, String gpuType, int limit, Predicate<HistoryRecord> filter) {
        List<HistoryRecord> out = new ArrayList<>();
        if (limit <= 0) {
            return out;
        }
        Path dir = dir(caseName, gpuType);
        for (String name : names(dir)) {
            Optional<HistoryRecord> r = readRecord(dir.resolve(name));
            // a foreign or unreadable file is skipped: one bad file must not hide the rest of the history
            if (r.isPresent() && r.get().caseName().equals(caseName) && filter.test(r.get())) {
                out.add(r.get());
                if (out.size() == limit) {
                    break;
                }
            }
        }
        return out;
    }

    /** The record file names of a directory, newest first; none when it does not exist. */
    private static List<String> names(Path dir) {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String n = f.getFileName().toString();
                if (isRecordName(n)) {
                    names.add(n);
                }
            }
        } catch (NoSuchFileException e) {
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the history in " + dir + ": " + e.getMessage(), e);
        }
        names.sort(Comparator.reverseOrder());
        return names;
    }

    /** The same as the pattern {@code \d{13}_[A-Za-z0-9.%-]*_[0-9a-f]{8}\.json}, without a regex: lookups test thousands of names. */
    static boolean isRecordName(String n) {
        int len = n.length();
        if (len < 13 + 1 + 1 + 8 + 5 || n.charAt(13) != '_' || !n.endsWith(".json") || n.charAt(len - 14) != '_') {
            return false;
        }
        for (int i = 0; i < 13; i++) {
            if (n.charAt(i) < '0' || n.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private Path sameJob(Path dir, String job) {
        String token = "_" + job + "_";
        return names(dir).stream().filter(n -> n.substring(13).startsWith(token)).findFirst().map(dir::resolve).orElse(null);
    }

    private static Optional<HistoryRecord> readRecord(Path file) {
        try {
            return HistoryJson.read(InputFiles.read(file, MAX_RECORD_BYTES));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private Path dir(String caseName, String gpuType) {
        return root.resolve(encode(caseName, true)).resolve(encode(gpuType.toLowerCase(java.util.Locale.ROOT), true));
    }

    /**
     * A name safe as one path element: letters, digits, '-', '.' (not leading) and, where it is not
     * the record name's separator, '_' stay; everything else is %XX of its UTF-8 bytes.
     */
    static String encode(String name, boolean underscore) {
        StringBuilder b = new StringBuilder();
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int c = bytes[i] & 0xff;
            boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || (c == '.' && i > 0)
                    || (c == '_' && underscore);
            if (plain) {
                b.append((char) c);
            } else {
                b.append('%').append(String.format("%02X", c));
            }
        }
        return b.toString();
    }
}
