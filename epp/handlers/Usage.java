package epp.handlers;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Token usage reported by the model server (epp.md §2.8). Malformed `usage` (not an object,
 * non-numeric fields) is treated as absent, where Go would panic (§0.4).
 */
public record Usage(int promptTokens, int completionTokens, int totalTokens) {
    private static final JsonFactory JSON = new JsonFactory();
    static final Usage NONE = new Usage(0, 0, 0);

    /** A buffered response: the result is empty when the body is not a JSON object (passed through raw). */
    public static Optional<Optional<Usage>> ofJsonBody(ByteString body) {
        try (JsonParser p = JSON.createParser(body.newInput())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            Usage usage = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("usage")) {
                    usage = value == JsonToken.START_OBJECT ? readUsage(p, NONE) : null;
                    if (value != JsonToken.START_OBJECT) {
                        p.skipChildren();
                    }
                } else {
                    p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                return Optional.empty();
            }
            return Optional.of(Optional.ofNullable(usage));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The SSE chunk that carries `data: [DONE]`: every `data: ` line is decoded in order, a later
     * line overwriting the fields it carries; lines that are not JSON are skipped.
     */
    public static Usage ofSseChunk(String chunk) {
        Usage usage = NONE;
        for (String line : chunk.split("\n")) {
            if (!line.startsWith("data: ")) {
                continue;
            }
            String data = line.substring("data: ".length());
            if (data.equals("[DONE]")) {
                continue;
            }
            try (JsonParser p = JSON.createParser(data.getBytes(StandardCharsets.UTF_8))) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    continue;
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken value = p.nextToken();
                    if (name.equalsIgnoreCase("usage") && value == JsonToken.START_OBJECT) {
                        usage = readUsage(p, usage);
                    } else {
                        p.skipChildren();
                    }
                }
            } catch (IOException e) {
                // Upstream logs and skips lines that are not JSON.
            }
        }
        return usage;
    }

    /** Reads the usage object the parser is in, keeping {@code previous}'s values for fields it lacks. */
    private static Usage readUsage(JsonParser p, Usage previous) throws IOException {
        int prompt = previous.promptTokens;
        int completion = previous.completionTokens;
        int total = previous.totalTokens;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            if (v == JsonToken.VALUE_NUMBER_INT || v == JsonToken.VALUE_NUMBER_FLOAT) {
                int n = (int) p.getDoubleValue();
                switch (field) {
                    case "prompt_tokens" -> prompt = n;
                    case "completion_tokens" -> completion = n;
                    case "total_tokens" -> total = n;
                    default -> { }
                }
            } else {
                p.skipChildren();
            }
        }
        return new Usage(prompt, completion, total);
    }
}
