package epp.image;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import tokens.HuggingFaceTokenizer;

/**
 * Run by {@link EppImageBuildTest} on the image's runtime and jars: loads a tokenizer.json as the
 * precise prefix-cache scorer does (DJL's Rust library, from the image's tokenizers jar) and
 * prints the token ids of a text. Usage: TokenizerProbe TOKENIZER_JSON TEXT
 */
public final class TokenizerProbe {
    private TokenizerProbe() {}

    public static void main(String... args) throws Exception {
        try (HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.load(Path.of(args[0]), false)) {
            System.out.println(Arrays.stream(tokenizer.encode(args[1])).mapToObj(Integer::toString).collect(Collectors.joining(" ")));
        }
    }
}
