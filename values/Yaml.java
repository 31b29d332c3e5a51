package values;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Helm values as text: YAML and JSON read and written the way Helm does (sigs.k8s.io/yaml over
 * go-yaml v2, Go's encoding/json), for values files, {@code --set-json}, rendered manifests and the
 * values in release records. It is not a general-purpose mapper: formats that are not Helm values
 * have their own Jackson mappers next to their code (the local API's Kubernetes objects in
 * {@code sandbox/Json}, the EPP's EndpointPickerConfig in {@code epp/scheduling/config/ConfigDecoder},
 * the release record's envelope in {@code release/ReleaseJson}).
 *
 * <p>Values are plain Java objects, the same for the renderer, the release store and the values flags:
 * <ul>
 *   <li>maps are {@code LinkedHashMap<String, Object>}, lists {@code ArrayList<Object>};</li>
 *   <li>strings {@code String}, booleans {@code Boolean}, null is {@code null};</li>
 *   <li>numbers follow Helm: integers from {@code --set} are {@code Long} (Go int64); every number
 *       read from YAML or JSON here is a {@code Double} (Go float64), so
 *       {@code 12345678901234567} reads as 12345678901234568 and {@code replicas: 1} as 1.0.</li>
 * </ul>
 * The writers print a Double the way Go's encoding/json does: {@code 8080.0} as {@code 8080},
 * {@code 1.5} as {@code 1.5}, exponent form only where Go uses it ({@code 1e+21}).
 *
 * <p>Reading follows sigs.k8s.io/yaml over go-yaml v2 (YAML 1.1): {@code yes}, {@code on},
 * {@code y} are booleans, also as keys ({@code y:} gives the key "true"); quoted scalars are
 * always strings.
 */
public final class Yaml {
    private Yaml() {}

    /**
     * A values file: one or more YAML documents, each a map (or empty), deep-merged in order as
     * Helm v4's LoadValues does. Errors name {@code sourceNameForErrors}:
     * {@code failed to parse <source>: ... yaml: line 3: ...}.
     */
    public static Map<String, Object> readValues(String yamlText, String sourceNameForErrors) {
        List<Object> documents;
        try {
            documents = YamlReader.documents(yamlText);
        } catch (YamlReader.YamlError e) {
            throw new ValuesException("failed to parse " + sourceNameForErrors
                    + ": cannot unmarshal yaml document: error converting YAML to JSON: " + e.getMessage(), false);
        }
        Map<String, Object> values = new LinkedHashMap<>();
        int number = 0;
        for (Object document : documents) {
            number++;
            if (document == null) {
                continue;
            }
            if (!(document instanceof Map<?, ?> map)) {
                throw new ValuesException("failed to parse " + sourceNameForErrors
                        + ": cannot unmarshal yaml document: error unmarshaling JSON: json: cannot unmarshal "
                        + (document instanceof List ? "array" : GoFormat.typeName(document)) + " into Go value of type map[string]interface {}"
                        + " (document " + number + " must be a map of values, like `key: value`)", false);
            }
            values = mergeMaps(values, castMap(map));
        }
        return values;
    }

    /** Every document of a YAML stream, in order; empty (null) documents are skipped. */
    public static List<Object> readAll(String yamlStream) {
        try {
            var documents = new ArrayList<Object>();
            for (Object document : YamlReader.documents(yamlStream)) {
                if (document != null) {
                    documents.add(document);
                }
            }
            return documents;
        } catch (YamlReader.YamlError e) {
            throw new ValuesException(e.getMessage(), false);
        }
    }

    /**
     * Block YAML as Helm's {@code toYaml} (sigs.k8s.io/yaml) prints it, ending in a newline. Keys
     * stay in the maps' order (callers sort if they want Go's order). Throws
     * IllegalArgumentException for objects that are not Helm values.
     */
    public static String write(Object value) {
        return YamlWriter.write(value);
    }

    /**
     * A deep copy of a value with every map's keys in the order Helm prints them in
     * {@code toYaml} and {@code helm get values} (go-yaml v2's: non-letters before letters,
     * digit runs compared as numbers, so {@code a2} comes before {@code a10}). Pass the result
     * to {@link #write} to print a value byte for byte as Helm does.
     */
    public static Object sortKeys(Object value) {
        return GoYamlKeyOrder.sorted(value);
    }

    /** Compact JSON as Go's encoding/json prints it: map keys sorted, numbers as described above. */
    public static String writeJson(Object value) {
        return Json.write(value);
    }

    /** One JSON value with Helm's types (every number a Double). */
    public static Object readJson(String json) {
        try {
            return Json.read(json);
        } catch (ValuesException e) {
            throw new ValuesException("invalid JSON: " + e.getMessage(), false, e);
        }
    }

    /**
     * Helm's loader.MergeMaps: a new map with {@code overrides} over {@code base}; nested maps
     * merge key by key, anything else (lists included) is replaced. The inputs are not changed,
     * but unmerged values are shared, not copied.
     */
    static Map<String, Object> mergeMaps(Map<String, Object> base, Map<String, Object> overrides) {
        var out = new LinkedHashMap<>(base);
        for (var entry : overrides.entrySet()) {
            if (entry.getValue() instanceof Map<?, ?> overrideMap && out.get(entry.getKey()) instanceof Map<?, ?> baseMap) {
                out.put(entry.getKey(), mergeMaps(castMap(baseMap), castMap(overrideMap)));
            } else {
                out.put(entry.getKey(), entry.getValue());
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> castMap(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }
}
