package tokens;

import java.nio.charset.StandardCharsets;

/**
 * The default tokenizer of the simulator: one token per 4 bytes of the text's UTF-8 encoding, the
 * last piece shorter when the length is not a multiple of 4. A token's id is its bytes read as a
 * big-endian int, a shorter last piece padded with zero bytes.
 *
 * <p>Why 4 bytes: a real tokenizer averages about 4 characters per English token, and the EPP's
 * approximate prefix scorer assumes exactly that (it turns the server's block size in tokens into
 * a block of {@code blockSize × 4} bytes). With vLLM's default block size of 16 tokens, one KV block
 * is then the same 64 bytes of prompt as one block of the EPP's prefix index, so both sides agree on
 * where a prompt's blocks start and end.
 */
public final class ByteChunkTokenizer implements Tokenizer {
    public static final int BYTES_PER_TOKEN = 4;

    @Override
    public int[] encode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int[] ids = new int[(bytes.length + BYTES_PER_TOKEN - 1) / BYTES_PER_TOKEN];
        for (int t = 0; t < ids.length; t++) {
            int id = 0;
            for (int b = 0; b < BYTES_PER_TOKEN; b++) {
                int i = t * BYTES_PER_TOKEN + b;
                id = (id << 8) | (i < bytes.length ? bytes[i] & 0xFF : 0);
            }
            ids[t] = id;
        }
        return ids;
    }

    /** How many tokens {@link #encode} returns for {@code text}, without building them. */
    public static int count(String text) {
        int utf8 = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                utf8 += 1;
            } else if (c < 0x800) {
                utf8 += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                utf8 += 4;
                i++;
            } else {
                utf8 += 3;
            }
        }
        return (utf8 + BYTES_PER_TOKEN - 1) / BYTES_PER_TOKEN;
    }
}
