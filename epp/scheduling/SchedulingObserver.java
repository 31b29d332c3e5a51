package epp.scheduling;

import java.time.Duration;

/**
 * Where the scheduler reports what epp.md §5.4 and §7.1 export as Prometheus metrics. The EPP's
 * metrics registry implements it; tests and tools use {@link #NONE}.
 */
public interface SchedulingObserver {
    /** `inference_extension_scheduler_e2e_duration_seconds`, once per schedule call. */
    default void schedulerDuration(Duration duration) {}

    /**
     * `inference_extension_plugin_duration_seconds{extension_point,plugin_type,plugin_name}`;
     * extension points: ProfilePicker, Filter, Scorer, Picker, ProcessProfilesResults, PreRequest,
     * ResponseReceived, ResponseStreaming, ResponseComplete.
     */
    default void pluginDuration(String extensionPoint, String pluginType, String pluginName, Duration duration) {}

    /** `inference_extension_prefix_indexer_hit_bytes` and, when total &gt; 0, `..._hit_ratio`. */
    default void prefixIndexerHit(long hitBytes, double hitRatio, boolean hasRatio) {}

    /** `inference_extension_prefix_indexer_size`, every second. */
    default void prefixIndexerSize(long entries) {}

    SchedulingObserver NONE = new SchedulingObserver() {};
}
