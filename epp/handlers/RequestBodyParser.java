package epp.handlers;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.google.protobuf.ByteString;
import epp.scheduling.AsciiText;
import epp.scheduling.RequestBody;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an inference request body without building a tree or copying it (epp.md §0.2): one
 * streaming pass over the bytes validates the JSON, finds where the top-level `model` string sits
 * (so a rewrite replaces just those bytes) and collects what §2.10 needs to classify the request as
 * completions or chat. Field matching for classification is case-insensitive, like Go's decoder;
 * `model` is matched exactly, like the upstream map lookup.
 */
public final class RequestBodyParser {
    static final String INVALID_FORMAT = "inference gateway: BadRequest - invalid request format";
    static final String NO_MESSAGES = "inference gateway: BadRequest - invalid chat-completions request: "
            + "inference gateway: BadRequest - chat-completions request must have at least one message";

    private static final JsonFactory JSON = new JsonFactory();

    private RequestBodyParser() {}

    /** Thrown when the bytes are not a single JSON object (or null). */
    public static final class NotJsonObject extends Exception {
        NotJsonObject(String message) {
            super(message, null, false, false);
        }
    }

    public static ParsedRequestBody parse(ByteString body) throws NotJsonObject {
        // Jackson reads the chunks through a small recycled buffer; long strings are scanned here
        // and left out of what Jackson reads.
        var segments = new BodySegments(body);
        BodySegments.Input input = segments.new Input();
        try (JsonParser p = JSON.createParser(input)) {
            JsonToken first = p.nextToken();
            if (first == JsonToken.VALUE_NULL) {
                expectEnd(p);
                return new ParsedRequestBody(null, -1, -1, null, null);
            }
            if (first != JsonToken.START_OBJECT) {
                throw new NotJsonObject("body is not a JSON object");
            }
            var fields = new Fields(body, segments, input);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                fields.read(name, value, p);
            }
            expectEnd(p);
            return fields.result();
        } catch (IOException e) {
            throw new NotJsonObject(e.getMessage());
        }
    }

    private static void expectEnd(JsonParser p) throws IOException, NotJsonObject {
        if (p.nextToken() != null) {
            throw new NotJsonObject("trailing data after the JSON value");
        }
    }

    /** The fields of the top-level object that matter, last occurrence winning as in Go. */
    private static final class Fields {
        /** Strings at least this long are decoded from the bytes directly when they contain no escape. */
        private static final int DIRECT_DECODE_MIN = 1024;

        final ByteString body;
        private final BodySegments segments;
        private final BodySegments.Input input;
        String model;
        long modelStart = -1;
        long modelEnd = -1;
        CharSequence prompt;
        String cacheSalt;
        boolean completionsTypeError;
        boolean chatTypeError;
        List<RequestBody.Message> messages = List.of();

        Fields(ByteString body, BodySegments segments, BodySegments.Input input) {
            this.body = body;
            this.segments = segments;
            this.input = input;
        }

        /** Body offset of the current token's start (Jackson counts only the bytes it was given). */
        private long tokenStart(JsonParser p) {
            long offset = p.currentTokenLocation().getByteOffset();
            return offset < 0 ? offset : offset + input.omitted();
        }

        /** Body offset just past what Jackson has read. */
        private long readEnd(JsonParser p) {
            long offset = p.currentLocation().getByteOffset();
            return offset < 0 ? offset : offset + input.omitted();
        }

        /**
         * The value of the string token the parser is on. A long string without escapes is read from
         * the body's chunks instead of being assembled by Jackson's segmented text buffer and copied
         * again into a String; a long plain-ASCII one is not decoded at all when {@code asciiView}
         * allows: it stays a view of the body bytes. A long plain-ASCII string (nothing in it Jackson
         * would need to check) is also left out of Jackson's input, so it is scanned once, not twice.
         */
        CharSequence text(JsonParser p, boolean asciiView) throws IOException {
            long quote = tokenStart(p);
            if (quote < 0 || quote >= body.size() || body.byteAt((int) quote) != '"') {
                return p.getText();
            }
            long start = quote + 1;
            BodySegments.Scan scan = segments.scanString(start);
            long end = scan.end();
            if (end - start < DIRECT_DECODE_MIN || end >= body.size() || body.byteAt((int) end) != '"') {
                return p.getText();
            }
            if (scan.ascii()) {
                input.omitUntil(end); // Jackson still sees the closing quote
            }
            ByteString value = body.substring((int) start, (int) end);
            return asciiView && scan.ascii() ? new AsciiText(value) : value.toString(StandardCharsets.UTF_8);
        }

        void read(String name, JsonToken value, JsonParser p) throws IOException {
            if (name.equals("model")) {
                if (value == JsonToken.VALUE_STRING) {
                    modelStart = tokenStart(p);
                    model = p.getText();
                    modelEnd = readEnd(p);
                } else {
                    model = null;
                    modelStart = modelEnd = -1;
                    p.skipChildren();
                }
                return;
            }
            boolean isNull = value == JsonToken.VALUE_NULL;
            switch (name.toLowerCase(java.util.Locale.ROOT)) {
                case "prompt" -> {
                    if (value == JsonToken.VALUE_STRING) {
                        prompt = text(p, true);
                    } else if (!isNull) {
                        completionsTypeError = true;
                        p.skipChildren();
                    }
                }
                case "cache_salt" -> {
                    if (value == JsonToken.VALUE_STRING) {
                        cacheSalt = p.getText();
                    } else if (!isNull) {
                        completionsTypeError = true;
                        chatTypeError = true;
                        p.skipChildren();
                    }
                }
                case "messages" -> {
                    if (value == JsonToken.START_ARRAY) {
                        messages = readMessages(p);
                    } else if (isNull) {
                        messages = List.of();
                    } else {
                        chatTypeError = true;
                        p.skipChildren();
                    }
                }
                case "tools", "documents" -> expect(value, JsonToken.START_ARRAY, p);
                case "chat_template" -> expect(value, JsonToken.VALUE_STRING, p);
                case "return_assistant_tokens_mask", "continue_final_message", "add_generation_prompt" -> {
                    if (value != JsonToken.VALUE_TRUE && value != JsonToken.VALUE_FALSE && !isNull) {
                        chatTypeError = true;
                    }
                    p.skipChildren();
                }
                case "chat_template_kwargs" -> expect(value, JsonToken.START_OBJECT, p);
                default -> p.skipChildren();
            }
        }

        private void expect(JsonToken value, JsonToken wanted, JsonParser p) throws IOException {
            if (value != wanted && value != JsonToken.VALUE_NULL) {
                chatTypeError = true;
            }
            p.skipChildren();
        }

        private List<RequestBody.Message> readMessages(JsonParser p) throws IOException {
            List<RequestBody.Message> list = new ArrayList<>();
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == JsonToken.VALUE_NULL) {
                    list.add(new RequestBody.Message(null, null));
                } else if (t == JsonToken.START_OBJECT) {
                    list.add(readMessage(p));
                } else {
                    chatTypeError = true;
                    p.skipChildren();
                }
            }
            return list;
        }

        private RequestBody.Message readMessage(JsonParser p) throws IOException {
            String role = null;
            String content = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName().toLowerCase(java.util.Locale.ROOT);
                JsonToken v = p.nextToken();
                boolean known = field.equals("role") || field.equals("content");
                if (known && v == JsonToken.VALUE_STRING) {
                    if (field.equals("role")) {
                        role = p.getText();
                    } else {
                        content = text(p, false).toString();
                    }
                } else {
                    if (known && v != JsonToken.VALUE_NULL) {
                        chatTypeError = true;
                    }
                    p.skipChildren();
                }
            }
            return new RequestBody.Message(role, content);
        }

        ParsedRequestBody result() {
            String salt = cacheSalt == null ? "" : cacheSalt;
            if (!completionsTypeError && prompt != null && prompt.length() > 0) {
                return new ParsedRequestBody(model, modelStart, modelEnd, new RequestBody.Completions(prompt, salt), null);
            }
            if (chatTypeError) {
                return new ParsedRequestBody(model, modelStart, modelEnd, null, INVALID_FORMAT);
            }
            if (messages.isEmpty()) {
                return new ParsedRequestBody(model, modelStart, modelEnd, null, NO_MESSAGES);
            }
            return new ParsedRequestBody(model, modelStart, modelEnd, new RequestBody.ChatCompletions(messages, salt), null);
        }
    }
}
