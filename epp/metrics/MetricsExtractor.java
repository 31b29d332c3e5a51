package epp.metrics;

import common.GoQuote;
import epp.datastore.ModelServerMetrics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns one scrape into the next snapshot of an endpoint (epp.md §4.4): each configured metric is
 * read independently from the previous snapshot's values; one that cannot be read leaves its fields
 * as they were and adds an error, the others still apply. The result always carries the new time.
 *
 * <p>Differs from the reference on purpose: a series' value is read whatever the family's type
 * (the reference reads counters and untyped series as 0), and the vLLM KV metric falls back to its
 * other name when the configured family is absent (epp.md §0.7).
 */
public final class MetricsExtractor {
    static final String LORA_RUNNING = "running_lora_adapters";
    static final String LORA_WAITING = "waiting_lora_adapters";
    static final String LORA_MAX = "max_lora";
    static final String BLOCK_SIZE = "block_size";
    /** vLLM renamed its KV metric in late 2025; either name is read when the other is absent. */
    static final Map<String, String> KV_FALLBACK = Map.of(
            "vllm:kv_cache_usage_perc", "vllm:gpu_cache_usage_perc",
            "vllm:gpu_cache_usage_perc", "vllm:kv_cache_usage_perc");

    private final Optional<MetricSpec> queued;
    private final Optional<MetricSpec> kvCache;
    private final Optional<MetricSpec> lora;
    private final Optional<MetricSpec> cacheInfo;

    public MetricsExtractor(ScrapeConfig config) {
        this.queued = config.queuedRequests();
        this.kvCache = config.kvCacheUsage();
        this.lora = config.loraInfo();
        this.cacheInfo = config.cacheInfo();
    }

    /** Every family name the extractor may read, for {@link ExpositionParser}. */
    public Set<String> familyNames() {
        Set<String> names = new LinkedHashSet<>();
        queued.ifPresent(s -> names.add(s.name()));
        kvCache.ifPresent(s -> {
            names.add(s.name());
            if (KV_FALLBACK.containsKey(s.name())) {
                names.add(KV_FALLBACK.get(s.name()));
            }
        });
        lora.ifPresent(s -> names.add(s.name()));
        cacheInfo.ifPresent(s -> names.add(s.name()));
        return names;
    }

    /** The snapshot that follows {@code previous} given this scrape, and what could not be read. */
    public Result extract(Exposition exposition, ModelServerMetrics previous, Instant now) {
        List<String> errors = new ArrayList<>();
        int waiting = previous.waitingQueueSize();
        double kv = previous.kvCacheUsagePercent();
        Set<String> active = previous.activeModels();
        Set<String> waitingModels = previous.waitingModels();
        int maxActive = previous.maxActiveModels();
        int blockSize = previous.cacheBlockSize();

        if (queued.isPresent()) {
            Sample s = latest(exposition, queued.get(), errors);
            if (s != null) {
                waiting = (int) s.value();
            }
        }
        if (kvCache.isPresent()) {
            MetricSpec spec = kvCache.get();
            String fallback = KV_FALLBACK.get(spec.name());
            if (exposition.family(spec.name()) == null && fallback != null && exposition.family(fallback) != null) {
                spec = new MetricSpec(fallback, spec.labels());
            }
            Sample s = latest(exposition, spec, errors);
            if (s != null) {
                kv = s.value();
            }
        }
        if (lora.isPresent()) {
            List<Sample> family = exposition.family(lora.get().name());
            if (family == null) {
                errors.add("metric family " + GoQuote.quote(lora.get().name()) + " not found");
            } else {
                Sample chosen = latestLora(family);
                if (chosen != null) {
                    active = adapters(chosen.labels().get(LORA_RUNNING));
                    waitingModels = adapters(chosen.labels().get(LORA_WAITING));
                    String max = chosen.labels().getOrDefault(LORA_MAX, "");
                    if (!max.isEmpty()) {
                        try {
                            maxActive = Integer.parseInt(max);
                        } catch (NumberFormatException e) {
                            errors.add("label " + LORA_MAX + "=" + GoQuote.quote(max) + " of "
                                    + lora.get().name() + " is not an integer");
                        }
                    }
                }
            }
        }
        if (cacheInfo.isPresent()) {
            Sample s = latest(exposition, cacheInfo.get(), errors);
            String size = s == null ? null : s.labels().get(BLOCK_SIZE);
            if (size != null) {
                try {
                    blockSize = Integer.parseInt(size);
                } catch (NumberFormatException e) {
                    errors.add("label " + BLOCK_SIZE + "=" + GoQuote.quote(size) + " of "
                            + cacheInfo.get().name() + " is not an integer");
                }
            }
        }
        var snapshot = new ModelServerMetrics(waiting, previous.runningQueueSize(), kv, active, waitingModels,
                maxActive, blockSize, now);
        return new Result(snapshot, List.copyOf(errors));
    }

    /** Among the series carrying all the spec's labels, the one with the latest timestamp (first on ties). */
    private static Sample latest(Exposition exposition, MetricSpec spec, List<String> errors) {
        List<Sample> family = exposition.family(spec.name());
        if (family == null || family.isEmpty()) {
            errors.add("metric family " + GoQuote.quote(spec.name()) + " not found");
            return null;
        }
        Sample best = null;
        for (Sample sample : family) {
            if (hasLabels(sample, spec.labels()) && (best == null || sample.timestampMillis() > best.timestampMillis())) {
                best = sample;
            }
        }
        if (best == null) {
            errors.add("no series of " + GoQuote.quote(spec.name()) + " has the labels " + spec.labels());
        }
        return best;
    }

    private static boolean hasLabels(Sample sample, Map<String, String> labels) {
        for (Map.Entry<String, String> e : labels.entrySet()) {
            if (!e.getValue().equals(sample.labels().get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** vLLM's LoRA info series carry a timestamp as value: the latest one with adapters listed wins. */
    private static Sample latestLora(List<Sample> family) {
        Sample best = null;
        for (Sample sample : family) {
            boolean listsAdapters = !sample.labels().getOrDefault(LORA_RUNNING, "").isEmpty()
                    || !sample.labels().getOrDefault(LORA_WAITING, "").isEmpty();
            if (listsAdapters && sample.value() > (best == null ? 0 : best.value())) {
                best = sample;
            }
        }
        return best;
    }

    /** Comma-separated adapter names, not trimmed (as the reference); empty ⇒ none. */
    private static Set<String> adapters(String list) {
        if (list == null || list.isEmpty()) {
            return Set.of();
        }
        return Set.copyOf(List.of(list.split(",", -1)));
    }

    /** The new snapshot and the metrics that could not be read (logged, never fatal). */
    public record Result(ModelServerMetrics metrics, List<String> errors) {}
}
