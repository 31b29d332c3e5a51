package tokens;

/** Turns text into the model's token ids, as the model server does. */
public interface Tokenizer {
    int[] encode(String text);
}
