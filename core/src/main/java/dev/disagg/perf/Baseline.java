package dev.disagg.perf;

import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/** Baseline entries read from one file, and how to pick a case's entries from them. */
public record Baseline(String source, List<BaselineEntry> entries) {

    public Baseline {
        entries = List.copyOf(entries);
    }

    /** The entries that apply to a case, and a note when none do although the case is there. */
    public record Selection(String source, List<BaselineEntry> entries, Optional<String> note) {
        public Selection {
            entries = List.copyOf(entries);
        }

        public static Selection none(String note) {
            return new Selection("", List.of(), Optional.of(note));
        }
    }

    /**
     * Entries for the GPU type when there are any, else the entries without a GPU type. With no
     * GPU type asked for, only entries without one apply: a GB200 number is no baseline for an
     * H100 run.
     */
    public Selection select(String caseName, Optional<String> gpuType) {
        List<BaselineEntry> ofCase = entries.stream().filter(e -> e.caseName().equals(caseName)).toList();
        if (gpuType.isPresent()) {
            List<BaselineEntry> forGpu = ofCase.stream()
                    .filter(e -> e.gpuType().isPresent() && e.gpuType().get().equalsIgnoreCase(gpuType.get()))
                    .toList();
            if (!forGpu.isEmpty()) {
                return new Selection(source, forGpu, Optional.empty());
            }
        }
        List<BaselineEntry> anyGpu = ofCase.stream().filter(e -> e.gpuType().isEmpty()).toList();
        if (!anyGpu.isEmpty()) {
            return new Selection(source, anyGpu, Optional.empty());
        }
        if (ofCase.isEmpty()) {
            return new Selection(source, List.of(), Optional.of("no baseline for case '" + caseName + "' in " + source));
        }
        TreeSet<String> gpus = new TreeSet<>();
        ofCase.forEach(e -> e.gpuType().ifPresent(gpus::add));
        String asked = gpuType.map(g -> "GPU type " + g).orElse("any GPU type (no --gpu-type given)");
        return new Selection(source, List.of(), Optional.of("no baseline for case '" + caseName + "' on " + asked + " in "
                + source + "; it has entries for " + String.join(", ", gpus) + " (pass --gpu-type)"));
    }
}
