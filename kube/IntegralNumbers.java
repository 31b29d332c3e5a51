package kube;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Helm values and stored manifests read every YAML/JSON number as a float64 (Double here), but
 * Kubernetes' typed fields (replicas, ports) reject `2.0`. Helm's own YAML→JSON step sends such
 * numbers as integers; this does the same for an object about to be sent.
 */
final class IntegralNumbers {
    private IntegralNumbers() {}

    static Object of(Object value) {
        if (value instanceof Double d && !d.isInfinite() && d == Math.rint(d) && Math.abs(d) < 9.007199254740992E15) {
            return d.longValue();
        }
        if (value instanceof Float f && f == Math.rint(f)) {
            return (long) f.floatValue();
        }
        if (value instanceof Map<?, ?> map) {
            var copy = new LinkedHashMap<String, Object>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), of(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            var copy = new ArrayList<Object>(list.size());
            list.forEach(v -> copy.add(of(v)));
            return copy;
        }
        return value;
    }
}
