package epp.scheduling.plugins.prefix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import epp.scheduling.RequestBody;
import epp.scheduling.RequestBody.Message;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromptHasherTest {
    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The spec's chain, computed with the independent XXH64: h0 = XXH64(seed), h_i = XXH64(block_i ‖ LE64(h_{i−1})). */
    private static long[] expectedChain(byte[] seed, byte[] input, int blockSize) {
        long previous = ReferenceXxh64.hash(seed, 0);
        long[] hashes = new long[input.length / blockSize];
        for (int i = 0; i < hashes.length; i++) {
            var block = new ByteArrayOutputStream();
            block.write(input, i * blockSize, blockSize);
            for (int b = 0; b < 8; b++) {
                block.write((int) (previous >>> (8 * b)) & 0xFF);
            }
            previous = ReferenceXxh64.hash(block.toByteArray(), 0);
            hashes[i] = previous;
        }
        return hashes;
    }

    private static String ascii(int length) {
        var text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append((char) ('a' + i % 26));
        }
        return text.toString();
    }

    @Test
    void referenceXxh64MatchesPublishedVectors() {
        assertEquals(0xEF46DB3751D8E999L, ReferenceXxh64.hash(new byte[0], 0));
        assertEquals(0xD24EC4F1A98C6E5BL, ReferenceXxh64.hash(utf8("a"), 0));
        assertEquals(0x44BC2CF5AD770999L, ReferenceXxh64.hash(utf8("abc"), 0));
        assertEquals(0xFBCEA83C8A378BF1L, ReferenceXxh64.hash(utf8("Nobody inspects the spammish repetition"), 0));
    }

    @Test
    void completionPromptIsHashedInFullBlocksChainedFromTheModel() {
        String prompt = ascii(150); // two full 64-byte blocks, 22 bytes dropped
        long[] hashes = PromptHasher.hash("llama", new RequestBody.Completions(prompt, ""), 64, 256);
        assertArrayEquals(expectedChain(utf8("llama"), utf8(prompt), 64), hashes);
        assertEquals(2, hashes.length);
    }

    @Test
    void anAsciiViewOfThePromptHashesExactlyAsItsString() {
        for (int length : new int[] {63, 64, 150, 16_384, 16_385, 200_000}) {
            String prompt = ascii(length);
            var view = new epp.scheduling.AsciiText(com.google.protobuf.ByteString.copyFromUtf8("{" + prompt + "}").substring(1, length + 1));
            assertArrayEquals(PromptHasher.hash("llama", new RequestBody.Completions(prompt, "s"), 64, 256),
                    PromptHasher.hash("llama", new RequestBody.Completions(view, "s"), 64, 256), "length " + length);
            assertArrayEquals(expectedChain(utf8("llamas"), utf8(prompt.substring(0, Math.min(length, 64 * 256))), 64),
                    PromptHasher.hash("llama", new RequestBody.Completions(view, "s"), 64, 256), "length " + length);
        }
    }

    @Test
    void cacheSaltIsAppendedToTheModelInTheSeedHash() {
        String prompt = ascii(64);
        long[] salted = PromptHasher.hash("llama", new RequestBody.Completions(prompt, "tenant-1"), 64, 256);
        assertArrayEquals(expectedChain(utf8("llamatenant-1"), utf8(prompt), 64), salted);
        long[] unsalted = PromptHasher.hash("llama", new RequestBody.Completions(prompt, ""), 64, 256);
        assertEquals(false, Arrays.equals(salted, unsalted));
    }

    @Test
    void promptsShorterThanOneBlockHaveNoHashes() {
        assertEquals(0, PromptHasher.hash("m", new RequestBody.Completions(ascii(63), ""), 64, 256).length);
        assertEquals(0, PromptHasher.hash("m", null, 64, 256).length);
    }

    @Test
    void onlyTheFirstMaxBlocksAreHashed() {
        String prompt = ascii(1000);
        long[] hashes = PromptHasher.hash("m", new RequestBody.Completions(prompt, ""), 16, 3);
        assertArrayEquals(expectedChain(utf8("m"), Arrays.copyOf(utf8(prompt), 48), 16), hashes);
    }

    @Test
    void truncationCutsBytesEvenInsideACharacterLikeGoSlicing() {
        String prompt = "ab" + "é".repeat(10) + "plain ascii tail";
        for (int blockSize = 1; blockSize <= 7; blockSize++) {
            long[] hashes = PromptHasher.hash("m", new RequestBody.Completions(prompt, ""), blockSize, 3);
            byte[] cut = Arrays.copyOf(utf8(prompt), 3 * blockSize);
            assertArrayEquals(expectedChain(utf8("m"), cut, blockSize), hashes, "blockSize " + blockSize);
        }
    }

    @Test
    void nonAsciiPromptIsHashedAsUtf8Bytes() {
        String prompt = "héllo wörld – ünïcödé 😀 ".repeat(5);
        long[] hashes = PromptHasher.hash("m", new RequestBody.Completions(prompt, ""), 32, 256);
        assertArrayEquals(expectedChain(utf8("m"), utf8(prompt), 32), hashes);
    }

    @Test
    void chatMessagesAreHashedAsGoJsonWithCapitalisedFieldNames() {
        List<Message> messages = List.of(new Message("system", "You are <helpful> & \"kind\"\n"),
                new Message("user", null), new Message(null, "tab\there"));
        String goJson = "[{\"Role\":\"system\",\"Content\":\"You are \\u003chelpful\\u003e \\u0026 \\\"kind\\\"\\n\"},"
                + "{\"Role\":\"user\",\"Content\":\"\"},{\"Role\":\"\",\"Content\":\"tab\\there\"}]";
        long[] hashes = PromptHasher.hash("m", new RequestBody.ChatCompletions(messages, ""), 16, 256);
        assertArrayEquals(expectedChain(utf8("m"), utf8(goJson), 16), hashes);
    }

    @Test
    void goJsonEscapesLikeEncodingJson() {
        assertEquals("[{\"Role\":\"u\",\"Content\":\"é€😀\\u2028\\u2029\\u0001\\u001f\u007f/\\\\\\b\\f\\r\uFFFD\"}]",
                encode(List.of(new Message("u", "é€😀\u2028\u2029\u0001\u001f\u007f/\\\b\f\r\uD800"))));
    }

    @Test
    void boundedEncodingIsAPrefixOfTheFullEncoding() {
        List<Message> messages = List.of(new Message("user", "x<".repeat(100)), new Message("assistant", "y".repeat(50)));
        String full = encode(messages);
        for (int limit : new int[] {1, 10, 33, 100, 250}) {
            BoundedBytes out = new BoundedBytes(limit, 4);
            GoJsonMessages.write(messages, out);
            assertEquals(full.substring(0, limit), new String(out.array(), 0, out.size(), StandardCharsets.UTF_8));
        }
    }

    private static String encode(List<Message> messages) {
        BoundedBytes out = new BoundedBytes(Integer.MAX_VALUE, 16);
        GoJsonMessages.write(messages, out);
        return new String(out.array(), 0, out.size(), StandardCharsets.UTF_8);
    }
}
