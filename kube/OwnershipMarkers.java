package kube;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Helm's ownership markers (release.md §4.2, §4.3): injected on apply, checked before adopting an object. */
public final class OwnershipMarkers {
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String RELEASE_NAME = "meta.helm.sh/release-name";
    public static final String RELEASE_NAMESPACE = "meta.helm.sh/release-namespace";

    private OwnershipMarkers() {}

    /** A deep-enough copy of the object with the markers merged over its own labels and annotations. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> inject(Map<String, Object> object, String release, String namespace) {
        var copy = new LinkedHashMap<>(object);
        var meta = new LinkedHashMap<String, Object>((Map<String, Object>) object.getOrDefault("metadata", Map.of()));
        var labels = new LinkedHashMap<String, Object>((Map<String, Object>) meta.getOrDefault("labels", Map.of()));
        var annotations = new LinkedHashMap<String, Object>((Map<String, Object>) meta.getOrDefault("annotations", Map.of()));
        labels.put(MANAGED_BY, "Helm");
        annotations.put(RELEASE_NAME, release);
        annotations.put(RELEASE_NAMESPACE, namespace);
        meta.put("labels", labels);
        meta.put("annotations", annotations);
        copy.put("metadata", meta);
        return copy;
    }

    /** Empty when the live object belongs to this release; otherwise Helm's "invalid ownership metadata" text. */
    @SuppressWarnings("unchecked")
    public static List<String> problems(Map<String, Object> live, String release, String namespace) {
        var meta = (Map<String, Object>) live.getOrDefault("metadata", Map.of());
        var labels = meta.get("labels") instanceof Map<?, ?> l ? (Map<String, Object>) l : Map.<String, Object>of();
        var annotations = meta.get("annotations") instanceof Map<?, ?> a ? (Map<String, Object>) a : Map.<String, Object>of();
        var problems = new ArrayList<String>();
        check(problems, "label", labels, MANAGED_BY, "Helm");
        check(problems, "annotation", annotations, RELEASE_NAME, release);
        check(problems, "annotation", annotations, RELEASE_NAMESPACE, namespace);
        return problems;
    }

    private static void check(List<String> problems, String what, Map<String, Object> map, String key, String expected) {
        Object actual = map.get(key);
        if (actual == null) {
            problems.add(what + " validation error: missing key \"" + key + "\": must be set to \"" + expected + "\"");
        } else if (!expected.equals(actual)) {
            problems.add(what + " validation error: key \"" + key + "\" must equal \"" + expected + "\": current value is \"" + actual + "\"");
        }
    }
}
