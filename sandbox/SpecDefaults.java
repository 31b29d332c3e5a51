package sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The schema defaults kube-apiserver fills in on every write of the kinds pool deploys (Deployment,
 * Pod, Service), so that what tests read back looks like what a cluster stores: defaulted fields are
 * not owned by an applier, and re-applying the same configuration changes nothing. Services get a
 * cluster IP from 10.96.0.0/16, kept across updates that leave it out.
 */
final class SpecDefaults {
    private SpecDefaults() {}

    static void apply(ResourceType type, ObjectNode object, ObjectNode old, Supplier<Set<String>> usedClusterIps) {
        JsonNode spec = object.get("spec");
        if (!(spec instanceof ObjectNode s)) {
            return;
        }
        if (type.group().isEmpty() && type.kind().equals("Pod")) {
            podSpec(s);
        } else if (type.group().isEmpty() && type.kind().equals("Service")) {
            service(s, old == null ? null : Json.at(old, "spec"), usedClusterIps);
        } else if (type.group().equals("apps") && type.kind().equals("Deployment")) {
            deployment(s);
        }
    }

    private static void deployment(ObjectNode spec) {
        putIfAbsent(spec, "replicas", 1);
        putIfAbsent(spec, "revisionHistoryLimit", 10);
        putIfAbsent(spec, "progressDeadlineSeconds", 600);
        ObjectNode strategy = Json.objectField(spec, "strategy");
        putIfAbsent(strategy, "type", "RollingUpdate");
        if ("RollingUpdate".equals(Json.text(strategy, "type"))) {
            ObjectNode rolling = Json.objectField(strategy, "rollingUpdate");
            putIfAbsent(rolling, "maxSurge", "25%");
            putIfAbsent(rolling, "maxUnavailable", "25%");
        }
        JsonNode template = Json.at(spec, "template", "spec");
        if (template instanceof ObjectNode podSpec) {
            podSpec(podSpec);
        }
    }

    private static void podSpec(ObjectNode spec) {
        putIfAbsent(spec, "restartPolicy", "Always");
        putIfAbsent(spec, "dnsPolicy", "ClusterFirst");
        putIfAbsent(spec, "schedulerName", "default-scheduler");
        putIfAbsent(spec, "terminationGracePeriodSeconds", 30);
        if (!spec.has("securityContext")) {
            spec.putObject("securityContext");
        }
        for (String list : new String[] {"containers", "initContainers"}) {
            if (spec.get(list) instanceof ArrayNode containers) {
                containers.forEach(c -> container((ObjectNode) c));
            }
        }
    }

    private static void container(ObjectNode container) {
        putIfAbsent(container, "terminationMessagePath", "/dev/termination-log");
        putIfAbsent(container, "terminationMessagePolicy", "File");
        String image = Json.text(container, "image");
        if (image != null) {
            String tag = image.contains("@") ? "digest" : image.substring(image.lastIndexOf('/') + 1).contains(":")
                    ? image.substring(image.lastIndexOf(':') + 1) : "latest";
            putIfAbsent(container, "imagePullPolicy", tag.equals("latest") ? "Always" : "IfNotPresent");
        }
        if (container.get("ports") instanceof ArrayNode ports) {
            ports.forEach(p -> putIfAbsent((ObjectNode) p, "protocol", "TCP"));
        }
    }

    private static void service(ObjectNode spec, JsonNode oldSpec, Supplier<Set<String>> usedClusterIps) {
        putIfAbsent(spec, "type", "ClusterIP");
        putIfAbsent(spec, "sessionAffinity", "None");
        if (spec.get("ports") instanceof ArrayNode ports) {
            for (JsonNode p : ports) {
                ObjectNode port = (ObjectNode) p;
                putIfAbsent(port, "protocol", "TCP");
                if (!port.has("targetPort") && port.has("port")) {
                    port.set("targetPort", port.get("port"));
                }
            }
        }
        if ("ExternalName".equals(Json.text(spec, "type"))) {
            return;
        }
        if (!spec.hasNonNull("clusterIP") || Json.text(spec, "clusterIP").isEmpty()) {
            String kept = oldSpec == null ? null : Json.text(oldSpec, "clusterIP");
            spec.put("clusterIP", kept != null ? kept : allocate(usedClusterIps.get()));
        }
        if (!spec.has("clusterIPs")) {
            spec.putArray("clusterIPs").add(Json.text(spec, "clusterIP"));
        }
        if (!spec.has("ipFamilies")) {
            spec.putArray("ipFamilies").add("IPv4");
        }
        putIfAbsent(spec, "ipFamilyPolicy", "SingleStack");
        putIfAbsent(spec, "internalTrafficPolicy", "Cluster");
    }

    private static String allocate(Set<String> used) {
        for (int i = 10; i < 65_534; i++) {
            String ip = "10.96." + (i / 256) + "." + (i % 256);
            if (i % 256 != 0 && i % 256 != 255 && !used.contains(ip)) {
                return ip;
            }
        }
        throw new ApiException(500, "InternalError", "no free cluster IP left in 10.96.0.0/16", null, null,
                java.util.List.of());
    }

    private static void putIfAbsent(ObjectNode node, String field, String value) {
        if (!node.hasNonNull(field)) {
            node.put(field, value);
        }
    }

    private static void putIfAbsent(ObjectNode node, String field, int value) {
        if (!node.hasNonNull(field)) {
            node.put(field, value);
        }
    }
}
