package sim.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import tokens.ChatTemplate;

/**
 * The fields of an OpenAI completion or chat completion request the simulator acts on.
 *
 * @param prompt the prompt text (chat messages rendered with the simulator's own template, used without a
 *               model's chat template)
 * @param messages a chat's messages (null for completions), for a model's chat template
 * @param echoText what echo mode answers with: the prompt, or the last user message of a chat
 * @param cacheSalt vLLM's {@code cache_salt}, or null
 */
record ParsedRequest(boolean chat, String model, String prompt, List<ChatTemplate.Message> messages, String echoText,
                     Integer maxTokens, boolean ignoreEos, boolean stream, boolean includeUsage, String cacheSalt) {

    /** @throws IllegalArgumentException with the message vLLM's 400 would carry */
    static ParsedRequest parse(JsonNode body, boolean chat) {
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("the request body must be a JSON object");
        }
        String model = body.path("model").asText("");
        String prompt;
        String echo;
        List<ChatTemplate.Message> chatMessages = null;
        if (chat) {
            JsonNode messages = body.get("messages");
            if (messages == null || !messages.isArray() || messages.isEmpty()) {
                throw new IllegalArgumentException("\"messages\" must be a non-empty array of {role, content}");
            }
            StringBuilder text = new StringBuilder();
            echo = "";
            chatMessages = new ArrayList<>(messages.size());
            for (JsonNode m : messages) {
                String role = m.path("role").asText("user");
                String content = content(m.get("content"));
                chatMessages.add(new ChatTemplate.Message(role, content));
                text.append("<|").append(role).append("|>\n").append(content).append('\n');
                if ("user".equals(role)) {
                    echo = content;
                }
            }
            prompt = text.append("<|assistant|>\n").toString();
        } else {
            JsonNode p = body.get("prompt");
            if (p == null) {
                throw new IllegalArgumentException("\"prompt\" is required");
            }
            if (p.isArray()) {
                if (p.size() != 1 || !p.get(0).isTextual()) {
                    throw new IllegalArgumentException("\"prompt\" must be a string (or an array of one string): the simulator answers one prompt per request");
                }
                p = p.get(0);
            }
            if (!p.isTextual()) {
                throw new IllegalArgumentException("\"prompt\" must be a string");
            }
            prompt = p.asText();
            echo = prompt;
        }
        Integer maxTokens = null;
        JsonNode max = body.has("max_completion_tokens") ? body.get("max_completion_tokens") : body.get("max_tokens");
        if (max != null && !max.isNull()) {
            if (!max.canConvertToInt() || max.asInt() < 1) {
                throw new IllegalArgumentException("max_tokens must be at least 1, got " + max);
            }
            maxTokens = max.asInt();
        }
        boolean stream = body.path("stream").asBoolean(false);
        boolean includeUsage = stream && body.path("stream_options").path("include_usage").asBoolean(false);
        JsonNode salt = body.get("cache_salt");
        if (salt != null && !salt.isNull() && !salt.isTextual()) {
            throw new IllegalArgumentException("\"cache_salt\" must be a string");
        }
        String cacheSalt = salt == null || salt.isNull() || salt.asText().isEmpty() ? null : salt.asText();
        return new ParsedRequest(chat, model, prompt, chatMessages, echo, maxTokens, body.path("ignore_eos").asBoolean(false),
                stream, includeUsage, cacheSalt);
    }

    private static String content(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        if (content.isArray()) {
            for (JsonNode part : content) {
                if ("text".equals(part.path("type").asText())) {
                    text.append(part.path("text").asText());
                }
            }
        }
        return text.toString();
    }
}
