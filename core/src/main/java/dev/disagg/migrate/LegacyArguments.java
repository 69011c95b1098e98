package dev.disagg.migrate;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The 14 positional arguments of the legacy {@code disaggr_torch.slurm}, typed and checked.
 *
 * @param ctxNumTerm where the ctx count came from (to recognise the legacy formula)
 * @param concurrencyTerm where the concurrency came from
 */
record LegacyArguments(
        int ctxNum,
        int ctxTpSize,
        int ctxBatchSize,
        int ctxMaxNumTokens,
        boolean ctxEnableAttentionDp,
        int numGenServers,
        int genTpSize,
        int genBatchSize,
        int genMaxNumTokens,
        boolean genEnableAttentionDp,
        double genGpuMemoryFraction,
        int eplbNumSlots,
        int mtpSize,
        List<Integer> concurrency,
        Optional<Term> ctxNumTerm,
        Optional<Term> concurrencyTerm) {

    static final String SCRIPT = "disaggr_torch.slurm";

    /** Names in the order of the positional arguments (as in the legacy script's documentation). */
    static final List<String> NAMES = List.of(
            "ctx_num", "ctx_tp_size", "ctx_batch_size", "ctx_max_num_tokens", "ctx_enable_attention_dp",
            "num_gen_servers", "gen_tp_size", "gen_batch_size", "gen_max_num_tokens", "gen_enable_attention_dp",
            "gen_gpu_memory_fraction", "eplb_num_slots", "mtp_size", "concurrency");

    LegacyArguments {
        concurrency = List.copyOf(concurrency);
    }

    static LegacyArguments parse(List<Field> fields, int line) {
        if (fields.size() != NAMES.size()) {
            List<String> texts = fields.stream().map(f -> f.text().isEmpty() ? "''" : f.text()).toList();
            throw new ScriptError(line, SCRIPT + " takes " + NAMES.size() + " arguments (" + String.join(", ", NAMES)
                    + "); this call passes " + fields.size() + (texts.isEmpty() ? "" : ": " + String.join(" ", texts)));
        }
        Reader r = new Reader(fields, line);
        return new LegacyArguments(
                r.count(0, 1), r.count(1, 1), r.count(2, 1), r.count(3, 1), r.bool(4),
                r.count(5, 1), r.count(6, 1), r.count(7, 1), r.count(8, 1), r.bool(9),
                r.fraction(10), r.count(11, 0), r.count(12, 0), r.concurrency(13),
                fields.get(0).term(), fields.get(13).term());
    }

    /** Reads argument {@code i} with an error naming it and the line. */
    private record Reader(List<Field> fields, int line) {
        int count(int i, int min) {
            String text = fields.get(i).text().trim();
            if (!text.matches("[0-9]{1,9}") || Integer.parseInt(text) < min) {
                throw wrong(i, "a whole number >= " + min);
            }
            return Integer.parseInt(text);
        }

        boolean bool(int i) {
            return switch (fields.get(i).text().trim()) {
                case "true" -> true;
                case "false" -> false;
                default -> throw wrong(i, "true or false");
            };
        }

        double fraction(int i) {
            String text = fields.get(i).text().trim();
            if (!text.matches("[0-9]*\\.?[0-9]+")) {
                throw wrong(i, "a fraction between 0 and 1, e.g. 0.8");
            }
            double value = Double.parseDouble(text);
            if (value <= 0 || value > 1) {
                throw wrong(i, "a fraction between 0 and 1, e.g. 0.8");
            }
            return value;
        }

        List<Integer> concurrency(int i) {
            String text = fields.get(i).text().trim();
            List<Integer> values = new ArrayList<>();
            for (String word : text.isEmpty() ? new String[0] : text.split("\\s+")) {
                if (!word.matches("[0-9]{1,9}") || Integer.parseInt(word) < 1) {
                    throw wrong(i, "a whole number >= 1 (or several separated by blanks)");
                }
                values.add(Integer.parseInt(word));
            }
            if (values.isEmpty()) {
                throw wrong(i, "a whole number >= 1");
            }
            return values;
        }

        private ScriptError wrong(int i, String expected) {
            return new ScriptError(line, SCRIPT + " argument " + (i + 1) + " (" + NAMES.get(i) + ") is '"
                    + fields.get(i).text() + "'; expected " + expected);
        }
    }
}
