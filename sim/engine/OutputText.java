package sim.engine;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The tokens a request answers with: in echo mode the prompt again, in random mode 4-character words
 * from a small vocabulary. Either way each output token is about 4 bytes, as the tokenizer counts them,
 * so re-sending an answer costs as many prompt tokens as it produced.
 */
final class OutputText {
    private static final String[] VOCABULARY = {
            "the ", "and ", "for ", "are ", "but ", "not ", "you ", "all ", "any ", "can ", "her ", "was ",
            "one ", "our ", "out ", "day ", "get ", "has ", "him ", "his ", "how ", "man ", "new ", "now ",
            "old ", "see ", "two ", "way ", "who ", "boy ", "did ", "its ", "let ", "put ", "say ", "she ",
            "too ", "use ", "cat ", "dog ", "sun ", "sky ", "map ", "key ", "box ", "car ", "pen ", "cup "};
    static final int DEFAULT_MAX_RANDOM_TOKENS = 256;

    /** The pieces and why they stop. */
    record Plan(List<String> pieces, FinishReason reason) {}

    static Plan plan(String mode, InferenceRequest request, int maxModelLen, Random random) {
        if ("echo".equals(mode)) {
            List<String> pieces = pieces(request.promptText());
            if (pieces.isEmpty()) {
                pieces = List.of("");
            }
            Integer max = request.maxTokens();
            if (max != null && max < pieces.size()) {
                return new Plan(pieces.subList(0, Math.max(1, max)), FinishReason.LENGTH);
            }
            return new Plan(pieces, FinishReason.STOP);
        }
        int room = Math.max(1, maxModelLen - request.promptTokens().length);
        int length;
        FinishReason reason;
        Integer max = request.maxTokens();
        if (max != null) {
            int limit = Math.max(1, Math.min(max, room));
            length = request.ignoreEos() ? limit : 1 + random.nextInt(limit);
            reason = length == max ? FinishReason.LENGTH : FinishReason.STOP;
        } else {
            length = 1 + random.nextInt(Math.min(DEFAULT_MAX_RANDOM_TOKENS, room));
            reason = FinishReason.STOP;
        }
        List<String> pieces = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            pieces.add(VOCABULARY[random.nextInt(VOCABULARY.length)]);
        }
        return new Plan(pieces, reason);
    }

    /** The text cut into pieces of at most 4 UTF-8 bytes (a code point longer than the rest of a piece starts the next). */
    static List<String> pieces(String text) {
        List<String> pieces = new ArrayList<>();
        int start = 0;
        int bytes = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int len = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + len > 4 && bytes > 0) {
                pieces.add(text.substring(start, i));
                start = i;
                bytes = 0;
            }
            bytes += len;
            i += Character.charCount(cp);
        }
        if (start < text.length()) {
            pieces.add(text.substring(start));
        }
        return pieces;
    }
}
