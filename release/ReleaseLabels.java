package release;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The labels of a release Secret (release.md §1.3): system labels Helm queries by, plus user labels. */
public final class ReleaseLabels {
    public static final List<String> SYSTEM = List.of("name", "owner", "status", "version", "createdAt", "modifiedAt");
    public static final String OWNER = "helm";

    private ReleaseLabels() {}

    /** Rejects user labels that would shadow a system label, with Helm's message. */
    public static void checkUserLabels(Map<String, String> userLabels) {
        for (String key : userLabels.keySet()) {
            if (SYSTEM.contains(key)) {
                throw new ReleaseException("user supplied labels contains system reserved label name. System labels: "
                        + "[name owner status version createdAt modifiedAt]");
            }
        }
    }

    /** Labels for a write: user labels, then owner/name/status/version (always equal to the JSON's status). */
    public static Map<String, String> forWrite(Release r, Instant now, boolean create, Map<String, String> previous) {
        var labels = new LinkedHashMap<String, String>(r.labels());
        labels.put("name", r.name());
        labels.put("owner", OWNER);
        labels.put("status", r.status().text());
        labels.put("version", Integer.toString(r.version()));
        if (create) {
            labels.put("createdAt", Long.toString(now.getEpochSecond()));
        } else {
            if (previous.containsKey("createdAt")) {
                labels.put("createdAt", previous.get("createdAt"));
            }
            labels.put("modifiedAt", Long.toString(now.getEpochSecond()));
        }
        return labels;
    }

    /** The user labels among a Secret's labels. */
    public static Map<String, String> userLabels(Map<String, String> secretLabels) {
        var user = new LinkedHashMap<String, String>();
        if (secretLabels != null) {
            secretLabels.forEach((k, v) -> {
                if (!SYSTEM.contains(k)) {
                    user.put(k, v);
                }
            });
        }
        return user;
    }

    /** Upgrade merges the previous labels with new ones; a value of "null" removes a label. */
    public static Map<String, String> merge(Map<String, String> previous, Map<String, String> updates) {
        var merged = new LinkedHashMap<>(previous);
        updates.forEach((k, v) -> {
            if ("null".equals(v)) {
                merged.remove(k);
            } else {
                merged.put(k, v);
            }
        });
        return merged;
    }
}
