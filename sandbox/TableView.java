package sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The {@code meta.k8s.io/v1 Table} answer {@code kubectl get} asks for ({@code Accept: ...;as=Table}),
 * with the columns a cluster prints for Pods, Deployments, Services and Namespaces, a CRD's
 * additionalPrinterColumns (simple {@code .a.b} paths), and NAME/AGE for everything else.
 */
final class TableView {
    private record Column(String name, String type, int priority, Function<ObjectNode, Object> cell) {}

    private TableView() {}

    static boolean wanted(String accept) {
        return accept != null && accept.contains("as=Table");
    }

    static ObjectNode of(ResourceType type, List<ObjectNode> items, String resourceVersion, JsonNode crd) {
        List<Column> columns = columns(type, crd);
        ObjectNode table = Json.object().put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
        table.putObject("metadata").put("resourceVersion", resourceVersion);
        ArrayNode definitions = table.putArray("columnDefinitions");
        for (Column c : columns) {
            definitions.addObject().put("name", c.name()).put("type", c.type())
                    .put("format", c.name().equals("Name") ? "name" : "").put("description", "")
                    .put("priority", c.priority());
        }
        ArrayNode rows = table.putArray("rows");
        for (ObjectNode item : items) {
            ObjectNode row = rows.addObject();
            ArrayNode cells = row.putArray("cells");
            for (Column c : columns) {
                Object value = c.cell().apply(item);
                if (value instanceof Integer i) {
                    cells.add(i);
                } else {
                    cells.add(value == null ? "" : value.toString());
                }
            }
            ObjectNode partial = row.putObject("object").put("kind", "PartialObjectMetadata")
                    .put("apiVersion", "meta.k8s.io/v1");
            partial.set("metadata", item.get("metadata"));
        }
        return table;
    }

    private static List<Column> columns(ResourceType type, JsonNode crd) {
        List<Column> columns = new ArrayList<>();
        columns.add(new Column("Name", "string", 0, o -> Json.text(o, "metadata", "name")));
        String kind = type.kind();
        if (type.group().isEmpty() && kind.equals("Pod")) {
            columns.add(new Column("Ready", "string", 0, TableView::podReady));
            columns.add(new Column("Status", "string", 0, o -> text(o, "Unknown", "status", "phase")));
            columns.add(new Column("Restarts", "string", 0, TableView::podRestarts));
            columns.add(age());
            columns.add(new Column("IP", "string", 1, o -> text(o, "<none>", "status", "podIP")));
            columns.add(new Column("Node", "string", 1, o -> text(o, "<none>", "spec", "nodeName")));
        } else if (type.group().equals("apps") && kind.equals("Deployment")) {
            columns.add(new Column("Ready", "string", 0, o -> number(o, "status", "readyReplicas") + "/"
                    + number(o, "spec", "replicas")));
            columns.add(new Column("Up-to-date", "integer", 0, o -> number(o, "status", "updatedReplicas")));
            columns.add(new Column("Available", "integer", 0, o -> number(o, "status", "availableReplicas")));
            columns.add(age());
        } else if (type.group().isEmpty() && kind.equals("Namespace")) {
            columns.add(new Column("Status", "string", 0, o -> text(o, "Active", "status", "phase")));
            columns.add(age());
        } else if (type.group().isEmpty() && kind.equals("Service")) {
            columns.add(new Column("Type", "string", 0, o -> text(o, "ClusterIP", "spec", "type")));
            columns.add(new Column("Cluster-IP", "string", 0, o -> text(o, "<none>", "spec", "clusterIP")));
            columns.add(new Column("External-IP", "string", 0, o -> "<none>"));
            columns.add(new Column("Port(s)", "string", 0, TableView::servicePorts));
            columns.add(age());
        } else {
            printerColumns(crd, type.version(), columns);
            columns.add(age());
        }
        return columns;
    }

    private static void printerColumns(JsonNode crd, String version, List<Column> columns) {
        if (crd == null) {
            return;
        }
        for (JsonNode v : crd.path("spec").path("versions")) {
            if (!v.path("name").asText().equals(version)) {
                continue;
            }
            for (JsonNode c : v.path("additionalPrinterColumns")) {
                String path = c.path("jsonPath").asText();
                if (path.equals(".metadata.creationTimestamp")) {
                    continue;
                }
                String[] parts = path.startsWith(".") ? path.substring(1).split("\\.") : new String[] {path};
                columns.add(new Column(c.path("name").asText(), "string", c.path("priority").asInt(0),
                        o -> text(o, "", parts)));
            }
        }
    }

    private static Column age() {
        return new Column("Age", "string", 0, o -> humanAge(Json.text(o, "metadata", "creationTimestamp")));
    }

    private static String podReady(ObjectNode pod) {
        int total = Json.at(pod, "spec", "containers") == null ? 0 : Json.at(pod, "spec", "containers").size();
        int ready = 0;
        JsonNode statuses = Json.at(pod, "status", "containerStatuses");
        if (statuses != null) {
            for (JsonNode s : statuses) {
                ready += s.path("ready").asBoolean() ? 1 : 0;
            }
        }
        return ready + "/" + total;
    }

    private static String podRestarts(ObjectNode pod) {
        int restarts = 0;
        JsonNode statuses = Json.at(pod, "status", "containerStatuses");
        if (statuses != null) {
            for (JsonNode s : statuses) {
                restarts += s.path("restartCount").asInt();
            }
        }
        return String.valueOf(restarts);
    }

    private static String servicePorts(ObjectNode service) {
        List<String> ports = new ArrayList<>();
        JsonNode list = Json.at(service, "spec", "ports");
        if (list != null) {
            for (JsonNode p : list) {
                ports.add(p.path("port").asText() + "/" + p.path("protocol").asText("TCP"));
            }
        }
        return ports.isEmpty() ? "<none>" : String.join(",", ports);
    }

    private static String text(ObjectNode o, String fallback, String... path) {
        JsonNode n = Json.at(o, path);
        return n == null || n.isNull() ? fallback : n.isValueNode() ? n.asText() : Json.write(n);
    }

    private static int number(ObjectNode o, String... path) {
        JsonNode n = Json.at(o, path);
        return n == null ? 0 : n.asInt();
    }

    /** As kubectl prints ages (k8s.io/apimachinery duration.HumanDuration). */
    static String humanAge(String timestamp) {
        if (timestamp == null) {
            return "<unknown>";
        }
        Duration d;
        try {
            d = Duration.between(Instant.parse(timestamp), Instant.now());
        } catch (DateTimeParseException e) {
            return "<unknown>";
        }
        long seconds = Math.max(0, d.getSeconds());
        long minutes = seconds / 60;
        long hours = minutes / 60;
        if (seconds < 120) {
            return seconds + "s";
        } else if (minutes < 10) {
            return seconds % 60 == 0 ? minutes + "m" : minutes + "m" + (seconds % 60) + "s";
        } else if (minutes < 180) {
            return minutes + "m";
        } else if (hours < 8) {
            return minutes % 60 == 0 ? hours + "h" : hours + "h" + (minutes % 60) + "m";
        } else if (hours < 48) {
            return hours + "h";
        } else if (hours < 24 * 8) {
            return hours % 24 == 0 ? (hours / 24) + "d" : (hours / 24) + "d" + (hours % 24) + "h";
        } else if (hours < 24 * 365 * 2) {
            return (hours / 24) + "d";
        }
        long days = hours / 24;
        return days % 365 == 0 ? (days / 365) + "y" : (days / 365) + "y" + (days % 365) + "d";
    }
}
