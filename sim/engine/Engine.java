package sim.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import tokens.BlockHasher;

/**
 * One simulated vLLM engine (one data-parallel rank): continuous batching over a paged, prefix-cached
 * KV cache with LoRA slots.
 *
 * <p>A request waits in a first-come-first-served queue until a batch slot ({@code max-num-seqs}),
 * its KV blocks (prompt + output, all at once) and its adapter's slot are free. The head of the queue
 * blocks the requests behind it when its KV blocks do not fit (vLLM's FCFS); one whose adapter cannot
 * be loaded yet is skipped, as vLLM's scheduler skips it. Running, it prefills its uncached prompt
 * tokens, then produces one token per inter-token latency, both stretched by the batch's size; with
 * {@code max-num-batched-tokens} set, prompts are computed one at a time instead and the decoding of
 * the batch waits for them ({@link PrefillLane}), as vLLM's steps mix the two.
 *
 * <p>Everything happens on the thread that runs {@link Timers}: no locks.
 */
public final class Engine {
    private static final double NANOS_PER_SECOND = 1e9;

    private final SimOptions options;
    private final int rank;
    private final Timers timers;
    private final BlockHasher hasher;
    private final LatencyModel latency;
    /** Prompt computation shared with decode; null when they are timed independently. */
    private final PrefillLane prefillLane;
    private final KvCache kvCache;
    private final LoraSlots loraSlots;
    private final List<LoraModule> loras;
    private final Random random;
    private final EngineStats stats = new EngineStats();
    private final ArrayDeque<Sequence> waiting = new ArrayDeque<>();
    private final Set<Sequence> running = new LinkedHashSet<>();

    public Engine(SimOptions options, int rank, Timers timers, BlockHasher hasher, KvEventSink events) {
        this.options = options;
        this.rank = rank;
        this.timers = timers;
        this.hasher = hasher;
        this.random = new Random(options.seed * 1_000_003L + rank);
        this.latency = new LatencyModel(options, new Jitter(random));
        this.prefillLane = options.maxNumBatchedTokens > 0 ? new PrefillLane(latency.chunkNanos()) : null;
        this.kvCache = new KvCache(options.kvCacheSize, options.blockSize, events);
        this.loraSlots = new LoraSlots(options.maxLoras);
        this.loras = options.loras();
    }

    /** A submitted request; pass it to {@link #abort} when its client goes away. */
    public final class Sequence {
        final InferenceRequest request;
        final RequestListener listener;
        final long[] promptHashes;
        final OutputText.Plan plan;
        final long arrived;
        long started;
        long firstToken;
        long lastToken;
        int produced;
        KvCache.Allocation allocation;
        boolean done;

        Sequence(InferenceRequest request, RequestListener listener, long[] promptHashes, OutputText.Plan plan) {
            this.request = request;
            this.listener = listener;
            this.promptHashes = promptHashes;
            this.plan = plan;
            this.arrived = timers.nowNanos();
        }

        /** Output tokens this request will produce. */
        public int outputTokens() {
            return plan.pieces().size();
        }
    }

    /**
     * Why a request can never run here (too long for the model or the KV cache), or null when it can.
     * vLLM rejects such a request with 400 before queueing it.
     */
    public String rejection(int promptTokens, Integer maxTokens) {
        int total = promptTokens + (maxTokens == null ? 1 : maxTokens);
        if (total > options.maxModelLen) {
            return "This model's maximum context length is " + options.maxModelLen + " tokens. However, you requested "
                    + total + " tokens (" + promptTokens + " in the messages, " + (total - promptTokens)
                    + " in the completion). Please reduce the length of the messages or completion.";
        }
        if (kvCache.blocksFor(total) > kvCache.capacity()) {
            return "The request needs " + kvCache.blocksFor(total) + " KV cache blocks of " + options.blockSize
                    + " tokens, more than the whole cache (" + kvCache.capacity() + " blocks, --kv-cache-size).";
        }
        return null;
    }

    public Sequence submit(InferenceRequest request, RequestListener listener) {
        long[] hashes = hasher.hashFullBlocks(request.promptTokens(), options.blockSize, request.lora(), request.cacheSalt());
        OutputText.Plan plan = OutputText.plan(options.mode, request, options.maxModelLen, random);
        Sequence seq = new Sequence(request, listener, hashes, plan);
        waiting.addLast(seq);
        admit();
        return seq;
    }

    /** The client went away: the request leaves the queue or the batch and frees what it held. */
    public void abort(Sequence seq) {
        if (seq.done) {
            return;
        }
        seq.done = true;
        if (waiting.remove(seq)) {
            return;
        }
        stats.finished.merge(FinishReason.ABORT, 1L, Long::sum);
        release(seq);
    }

    private void admit() {
        Iterator<Sequence> it = waiting.iterator();
        while (it.hasNext() && running.size() < options.maxNumSeqs) {
            Sequence seq = it.next();
            String lora = seq.request.lora();
            if (!loraSlots.canRun(lora)) {
                continue;
            }
            int promptLength = seq.request.promptTokens().length;
            KvCache.Allocation allocation = kvCache.allocate(seq.promptHashes, seq.request.promptTokens(), promptLength,
                    promptLength + seq.outputTokens(), loraId(lora), lora);
            if (allocation == null) {
                break;
            }
            it.remove();
            start(seq, allocation, loraSlots.acquire(lora));
        }
    }

    private void start(Sequence seq, KvCache.Allocation allocation, boolean loadsAdapter) {
        seq.allocation = allocation;
        seq.started = timers.nowNanos();
        running.add(seq);
        int promptLength = seq.request.promptTokens().length;
        stats.prefixCacheQueries += promptLength;
        stats.prefixCacheHits += allocation.hitTokens;
        stats.promptTokens += promptLength;
        stats.lastPrefillTokens = promptLength - allocation.hitTokens;
        stats.queueTime.observe((seq.started - seq.arrived) / NANOS_PER_SECOND);
        seq.listener.started();
        long adapterLoad = loadsAdapter ? options.loraLoadTime.toNanos() : 0;
        int uncached = promptLength - allocation.hitTokens;
        if (prefillLane == null) {
            timers.schedule(latency.prefillNanos(uncached, running.size()) + adapterLoad, () -> produce(seq));
        } else {
            long now = timers.nowNanos();
            long computed = prefillLane.book(now, latency.sharedPrefillNanos(uncached) + adapterLoad);
            timers.schedule(computed - now, () -> produce(seq));
        }
    }

    private void produce(Sequence seq) {
        if (seq.done) {
            return;
        }
        long now = timers.nowNanos();
        int index = seq.produced++;
        if (index == 0) {
            seq.firstToken = now;
            stats.timeToFirstToken.observe((now - seq.arrived) / NANOS_PER_SECOND);
            stats.prefillTime.observe((now - seq.started) / NANOS_PER_SECOND);
        } else {
            stats.interTokenLatency.observe((now - seq.lastToken) / NANOS_PER_SECOND);
        }
        seq.lastToken = now;
        stats.generationTokens++;
        seq.listener.token(index, seq.plan.pieces().get(index));
        if (seq.produced < seq.outputTokens()) {
            long step = latency.interTokenNanos(running.size());
            timers.schedule(prefillLane == null ? step : prefillLane.decodeNanos(now, step), () -> produce(seq));
            return;
        }
        seq.done = true;
        stats.finished.merge(seq.plan.reason(), 1L, Long::sum);
        stats.e2eLatency.observe((now - seq.arrived) / NANOS_PER_SECOND);
        stats.decodeTime.observe((now - seq.firstToken) / NANOS_PER_SECOND);
        stats.requestPromptTokens.observe(seq.request.promptTokens().length);
        stats.requestGenerationTokens.observe(seq.produced);
        release(seq);
        seq.listener.finished(seq.plan.reason(), seq.request.promptTokens().length, seq.produced);
    }

    private void release(Sequence seq) {
        if (running.remove(seq)) {
            kvCache.release(seq.allocation);
            loraSlots.release(seq.request.lora());
            admit();
        }
    }

    private Integer loraId(String lora) {
        if (lora == null) {
            return null;
        }
        for (int i = 0; i < loras.size(); i++) {
            if (loras.get(i).name().equals(lora)) {
                return i + 1;
            }
        }
        return null;
    }

    public int runningCount() {
        return running.size();
    }

    public int waitingCount() {
        return waiting.size();
    }

    /** Adapters of running requests, in the order they started. */
    public List<String> runningAdapters() {
        return adapters(running);
    }

    /** Adapters of waiting requests, in queue order. */
    public List<String> waitingAdapters() {
        return adapters(waiting);
    }

    private static List<String> adapters(Iterable<Sequence> sequences) {
        Set<String> names = new LinkedHashSet<>();
        for (Sequence s : sequences) {
            if (s.request.lora() != null) {
                names.add(s.request.lora());
            }
        }
        return new ArrayList<>(names);
    }

    public boolean isAdapterLoaded(String lora) {
        return loraSlots.isLoaded(lora);
    }

    public KvCache kvCache() {
        return kvCache;
    }

    public EngineStats stats() {
        return stats;
    }

    public SimOptions options() {
        return options;
    }

    public int rank() {
        return rank;
    }

    public List<LoraModule> loraModules() {
        return loras;
    }

    public long nowNanos() {
        return timers.nowNanos();
    }
}
