package tokens;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A model's Hugging Face {@code tokenizer.json}, run by the Rust tokenizers library vLLM's own
 * tokenizer uses (through DJL's binding, whose jar carries the native library).
 *
 * <p>{@code addSpecialTokens} follows vLLM: true for completions prompts (the tokenizer's post
 * processor adds e.g. BOS), false for text a chat template rendered (the template writes them).
 * Thread-safe; close it to free the native tokenizer.
 */
public final class HuggingFaceTokenizer implements Tokenizer, AutoCloseable {
    private final ai.djl.huggingface.tokenizers.HuggingFaceTokenizer tokenizer;
    private final boolean addSpecialTokens;
    private final Path file;

    private HuggingFaceTokenizer(ai.djl.huggingface.tokenizers.HuggingFaceTokenizer tokenizer,
                                 boolean addSpecialTokens, Path file) {
        this.tokenizer = tokenizer;
        this.addSpecialTokens = addSpecialTokens;
        this.file = file;
    }

    /**
     * @param tokenizerJson a {@code tokenizer.json} file
     * @throws IOException when the file is missing or not a tokenizer the library can load (the
     *                     message names the file)
     */
    public static HuggingFaceTokenizer load(Path tokenizerJson, boolean addSpecialTokens) throws IOException {
        if (!Files.isRegularFile(tokenizerJson)) {
            throw new IOException("tokenizer file " + tokenizerJson + " does not exist or is not a file");
        }
        try {
            ai.djl.huggingface.tokenizers.HuggingFaceTokenizer tokenizer =
                    ai.djl.huggingface.tokenizers.HuggingFaceTokenizer.builder()
                            .optTokenizerPath(tokenizerJson)
                            .optAddSpecialTokens(addSpecialTokens)
                            // No truncation, no padding: the model server sees every token.
                            .optTruncation(false)
                            .optPadding(false)
                            .build();
            return new HuggingFaceTokenizer(tokenizer, addSpecialTokens, tokenizerJson);
        } catch (RuntimeException | IOException e) {
            throw new IOException("cannot load tokenizer " + tokenizerJson + ": " + e.getMessage(), e);
        }
    }

    @Override
    public int[] encode(String text) {
        return encode(text, addSpecialTokens);
    }

    /** @param specialTokens whether the tokenizer's post processor adds its special tokens (BOS...) */
    public int[] encode(String text, boolean specialTokens) {
        long[] ids = tokenizer.encode(text, specialTokens, false).getIds();
        int[] tokens = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            tokens[i] = (int) ids[i];
        }
        return tokens;
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
