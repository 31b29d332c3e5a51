package sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A set of field paths in Kubernetes' FieldsV1 notation: {@code f:spec}, {@code f:replicas} for map
 * fields, {@code k:{"name":"c"}} for an item of a keyed list, {@code .} for "the item itself".
 * Leaves are scalars, atomic lists and empty maps.
 */
final class FieldSet {
    static final String SELF = ".";
    private static final Set<String> SYSTEM_METADATA = Set.of("name", "namespace", "uid", "resourceVersion",
            "generation", "creationTimestamp", "managedFields", "deletionTimestamp", "deletionGracePeriodSeconds",
            "selfLink");

    private final Set<List<String>> paths;

    FieldSet(Set<List<String>> paths) {
        this.paths = paths;
    }

    static FieldSet empty() {
        return new FieldSet(new LinkedHashSet<>());
    }

    /** The fields an object sets, leaving out identity and server-maintained metadata. */
    static FieldSet of(JsonNode object) {
        Set<List<String>> paths = new LinkedHashSet<>();
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (f.getKey().equals("apiVersion") || f.getKey().equals("kind")) {
                continue;
            }
            if (f.getKey().equals("metadata") && f.getValue().isObject()) {
                ObjectNode meta = ((ObjectNode) f.getValue()).deepCopy();
                meta.remove(SYSTEM_METADATA);
                walk(meta, List.of("f:metadata"), paths);
            } else {
                walkValue(f.getKey(), f.getValue(), List.of(), paths);
            }
        }
        return new FieldSet(paths);
    }

    private static void walk(JsonNode node, List<String> prefix, Set<List<String>> out) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            walkValue(f.getKey(), f.getValue(), prefix, out);
        }
    }

    private static void walkValue(String name, JsonNode value, List<String> prefix, Set<List<String>> out) {
        List<String> path = append(prefix, "f:" + name);
        String key = ListMergeKeys.keyFor(name, value);
        if (value.isObject() && value.size() > 0) {
            walk(value, path, out);
        } else if (value.isArray() && key != null && value.size() > 0) {
            for (JsonNode item : value) {
                List<String> itemPath = append(path, itemKey(key, item));
                out.add(append(itemPath, SELF));
                walk(item, itemPath, out);
            }
        } else {
            out.add(path);
        }
    }

    static String itemKey(String keyField, JsonNode item) {
        ObjectNode key = Json.object();
        key.set(keyField, item.get(keyField));
        return "k:" + Json.write(key);
    }

    static FieldSet fromFieldsV1(JsonNode fieldsV1) {
        Set<List<String>> paths = new LinkedHashSet<>();
        if (fieldsV1 != null && fieldsV1.isObject()) {
            parse(fieldsV1, List.of(), paths);
        }
        return new FieldSet(paths);
    }

    private static void parse(JsonNode node, List<String> prefix, Set<List<String>> out) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            List<String> path = append(prefix, f.getKey());
            if (f.getKey().equals(SELF) || f.getValue().isEmpty()) {
                out.add(path);
            } else {
                parse(f.getValue(), path, out);
            }
        }
    }

    ObjectNode toFieldsV1() {
        ObjectNode root = Json.object();
        List<List<String>> sorted = new ArrayList<>(paths);
        sorted.sort(Comparator.comparing(p -> String.join("\u0000", p)));
        for (List<String> path : sorted) {
            ObjectNode node = root;
            for (String element : path) {
                node = Json.objectField(node, element);
            }
        }
        return root;
    }

    Set<List<String>> paths() {
        return paths;
    }

    boolean isEmpty() {
        return paths.isEmpty();
    }

    boolean contains(List<String> path) {
        return paths.contains(path);
    }

    /** True when this set has the path or anything below it. */
    boolean containsUnder(List<String> prefix) {
        return paths.stream().anyMatch(p -> p.size() >= prefix.size() && p.subList(0, prefix.size()).equals(prefix));
    }

    FieldSet union(FieldSet other) {
        Set<List<String>> all = new LinkedHashSet<>(paths);
        all.addAll(other.paths);
        return new FieldSet(all);
    }

    FieldSet minus(Set<List<String>> remove) {
        Set<List<String>> rest = new LinkedHashSet<>(paths);
        rest.removeAll(remove);
        return new FieldSet(rest);
    }

    /** Keeps only the paths that still exist in the object. */
    FieldSet presentIn(JsonNode object) {
        Set<List<String>> rest = new LinkedHashSet<>();
        for (List<String> p : paths) {
            if (find(object, p) != null) {
                rest.add(p);
            }
        }
        return new FieldSet(rest);
    }

    // ---- navigation of objects by field path ----

    static JsonNode find(JsonNode root, List<String> path) {
        JsonNode node = root;
        for (String element : path) {
            if (node == null) {
                return null;
            }
            if (element.equals(SELF)) {
                return node;
            }
            node = child(node, element);
        }
        return node;
    }

    /** Removes the field (or, for a path ending in {@code .}, the list item) the path points at. */
    static void remove(JsonNode root, List<String> path) {
        List<String> target = path.get(path.size() - 1).equals(SELF) ? path.subList(0, path.size() - 1) : path;
        if (target.isEmpty()) {
            return;
        }
        JsonNode parent = find(root, target.subList(0, target.size() - 1));
        String last = target.get(target.size() - 1);
        if (parent instanceof ObjectNode o && last.startsWith("f:")) {
            o.remove(last.substring(2));
        } else if (parent instanceof ArrayNode a && last.startsWith("k:")) {
            int index = indexOf(a, last);
            if (index >= 0) {
                a.remove(index);
            }
        }
    }

    private static JsonNode child(JsonNode node, String element) {
        if (element.startsWith("f:")) {
            return node.isObject() ? node.get(element.substring(2)) : null;
        }
        if (element.startsWith("k:") && node.isArray()) {
            int index = indexOf((ArrayNode) node, element);
            return index < 0 ? null : node.get(index);
        }
        return null;
    }

    private static int indexOf(ArrayNode list, String keyElement) {
        JsonNode key = Json.parse(keyElement.substring(2));
        for (int i = 0; i < list.size(); i++) {
            JsonNode item = list.get(i);
            boolean all = true;
            Iterator<Map.Entry<String, JsonNode>> kv = key.fields();
            while (kv.hasNext()) {
                Map.Entry<String, JsonNode> e = kv.next();
                JsonNode v = item.get(e.getKey());
                if (v == null || !sameValue(v, e.getValue())) {
                    all = false;
                }
            }
            if (all) {
                return i;
            }
        }
        return -1;
    }

    private static boolean sameValue(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    /** A path as a real apiserver prints it in conflicts: {@code .spec.containers[name="c"].image}. */
    static String display(List<String> path) {
        StringBuilder out = new StringBuilder();
        for (String element : path) {
            if (element.startsWith("f:")) {
                out.append('.').append(element.substring(2));
            } else if (element.startsWith("k:")) {
                JsonNode key = Json.parse(element.substring(2));
                List<String> parts = new ArrayList<>();
                key.fields().forEachRemaining(e -> parts.add(e.getKey() + "=" + e.getValue().toString()));
                out.append('[').append(String.join(",", parts)).append(']');
            }
        }
        return out.toString();
    }

    private static List<String> append(List<String> prefix, String element) {
        List<String> path = new ArrayList<>(prefix.size() + 1);
        path.addAll(prefix);
        path.add(element);
        return List.copyOf(path);
    }
}
