package dev.disagg.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * upstream's {@code parse_gen_worker_device_step_time}: in each {@code gen_server_<i>.log} (from
 * the offset recorded before the client ran), the {@code prev_device_step_time} of iterations
 * >= 5 is bucketed by {@code num_generation_tokens}; a file's value is the mean of its most
 * frequent bucket (ties: the larger ngen; no parsable ngen: the mean of all its rows); the result
 * is the mean over files, empty when no file has a usable row.
 */
final class DeviceStepTime {
    static final Pattern STEP = Pattern.compile("iter\\s*=\\s*(\\d+),.*?prev_device_step_time\\s*=\\s*([\\d.]+)\\s*ms");
    static final Pattern NGEN = Pattern.compile("'num_generation_tokens':\\s*(\\d+)");
    static final int FIRST_ITERATION = 5;

    private DeviceStepTime() {
    }

    /** The current size of each gen log (0 when missing), taken before a client runs. */
    static long[] sizes(Tod tod, int numGen) throws IOException {
        long[] sizes = new long[numGen];
        for (int i = 0; i < numGen; i++) {
            Path log = tod.genServerLog(i);
            sizes[i] = Files.isRegularFile(log) ? Files.size(log) : 0;
        }
        return sizes;
    }

    static OptionalDouble parse(Tod tod, int numGen, long[] offsets) throws IOException {
        List<Double> means = new ArrayList<>();
        for (int i = 0; i < numGen; i++) {
            Path log = tod.genServerLog(i);
            if (!Files.isRegularFile(log)) {
                continue;
            }
            String text;
            try (InputStream in = Files.newInputStream(log)) {
                long skip = offsets != null && i < offsets.length ? offsets[i] : 0;
                in.skipNBytes(Math.min(skip, Files.size(log)));
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Map<Integer, double[]> buckets = new HashMap<>(); // ngen -> {count, mean}
            double allCount = 0;
            double allMean = 0;
            for (String line : text.split("\n")) {
                Matcher m = STEP.matcher(line);
                if (!m.find() || Integer.parseInt(m.group(1)) < FIRST_ITERATION) {
                    continue;
                }
                double value;
                try {
                    value = Double.parseDouble(m.group(2));
                } catch (NumberFormatException e) {
                    continue;
                }
                allCount++;
                allMean += (value - allMean) / allCount;
                Matcher ngen = NGEN.matcher(line);
                if (ngen.find()) {
                    double[] bucket = buckets.computeIfAbsent(Integer.parseInt(ngen.group(1)), k -> new double[2]);
                    bucket[0]++;
                    bucket[1] += (value - bucket[1]) / bucket[0];
                }
            }
            if (allCount == 0) {
                continue;
            }
            if (buckets.isEmpty()) {
                means.add(allMean);
            } else {
                Map.Entry<Integer, double[]> mode = null;
                for (Map.Entry<Integer, double[]> e : buckets.entrySet()) {
                    if (mode == null || e.getValue()[0] > mode.getValue()[0]
                            || (e.getValue()[0] == mode.getValue()[0] && e.getKey() > mode.getKey())) {
                        mode = e;
                    }
                }
                means.add(mode.getValue()[1]);
            }
        }
        return means.isEmpty() ? OptionalDouble.empty()
                : OptionalDouble.of(means.stream().mapToDouble(Double::doubleValue).average().orElseThrow());
    }
}
