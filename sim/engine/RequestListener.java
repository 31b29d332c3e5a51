package sim.engine;

/** What the engine tells the server about one request, on the engine's event loop. */
public interface RequestListener {
    /** The request left the queue and began its prefill. */
    default void started() {}

    /** Output token {@code index} (0-based) was produced; its text. */
    void token(int index, String text);

    /** The request ended (not called after {@link Engine#abort}). */
    void finished(FinishReason reason, int promptTokens, int completionTokens);
}
