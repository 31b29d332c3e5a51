package epp.requestcontrol;

import common.GoDuration;
import epp.logging.Log;
import java.time.Duration;
import java.util.Map;

/** Thresholds of the saturation detector, from the SD_* environment variables (epp.md §1.2, §6.1). */
public record SaturationConfig(int queueDepthThreshold, double kvCacheUtilThreshold, Duration metricsStalenessThreshold) {
    public static final SaturationConfig DEFAULT = new SaturationConfig(5, 0.8, Duration.ofMillis(200));

    public static SaturationConfig fromEnv(Map<String, String> env) {
        int queue = DEFAULT.queueDepthThreshold;
        double kv = DEFAULT.kvCacheUtilThreshold;
        Duration staleness = DEFAULT.metricsStalenessThreshold;
        String q = read(env, "SD_QUEUE_DEPTH_THRESHOLD");
        if (q != null) {
            try {
                int parsed = Integer.parseInt(q.trim());
                if (parsed > 0) {
                    queue = parsed;
                }
            } catch (NumberFormatException e) {
                Log.warn("Invalid environment variable, using default value", "name", "SD_QUEUE_DEPTH_THRESHOLD", "value", q);
            }
        }
        String k = read(env, "SD_KV_CACHE_UTIL_THRESHOLD");
        if (k != null) {
            try {
                double parsed = Double.parseDouble(k.trim());
                if (parsed > 0 && parsed < 1) {
                    kv = parsed;
                }
            } catch (NumberFormatException e) {
                Log.warn("Invalid environment variable, using default value", "name", "SD_KV_CACHE_UTIL_THRESHOLD", "value", k);
            }
        }
        String s = read(env, "SD_METRICS_STALENESS_THRESHOLD");
        if (s != null) {
            try {
                Duration parsed = GoDuration.parse(s.trim());
                if (parsed.compareTo(Duration.ZERO) > 0) {
                    staleness = parsed;
                }
            } catch (RuntimeException e) {
                Log.warn("Invalid environment variable, using default value", "name", "SD_METRICS_STALENESS_THRESHOLD", "value", s);
            }
        }
        return new SaturationConfig(queue, kv, staleness);
    }

    private static String read(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null) {
            Log.v(Log.VERBOSE, "Environment variable not set, using default value", "name", name);
        } else {
            Log.v(Log.VERBOSE, "Successfully loaded environment variable", "name", name, "value", value);
        }
        return value;
    }
}
