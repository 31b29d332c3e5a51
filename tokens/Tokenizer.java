package tokens;

/** How a model server turns text into token ids. */
public interface Tokenizer {
    int[] encode(String text);
}
