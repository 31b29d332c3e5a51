package tokens;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A model's chat template ({@code chat_template} of its {@code tokenizer_config.json}), rendered as
 * Hugging Face's {@code apply_chat_template} renders it for vLLM's chat completions: Jinja with
 * {@code trim_blocks} and {@code lstrip_blocks}, the variables {@code messages} (role, content),
 * {@code add_generation_prompt} and the special tokens ({@code bos_token}, {@code eos_token},
 * {@code unk_token}, {@code pad_token}), and the function {@code raise_exception}. vLLM then
 * tokenizes the text without adding special tokens (the template writes them).
 *
 * <p>Jinja runs through Jinjava; templates that use Python-only features it lacks fail to render,
 * and {@link #render} says so.
 */
public final class ChatTemplate {
    private static final Jinjava JINJA = jinja();

    private final String template;
    private final Map<String, Object> specialTokens;

    private ChatTemplate(String template, Map<String, Object> specialTokens) {
        this.template = lstripBlocks(template);
        this.specialTokens = Map.copyOf(specialTokens);
    }

    /** One chat message; null content renders as nothing. */
    public record Message(String role, String content) {}

    /** A template that failed to render, with Jinjava's reasons. */
    public static final class RenderException extends Exception {
        public RenderException(String message) {
            super(message);
        }
    }

    /**
     * @return the template of this tokenizer_config.json, or empty when it has none
     * @throws IOException when the file cannot be read or is not JSON (the message names it)
     */
    public static Optional<ChatTemplate> load(Path tokenizerConfigJson) throws IOException {
        JsonNode config;
        try {
            config = new ObjectMapper().readTree(Files.readString(tokenizerConfigJson));
        } catch (IOException e) {
            throw new IOException("cannot read " + tokenizerConfigJson + ": " + e.getMessage(), e);
        }
        JsonNode template = config.get("chat_template");
        String text = null;
        if (template != null && template.isTextual()) {
            text = template.textValue();
        } else if (template != null && template.isArray()) {
            // Named templates: [{"name": "default", "template": "..."}, ...]
            for (JsonNode named : template) {
                if ("default".equals(named.path("name").asText()) && named.path("template").isTextual()) {
                    text = named.path("template").textValue();
                }
            }
        }
        if (text == null) {
            return Optional.empty();
        }
        Map<String, Object> tokens = new HashMap<>();
        for (String name : List.of("bos_token", "eos_token", "unk_token", "pad_token")) {
            JsonNode token = config.get(name);
            if (token != null && token.isTextual()) {
                tokens.put(name, token.textValue());
            } else if (token != null && token.path("content").isTextual()) {
                tokens.put(name, token.path("content").textValue()); // an AddedToken object
            }
        }
        return Optional.of(new ChatTemplate(text, tokens));
    }

    public String render(List<Message> messages, boolean addGenerationPrompt) throws RenderException {
        Map<String, Object> context = new HashMap<>(specialTokens);
        List<Map<String, Object>> conversation = new ArrayList<>(messages.size());
        for (Message message : messages) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("role", message.role());
            entry.put("content", message.content() == null ? "" : message.content());
            conversation.add(entry);
        }
        context.put("messages", conversation);
        context.put("add_generation_prompt", addGenerationPrompt);
        RenderResult result = JINJA.renderForResult(template, context);
        List<String> fatal = new ArrayList<>();
        for (TemplateError error : result.getErrors()) {
            if (error.getSeverity() == TemplateError.ErrorType.FATAL) {
                fatal.add(error.getMessage() + rootCause(error.getException()));
            }
        }
        if (!fatal.isEmpty()) {
            throw new RenderException("chat template failed: " + String.join("; ", fatal));
        }
        return result.getOutput();
    }

    private static String rootCause(Throwable error) {
        Throwable cause = error;
        while (cause != null && cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause == null || cause == error || cause.getMessage() == null ? "" : ": " + cause.getMessage();
    }

    /**
     * Jinja's lstrip_blocks: spaces and tabs from the start of a line up to a block or comment tag
     * are removed (not before {@code {%+}). Done here because Jinjava's own option also strips them
     * in the middle of a line, which changes the text Jinja renders.
     */
    static String lstripBlocks(String template) {
        return template.replaceAll("(?m)^[ \\t]+(?=\\{[%#](?!\\+))", "");
    }

    /** The template's {@code raise_exception(message)}: stops rendering with that message. */
    public static String raiseException(String message) {
        throw new IllegalArgumentException(message);
    }

    private static Jinjava jinja() {
        Jinjava jinjava = new Jinjava(JinjavaConfig.newBuilder().withTrimBlocks(true).build());
        jinjava.getGlobalContext().registerFunction(
                new ELFunctionDefinition("", "raise_exception", ChatTemplate.class, "raiseException", String.class));
        return jinjava;
    }
}
