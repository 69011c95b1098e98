package dev.disagg.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

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

    private final ObjectMapper json;

    Completions(ObjectMapper json) {
        this.json = json;
    }

    JsonNode readBody(byte[] body) throws BadRequest {
        try {
            JsonNode node = json.readTree(body);
            if (node == null || !node.isObject()) {
                throw new BadRequest("the body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new BadRequest("the body is not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new BadRequest("cannot read the body: " + e.getMessage());
        }
    }

    /** Token counts: a string prompt counts whitespace-separated words, an array its token ids. */
    Request parse(JsonNode body) throws BadRequest {
        JsonNode prompt = body.get("prompt");
        int promptTokens;
        if (prompt != null && prompt.isTextual()) {
            promptTokens = countWords(prompt.asText());
        } else if (prompt != null && prompt.isArray()) {
            promptTokens = prompt.size();
        } else {
            throw new BadRequest("'prompt' must be a string or an array of token ids");
        }
        JsonNode maxTokens = body.get("max_tokens");
        int max = DEFAULT_MAX_TOKENS;
        if (maxTokens != null && !maxTokens.isNull()) {
            if (!maxTokens.canConvertToInt() || !maxTokens.isIntegralNumber() || maxTokens.asInt() < 1) {
                throw new BadRequest("'max_tokens' must be a whole number >= 1, got " + maxTokens);
            }
            max = maxTokens.asInt();
        }
        return new Request(promptTokens, max, body.path("stream").asBoolean(false));
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
        ObjectNode root = header(id, "text_completion");
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        choice.put("text", TOKEN_TEXT.repeat(tokens));
        choice.put("finish_reason", "length");
        usage(root, promptTokens, tokens);
        return root.toString();
    }

    /** One server-sent event carrying one token; the last one also carries the usage. */
    String chunk(String id, int promptTokens, int tokenNumber, int tokens) {
        ObjectNode root = header(id, "text_completion");
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        choice.put("text", TOKEN_TEXT);
        boolean last = tokenNumber == tokens;
        if (last) {
            choice.put("finish_reason", "length");
            usage(root, promptTokens, tokens);
        } else {
            choice.putNull("finish_reason");
        }
        return "data: " + root + "\n\n";
    }

    String error(String message, int status) {
        ObjectNode root = json.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("message", message);
        error.put("code", status);
        return root.toString();
    }

    String errorEvent(String message, int status) {
        return "data: " + error(message, status) + "\n\n";
    }

    private ObjectNode header(String id, String object) {
        ObjectNode root = json.createObjectNode();
        root.put("id", id);
        root.put("object", object);
        root.put("created", System.currentTimeMillis() / 1000);
        root.put("model", MODEL);
        return root;
    }

    private static void usage(ObjectNode root, int promptTokens, int tokens) {
        ObjectNode usage = root.putObject("usage");
        usage.put("prompt_tokens", promptTokens);
        usage.put("completion_tokens", tokens);
        usage.put("total_tokens", promptTokens + tokens);
    }
}
