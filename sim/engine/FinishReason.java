package sim.engine;

/** Why a request ended, as vLLM's {@code finished_reason} label and OpenAI's {@code finish_reason} name it. */
public enum FinishReason {
    STOP("stop"), LENGTH("length"), ABORT("abort");

    public final String label;

    FinishReason(String label) {
        this.label = label;
    }
}
