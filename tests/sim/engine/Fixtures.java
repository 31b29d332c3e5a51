package sim.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tokens.ByteChunkTokenizer;
import tokens.ChainedBlockHasher;

/** Engines with exact latencies (no jitter) on a virtual clock, and requests to feed them. */
final class Fixtures {
    static final ByteChunkTokenizer TOKENIZER = new ByteChunkTokenizer();

    private Fixtures() {}

    /** Prefill 10 ms + 0.1 ms a token, 5 ms a token after, no load factor, no jitter. */
    static SimOptions exactOptions() {
        SimOptions o = new SimOptions();
        o.prefillOverhead = Duration.ofMillis(10);
        o.prefillTimePerToken = Duration.ofNanos(100_000);
        o.prefillTimeStdDev = Duration.ZERO;
        o.interTokenLatency = Duration.ofMillis(5);
        o.interTokenLatencyStdDev = Duration.ZERO;
        o.timeFactorUnderLoad = 1.0;
        o.loraLoadTime = Duration.ofMillis(50);
        return o;
    }

    static Engine engine(SimOptions options, VirtualTimers timers, KvEventSink events) {
        return new Engine(options.validate(), 0, timers, new ChainedBlockHasher(), events);
    }

    static InferenceRequest request(String prompt, int outputTokens) {
        return new InferenceRequest(null, prompt, TOKENIZER.encode(prompt), outputTokens, true);
    }

    static InferenceRequest loraRequest(String lora, String prompt, int outputTokens) {
        return new InferenceRequest(lora, prompt, TOKENIZER.encode(prompt), outputTokens, true);
    }

    /** A prompt of exactly {@code tokens} tokens (4 ASCII bytes each), distinct per {@code seed}. */
    static String prompt(String seed, int tokens) {
        StringBuilder text = new StringBuilder();
        int i = 0;
        while (text.length() < tokens * 4) {
            text.append(seed).append('-').append(i++).append(' ');
        }
        return text.substring(0, tokens * 4);
    }

    /** Records what the engine reports about one request. */
    static final class Recorder implements RequestListener {
        final List<String> tokens = new ArrayList<>();
        final List<Long> tokenTimes = new ArrayList<>();
        private final VirtualTimers timers;
        long startedAt = -1;
        FinishReason reason;
        int promptTokens;
        int completionTokens;

        Recorder(VirtualTimers timers) {
            this.timers = timers;
        }

        @Override
        public void started() {
            startedAt = timers.nowNanos();
        }

        @Override
        public void token(int index, String text) {
            tokens.add(text);
            tokenTimes.add(timers.nowNanos());
        }

        @Override
        public void finished(FinishReason reason, int promptTokens, int completionTokens) {
            this.reason = reason;
            this.promptTokens = promptTokens;
            this.completionTokens = completionTokens;
        }

        boolean hasStarted() {
            return startedAt >= 0;
        }

        boolean done() {
            return reason != null;
        }

        long firstTokenAt() {
            return tokenTimes.get(0);
        }
    }
}
