package epp.scheduling;

import java.util.List;

/**
 * The parts of an inference request body the scheduler looks at, classified as epp.md §2.10 says
 * (the ext_proc handler builds it; the prefix-cache scorer hashes it). Like {@link AsciiText}, it is
 * valid only while its request is being scheduled: keep copies, not the body, beyond that.
 */
public sealed interface RequestBody {
    /** `cache_salt`, or "" when absent. */
    String cacheSalt();

    /**
     * A completions request: non-empty string `prompt`, a String or, for a long ASCII prompt, an
     * {@link AsciiText} view of the body bytes. Equality compares the characters.
     */
    record Completions(CharSequence prompt, String cacheSalt) implements RequestBody {
        @Override
        public boolean equals(Object o) {
            return o instanceof Completions c && CharSequence.compare(prompt, c.prompt) == 0
                    && java.util.Objects.equals(cacheSalt, c.cacheSalt);
        }

        @Override
        public int hashCode() {
            return prompt.toString().hashCode() * 31 + java.util.Objects.hashCode(cacheSalt);
        }
    }

    /** A chat-completions request: at least one message. */
    record ChatCompletions(List<Message> messages, String cacheSalt) implements RequestBody {
        public ChatCompletions {
            messages = List.copyOf(messages);
        }
    }

    /** One chat message; role and content may be null (JSON null or absent). */
    record Message(String role, String content) {}
}
