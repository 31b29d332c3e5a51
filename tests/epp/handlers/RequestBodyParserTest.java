package epp.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import epp.scheduling.RequestBody;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Body parsing and classification of epp.md §2.2b, §2.5 and §2.10. */
class RequestBodyParserTest {
    private static ParsedRequestBody parse(String json) throws Exception {
        return RequestBodyParser.parse(ByteString.copyFromUtf8(json));
    }

    @Test
    void completionsWithSalt() throws Exception {
        var parsed = parse("{\"model\":\"m\",\"prompt\":\"hi\",\"cache_salt\":\"s\"}");
        assertEquals("m", parsed.model());
        assertEquals(new RequestBody.Completions("hi", "s"), parsed.body());
    }

    @Test
    void chatMessagesWithNullContent() throws Exception {
        var parsed = parse("{\"model\":\"m\",\"messages\":[{\"role\":\"system\",\"content\":null,\"name\":\"x\"},{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertEquals(new RequestBody.ChatCompletions(List.of(new RequestBody.Message("system", null),
                new RequestBody.Message("user", "hi")), ""), parsed.body());
    }

    @Test
    void promptWinsOverMessagesAndMatchesCaseInsensitively() throws Exception {
        var parsed = parse("{\"model\":\"m\",\"Prompt\":\"p\",\"messages\":[{\"role\":\"user\",\"content\":\"c\"}]}");
        assertEquals(new RequestBody.Completions("p", ""), parsed.body());
    }

    @Test
    void nonStringPromptFallsThroughToChat() throws Exception {
        var parsed = parse("{\"model\":\"m\",\"prompt\":[1,2],\"messages\":[{\"role\":\"user\",\"content\":\"c\"}]}");
        assertInstanceOf(RequestBody.ChatCompletions.class, parsed.body());
    }

    @Test
    void multimodalContentIsAnInvalidFormat() throws Exception {
        var parsed = parse("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\"}]}]}");
        assertNull(parsed.body());
        assertEquals(RequestBodyParser.INVALID_FORMAT, parsed.classificationError());
    }

    @Test
    void wronglyTypedChatFieldIsAnInvalidFormat() throws Exception {
        assertEquals(RequestBodyParser.INVALID_FORMAT,
                parse("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"c\"}],\"tools\":{}}").classificationError());
    }

    @Test
    void emptyPromptAndNoMessagesNeedsAMessage() throws Exception {
        assertEquals(RequestBodyParser.NO_MESSAGES, parse("{\"model\":\"m\",\"prompt\":\"\"}").classificationError());
    }

    @Test
    void lastDuplicateModelWinsAndItsOffsetsAreExact() throws Exception {
        String json = "{\"model\":\"a\", \"model\" : \"bé\" ,\"prompt\":\"p\"}";
        var parsed = parse(json);
        assertEquals("bé", parsed.model());
        byte[] bytes = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals("\"bé\"", new String(bytes, (int) parsed.modelValueStart(),
                (int) (parsed.modelValueEnd() - parsed.modelValueStart()), java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void nonStringModelIsNoModel() throws Exception {
        assertNull(parse("{\"model\":\"a\",\"model\":1,\"prompt\":\"p\"}").model());
        assertNull(parse("null").model());
    }

    @Test
    void notASingleJsonObjectIsRejected() {
        for (String bad : List.of("", "[]", "\"s\"", "{\"model\":\"m\"} x", "{\"model\":\"m\"}{}", "{\"model\":", "{'model':'m'}")) {
            assertThrows(RequestBodyParser.NotJsonObject.class, () -> parse(bad), bad);
        }
    }

    @Test
    void longStringsDecodeTheSameWithOrWithoutEscapes() throws Exception {
        String plain = "héllo wörld ✓ ".repeat(200);
        assertEquals(new RequestBody.Completions(plain, ""), parse("{\"model\":\"m\",\"prompt\":\"" + plain + "\"}").body());
        String escaped = "line\\n\\\"q\\\" ".repeat(300);
        String decoded = "line\n\"q\" ".repeat(300);
        assertEquals(new RequestBody.Completions(decoded, ""), parse("{\"model\":\"m\",\"prompt\":\"" + escaped + "\"}").body());
        var chat = parse("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"" + plain + "\"}]}");
        assertEquals(plain, ((RequestBody.ChatCompletions) chat.body()).messages().get(0).content());
    }

    @Test
    void aLongAsciiPromptSplitOverChunksStaysAViewOfTheBodyBytes() throws Exception {
        String prompt = "w1234 ".repeat(20_000);
        String json = "{\"model\":\"m\",\"prompt\":\"" + prompt + "\",\"max_tokens\":1}";
        ByteString chunked = ByteString.EMPTY;
        for (int offset = 0; offset < json.length(); offset += 65_536) {
            chunked = chunked.concat(ByteString.copyFromUtf8(json.substring(offset, Math.min(json.length(), offset + 65_536))));
        }
        var body = (RequestBody.Completions) RequestBodyParser.parse(chunked).body();
        assertInstanceOf(epp.scheduling.AsciiText.class, body.prompt());
        assertEquals(prompt, body.prompt().toString());
        assertEquals(new RequestBody.Completions(prompt, ""), body);
    }

    @Test
    void offsetsAfterALongPromptStayExactAndItsBytesAreStillChecked() throws Exception {
        String prompt = "w1234 ".repeat(30_000);
        String json = "{\"prompt\":\"" + prompt + "\", \"model\" : \"a\",\"messages\":[{\"content\":\"" + prompt + "\"}]}";
        ByteString chunked = ByteString.EMPTY;
        for (int offset = 0; offset < json.length(); offset += 65_536) {
            chunked = chunked.concat(ByteString.copyFromUtf8(json.substring(offset, Math.min(json.length(), offset + 65_536))));
        }
        var parsed = RequestBodyParser.parse(chunked);
        assertEquals("a", parsed.model());
        assertEquals("\"a\"", chunked.substring((int) parsed.modelValueStart(), (int) parsed.modelValueEnd()).toStringUtf8());
        assertEquals(json.replace("\"model\" : \"a\"", "\"model\" : \"b\""),
                ExtProcStream.withModel(chunked, parsed, "b").toStringUtf8());
        assertEquals(new RequestBody.Completions(prompt, ""), parsed.body());

        String unterminated = "{\"model\":\"m\",\"prompt\":\"" + prompt;
        assertThrows(RequestBodyParser.NotJsonObject.class, () -> parse(unterminated));
        String badAfter = "{\"model\":\"m\",\"prompt\":\"" + prompt + "\" x}";
        assertThrows(RequestBodyParser.NotJsonObject.class, () -> parse(badAfter));
    }

    @Test
    void aLongPromptWithAnEscapeLateInItIsDecoded() throws Exception {
        String prompt = "x".repeat(100_000) + "\\t" + "y".repeat(10);
        var body = (RequestBody.Completions) parse("{\"model\":\"m\",\"prompt\":\"" + prompt + "\"}").body();
        assertInstanceOf(String.class, body.prompt());
        assertEquals("x".repeat(100_000) + "\t" + "y".repeat(10), body.prompt());
    }

    @Test
    void aRawControlCharacterInALongStringIsStillInvalidJson() {
        String bad = "x".repeat(2000) + "\u0001" + "y".repeat(10);
        assertThrows(RequestBodyParser.NotJsonObject.class, () -> parse("{\"model\":\"m\",\"prompt\":\"" + bad + "\"}"));
    }

    @Test
    void modelRewriteKeepsEveryOtherByte() throws Exception {
        String json = "{ \"temperature\": 0.0, \"model\" : \"a\",\n \"prompt\":\"<p>\" }";
        var body = ByteString.copyFromUtf8(json);
        var rewritten = ExtProcStream.withModel(body, RequestBodyParser.parse(body), "b&c");
        assertEquals("{ \"temperature\": 0.0, \"model\" : \"b\\u0026c\",\n \"prompt\":\"<p>\" }", rewritten.toStringUtf8());
    }

    @Test
    void usageFromBufferedBodyAndMalformedUsageIsAbsent() {
        assertEquals(new Usage(1, 2, 3), Usage.ofJsonBody(ByteString.copyFromUtf8(
                "{\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2.9,\"total_tokens\":3}}")).orElseThrow().orElseThrow());
        assertEquals(new Usage(0, 0, 0), Usage.ofJsonBody(ByteString.copyFromUtf8(
                "{\"usage\":{\"prompt_tokens\":\"x\"}}")).orElseThrow().orElseThrow());
        assertEquals(java.util.Optional.empty(), Usage.ofJsonBody(ByteString.copyFromUtf8("{\"usage\":7}")).orElseThrow());
        assertEquals(java.util.Optional.empty(), Usage.ofJsonBody(ByteString.copyFromUtf8("not json")));
    }

    @Test
    void sseUsageLaterLinesOverwriteAndNullKeepsThePrevious() {
        String chunk = "data: {\"usage\":{\"prompt_tokens\":4,\"completion_tokens\":1}}\n\ndata: {\"usage\":null}\n\n"
                + "data: {\"usage\":{\"completion_tokens\":9}}\n\ndata: garbage\n\ndata: [DONE]\n\n";
        assertEquals(new Usage(4, 9, 0), Usage.ofSseChunk(chunk));
    }
}
