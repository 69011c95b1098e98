package dev.disagg.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The OpenAI-style {@code /v1/completions} bodies the emulated roles exchange: the subset
 * benchmark_serving uses (prompt, max_tokens, stream; choices[0].text, usage).
 */
final class Completions {
    static final String MODEL = "emulated";
    /** OpenAI's default when a request gives no max_tokens. */
    static final int DEFAULT_MAX_TOKENS = 16;
    /** What an emulated worker "generates" per token; only the count matters. */
    static final String TOKEN_TEXT = "x ";
    /** The event that ends a stream. */
    static final String DONE_EVENT = "data: [DONE]\n\n";

    /** A parsed request. */
    record Request(int promptTokens, int maxTokens, boolean stream) {
    }

    /** A request the emulator cannot serve; answered with 400 and this message. */
    static final class BadRequest extends Exception {
        BadRequest(String message) {
            super(message);
        }
    }

    /** The request body as a JSON object (see {@link Json} for the values). */
    @SuppressWarnings("unchecked")
    Map<String, Object> readBody(byte[] body) throws BadRequest {
        try {
            Object node = Json.parse(body);
            if (!(node instanceof Map)) {
                throw new BadRequest("the body must be a JSON object");
            }
            return (Map<String, Object>) node;
        } catch (JsonProcessingException e) {
            throw new BadRequest("the body is not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new BadRequest("cannot read the body: " + e.getMessage());
        }
    }

    /** Token counts: a string prompt counts whitespace-separated words, an array its token ids. */
    Request parse(Map<String, Object> body) throws BadRequest {
        Object prompt = body.get("prompt");
        int promptTokens;
        if (prompt instanceof String text) {
            promptTokens = countWords(text);
        } else if (prompt instanceof List<?> ids) {
            promptTokens = ids.size();
        } else {
            throw new BadRequest("'prompt' must be a string or an array of token ids");
        }
        Object maxTokens = body.get("max_tokens");
        int max = DEFAULT_MAX_TOKENS;
        if (maxTokens != null) {
            Integer whole = Json.intValue(maxTokens);
            if (whole == null || whole < 1) {
                throw new BadRequest("'max_tokens' must be a whole number >= 1, got " + Json.write(maxTokens));
            }
            max = whole;
        }
        return new Request(promptTokens, max, Boolean.TRUE.equals(body.get("stream")));
    }

    static int countWords(String text) {
        int count = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            boolean space = Character.isWhitespace(text.charAt(i));
            if (!space && !inWord) {
                count++;
            }
            inWord = !space;
        }
        return count;
    }

    /** A complete (non-streamed) answer with {@code tokens} generated tokens. */
    String response(String id, int promptTokens, int tokens) {
        Map<String, Object> root = header(id, "text_completion");
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("index", 0);
        choice.put("text", TOKEN_TEXT.repeat(tokens));
        choice.put("finish_reason", "length");
        root.put("choices", List.of(choice));
        root.put("usage", usage(promptTokens, tokens));
        return Json.write(root);
    }

    /** One server-sent event carrying one token; the last one also carries the usage. */
    String chunk(String id, int promptTokens, int tokenNumber, int tokens) {
        Map<String, Object> root = header(id, "text_completion");
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("index", 0);
        choice.put("text", TOKEN_TEXT);
        boolean last = tokenNumber == tokens;
        choice.put("finish_reason", last ? "length" : null);
        root.put("choices", List.of(choice));
        if (last) {
            root.put("usage", usage(promptTokens, tokens));
        }
        return "data: " + Json.write(root) + "\n\n";
    }

    String error(String message, int status) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message);
        error.put("code", status);
        return Json.write(Map.of("error", error));
    }

    String errorEvent(String message, int status) {
        return "data: " + error(message, status) + "\n\n";
    }

    private static Map<String, Object> header(String id, String object) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("id", id);
        root.put("object", object);
        root.put("created", System.currentTimeMillis() / 1000);
        root.put("model", MODEL);
        return root;
    }

    private static Map<String, Object> usage(int promptTokens, int tokens) {
        Map<String, Object> usage = new LinkedHashMap<>();
        usage.put("prompt_tokens", promptTokens);
        usage.put("completion_tokens", tokens);
        usage.put("total_tokens", promptTokens + tokens);
        return usage;
    }
}
