package tokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tiny model's chat template, against what Python's jinja2 3.1.2 renders with Hugging Face's
 * settings (Environment(trim_blocks=True, lstrip_blocks=True), raise_exception, bos_token).
 */
class ChatTemplateTest {
    static final Path TINY_CONFIG = Path.of("tokens/tiny/tokenizer_config.json");

    @Test
    void rendersLikeHuggingFacesJinja() throws Exception {
        ChatTemplate template = ChatTemplate.load(TINY_CONFIG).orElseThrow();
        assertEquals("<s>\n<|system|> be nice </s>\n<|user|> the cat and the hat </s>\n<|assistant|> ",
                template.render(List.of(new ChatTemplate.Message("system", " be nice "),
                        new ChatTemplate.Message("user", "the cat and the hat")), true));
        assertEquals("<s>\n<|user|> hi </s>\n", template.render(List.of(new ChatTemplate.Message("user", "hi")), false));
    }

    @Test
    void raiseExceptionFailsTheRender() throws Exception {
        ChatTemplate template = ChatTemplate.load(TINY_CONFIG).orElseThrow();
        ChatTemplate.RenderException e = assertThrows(ChatTemplate.RenderException.class,
                () -> template.render(List.of(new ChatTemplate.Message("tool", "x")), true));
        assertTrue(e.getMessage().contains("unknown role tool"), e.getMessage());
    }

    @Test
    void namedTemplatesAndAddedTokenObjects(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("tokenizer_config.json");
        Files.writeString(config, """
                {"bos_token": {"content": "<s>", "special": true},
                 "chat_template": [{"name": "tool_use", "template": "T"}, {"name": "default", "template": "{{ bos_token }}{{ messages[0]['content'] }}"}]}""");
        assertEquals("<s>hello", ChatTemplate.load(config).orElseThrow()
                .render(List.of(new ChatTemplate.Message("user", "hello")), true));
    }

    @Test
    void noTemplateIsEmpty(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("tokenizer_config.json");
        Files.writeString(config, "{\"bos_token\": \"<s>\"}");
        assertEquals(Optional.empty(), ChatTemplate.load(config));
    }

    @Test
    void whitespaceControlMatchesJinja(@TempDir Path dir) throws Exception {
        // lstrip_blocks strips indentation before tags at a line's start only, trim_blocks the newline after a tag.
        String template = "{% for m in messages %}\n    {% if m[\"role\"] == \"user\" %}\n  U: {{ m[\"content\"] }} {% endif %}\n"
                + "\t{# note #}\n{% endfor %}{%+ if add_generation_prompt %}A:{% endif %}";
        Path config = dir.resolve("tokenizer_config.json");
        Files.writeString(config, new ObjectMapper().writeValueAsString(Map.of("chat_template", template)));
        assertEquals("  U: hi A:", ChatTemplate.load(config).orElseThrow().render(
                List.of(new ChatTemplate.Message("user", "hi"), new ChatTemplate.Message("system", "s")), true));
    }
}
