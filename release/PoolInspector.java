package release;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import kube.ObjectRef;
import kube.Pods;

/** Reads the live state of a release's inference pool: EPP readiness and leader, model servers, pool conditions, Jaeger. */
public final class PoolInspector {
    private final ReleaseContext ctx;

    public PoolInspector(ReleaseContext ctx) {
        this.ctx = ctx;
    }

    @SuppressWarnings("unchecked")
    public PoolView inspect(Release release) {
        var objects = ctx.chart().parseManifest(release.manifest());
        String ns = release.namespace();
        String eppName = null;
        Long ready = null;
        Long wanted = null;
        String leader = null;
        String poolName = null;
        String selectorText = null;
        int serversReady = 0;
        int serversTotal = 0;
        var conditions = new ArrayList<String>();
        String jaegerService = null;
        for (var object : objects) {
            var ref = withNamespace(ObjectRef.of(object), ns);
            if (ref.kind().equals("Service") && ref.name().equals(release.name() + "-jaeger-query")) {
                jaegerService = ref.name();
            }
            if (ref.kind().equals("Deployment") && ref.name().endsWith("-epp")) {
                eppName = ref.name();
                var live = ctx.applier().get(ref);
                if (live.isPresent()) {
                    var spec = (Map<String, Object>) live.get().getOrDefault("spec", Map.of());
                    var status = (Map<String, Object>) live.get().getOrDefault("status", Map.of());
                    wanted = number(spec.get("replicas"), 1);
                    ready = number(status.get("readyReplicas"), 0);
                }
            }
            if (ref.kind().equals("InferencePool")) {
                poolName = ref.name();
                var live = ctx.applier().get(ref).orElse(object);
                var spec = (Map<String, Object>) live.getOrDefault("spec", Map.of());
                Map<String, String> matchLabels = matchLabels(spec.get("selector"));
                selectorText = matchLabels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
                if (!matchLabels.isEmpty()) {
                    for (var pod : ctx.applier().list("v1", "Pod", ns, matchLabels)) {
                        serversTotal++;
                        if (Pods.isReady(pod)) {
                            serversReady++;
                        }
                    }
                }
                conditions.addAll(poolConditions((Map<String, Object>) live.getOrDefault("status", Map.of())));
                var lease = ctx.applier().get(new ObjectRef("coordination.k8s.io/v1", "Lease", ns,
                        "epp-" + ns + "-" + ref.name() + ".gateway-api-inference-extension.sigs.k8s.io"));
                if (lease.isPresent() && lease.get().get("spec") instanceof Map<?, ?> leaseSpec) {
                    leader = (String) leaseSpec.get("holderIdentity");
                }
            }
        }
        return new PoolView(eppName, ready, wanted, leader, poolName, selectorText, serversReady, serversTotal, conditions,
                jaegerService != null, jaegerService);
    }

    private static ObjectRef withNamespace(ObjectRef ref, String ns) {
        return ref.namespace() != null ? ref : new ObjectRef(ref.apiVersion(), ref.kind(), ns, ref.name());
    }

    /** v1 `selector.matchLabels` or v1alpha2's flat `selector`. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> matchLabels(Object selector) {
        var out = new LinkedHashMap<String, String>();
        if (selector instanceof Map<?, ?> s) {
            Object inner = s.get("matchLabels");
            Map<String, Object> labels = inner instanceof Map<?, ?> m ? (Map<String, Object>) m : (Map<String, Object>) s;
            labels.forEach((k, v) -> {
                if (!(v instanceof Map)) {
                    out.put(k, String.valueOf(v));
                }
            });
        }
        return out;
    }

    /** `Gateway <name>: Accepted=True (reason)` for each parent's condition (v1 `parents`, v1alpha2 `parent`). */
    @SuppressWarnings("unchecked")
    private static List<String> poolConditions(Map<String, Object> status) {
        var out = new ArrayList<String>();
        Object parents = status.containsKey("parents") ? status.get("parents") : status.get("parent");
        if (parents instanceof List<?> list) {
            for (Object p : list) {
                if (!(p instanceof Map<?, ?> parent)) {
                    continue;
                }
                String gateway = parent.get("parentRef") instanceof Map<?, ?> ref ? String.valueOf(ref.get("name")) : "?";
                if (parent.get("conditions") instanceof List<?> conds) {
                    for (Object c : conds) {
                        if (c instanceof Map<?, ?> cond) {
                            out.add("Gateway " + gateway + ": " + cond.get("type") + "=" + cond.get("status")
                                    + (cond.get("reason") == null ? "" : " (" + cond.get("reason") + ")"));
                        }
                    }
                }
            }
        }
        return out;
    }


    private static long number(Object value, long fallback) {
        return value instanceof Number n ? n.longValue() : fallback;
    }
}
