package sim.server;

import tokens.ChatTemplate;
import tokens.HuggingFaceTokenizer;
import tokens.Tokenizer;

/** How a pod turns a completion or chat request into its prompt's token ids, as its model server does. */
interface PromptEncoder {
    /** @throws IllegalArgumentException with the message of vLLM's 400 when the request cannot be tokenized */
    int[] encode(ParsedRequest request);

    /** Whether encoding costs enough to run off the event loop (a real tokenizer: ~12 ms for 30,000 characters). */
    boolean slow();

    /** The simulator's own tokenizer: completions' prompts and chats rendered with the simulator's template, as they are. */
    static PromptEncoder of(Tokenizer tokenizer) {
        return new PromptEncoder() {
            @Override
            public int[] encode(ParsedRequest request) {
                return tokenizer.encode(request.prompt());
            }

            @Override
            public boolean slow() {
                return false;
            }
        };
    }

    /**
     * A model's tokenizer.json as vLLM uses it (and the EPP's precise prefix scorer after it):
     * completions' prompts with the tokenizer's special tokens (BOS); chats rendered with the
     * model's chat template, then tokenized without special tokens (the template writes them).
     *
     * @param chatTemplate the model's template, or null when its tokenizer_config.json has none
     */
    static PromptEncoder of(HuggingFaceTokenizer tokenizer, ChatTemplate chatTemplate) {
        return new PromptEncoder() {
            @Override
            public int[] encode(ParsedRequest request) {
                if (!request.chat()) {
                    return tokenizer.encode(request.prompt(), true);
                }
                if (chatTemplate == null) {
                    throw new IllegalArgumentException("As of transformers v4.44, default chat template is no longer allowed, "
                            + "so you must provide a chat template if the tokenizer does not define one. (No chat_template in the "
                            + "tokenizer_config.json beside " + tokenizer.file() + ".)");
                }
                try {
                    return tokenizer.encode(chatTemplate.render(request.messages(), true), false);
                } catch (ChatTemplate.RenderException e) {
                    throw new IllegalArgumentException(e.getMessage());
                }
            }

            @Override
            public boolean slow() {
                return true;
            }
        };
    }
}
