package sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** The {@code metadata.managedFields} of one object: who set which fields, by apply or by update. */
final class ManagedFields {
    static final String APPLY = "Apply";
    static final String UPDATE = "Update";

    /** One entry; manager, operation and subresource identify it. */
    static final class Entry {
        final String manager;
        final String operation;
        final String subresource;
        String apiVersion;
        String time;
        FieldSet fields;

        Entry(String manager, String operation, String subresource, String apiVersion, String time, FieldSet fields) {
            this.manager = manager;
            this.operation = operation;
            this.subresource = subresource;
            this.apiVersion = apiVersion;
            this.time = time;
            this.fields = fields;
        }

        boolean is(String manager, String operation, String subresource) {
            return this.manager.equals(manager) && this.operation.equals(operation)
                    && Objects.equals(this.subresource, subresource);
        }
    }

    final List<Entry> entries;

    private ManagedFields(List<Entry> entries) {
        this.entries = entries;
    }

    static ManagedFields of(JsonNode object) {
        List<Entry> entries = new ArrayList<>();
        JsonNode list = Json.at(object, "metadata", "managedFields");
        if (list != null && list.isArray()) {
            for (JsonNode e : list) {
                entries.add(new Entry(e.path("manager").asText(""), e.path("operation").asText(UPDATE),
                        e.hasNonNull("subresource") ? e.get("subresource").asText() : null,
                        e.path("apiVersion").asText(""), e.path("time").asText(null),
                        FieldSet.fromFieldsV1(e.get("fieldsV1"))));
            }
        }
        return new ManagedFields(entries);
    }

    Entry find(String manager, String operation, String subresource) {
        return entries.stream().filter(e -> e.is(manager, operation, subresource)).findFirst().orElse(null);
    }

    /** Sets (replacing) the fields of one entry, creating it when absent. */
    void set(String manager, String operation, String subresource, String apiVersion, FieldSet fields) {
        Entry entry = find(manager, operation, subresource);
        if (entry == null) {
            entries.add(new Entry(manager, operation, subresource, apiVersion, now(), fields));
        } else {
            entry.fields = fields;
            entry.apiVersion = apiVersion;
            entry.time = now();
        }
    }

    /**
     * Records a non-apply write: the writer takes the fields whose value it changed (from everyone
     * else, without conflict), fields that no longer exist are dropped from every entry.
     */
    void recordUpdate(JsonNode before, JsonNode after, String manager, String subresource, String apiVersion) {
        FieldSet now = FieldSet.of(after);
        Set<List<String>> changed = new HashSet<>();
        for (List<String> p : now.paths()) {
            JsonNode old = before == null ? null : FieldSet.find(before, p);
            boolean marker = p.get(p.size() - 1).equals(FieldSet.SELF);
            if (old == null || (!marker && !old.equals(FieldSet.find(after, p)))) {
                changed.add(p);
            }
        }
        for (Entry e : entries) {
            if (!e.is(manager, UPDATE, subresource)) {
                e.fields = e.fields.minus(changed);
            }
        }
        Entry mine = find(manager, UPDATE, subresource);
        FieldSet owned = new FieldSet(changed);
        if (mine != null) {
            owned = mine.fields.union(owned);
        }
        if (!owned.isEmpty()) {
            set(manager, UPDATE, subresource, apiVersion, owned);
        }
        prune(after);
    }

    /** Drops paths that no longer exist in the object and entries left with nothing. */
    void prune(JsonNode object) {
        for (Entry e : entries) {
            e.fields = e.fields.presentIn(object);
        }
        entries.removeIf(e -> e.fields.isEmpty());
    }

    boolean ownedByOtherThan(Entry self, List<String> path) {
        return entries.stream().anyMatch(e -> e != self && e.fields.contains(path));
    }

    boolean ownedUnderByOtherThan(Entry self, List<String> prefix) {
        return entries.stream().anyMatch(e -> e != self && e.fields.containsUnder(prefix));
    }

    void writeTo(ObjectNode object) {
        ObjectNode metadata = Json.metadata(object);
        if (entries.isEmpty()) {
            metadata.remove("managedFields");
            return;
        }
        ArrayNode list = metadata.putArray("managedFields");
        for (Entry e : entries) {
            ObjectNode n = list.addObject();
            n.put("manager", e.manager).put("operation", e.operation).put("apiVersion", e.apiVersion);
            if (e.time != null) {
                n.put("time", e.time);
            }
            n.put("fieldsType", "FieldsV1");
            n.set("fieldsV1", e.fields.toFieldsV1());
            if (e.subresource != null) {
                n.put("subresource", e.subresource);
            }
        }
    }

    /** Ownership without timestamps, to tell whether a write changed anything. */
    String signature() {
        StringBuilder s = new StringBuilder();
        for (Entry e : entries) {
            s.append(e.manager).append('|').append(e.operation).append('|').append(e.subresource).append('|')
                    .append(e.apiVersion).append('|').append(Json.write(e.fields.toFieldsV1())).append('\n');
        }
        return s.toString();
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
