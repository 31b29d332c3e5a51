package release;

import common.EppLease;
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

    public PoolView inspect(Release release) {
        String ns = release.namespace();
        EppState epp = EppState.ABSENT;
        PoolState pool = PoolState.ABSENT;
        String jaegerService = null;
        for (var object : ctx.chart().parseManifest(release.manifest())) {
            var ref = withNamespace(ObjectRef.of(object), ns);
            if (ref.kind().equals("Service") && ref.name().equals(release.name() + "-jaeger-query")) {
                jaegerService = ref.name();
            }
            if (ref.kind().equals("Deployment") && ref.name().endsWith("-epp")) {
                epp = eppState(ref);
            }
            if (ref.kind().equals("InferencePool")) {
                pool = poolState(ref, object, ns);
            }
        }
        return new PoolView(epp.name(), epp.ready(), epp.wanted(), pool.leader(), pool.name(), pool.selector(),
                pool.serversReady(), pool.serversTotal(), pool.conditions(), jaegerService != null, jaegerService);
    }

    /** The EPP Deployment's name and, when it exists, its ready and wanted replicas. */
    private record EppState(String name, Long ready, Long wanted) {
        static final EppState ABSENT = new EppState(null, null, null);
    }

    /** The InferencePool, the model-server pods its selector matches, its Gateway conditions, the EPP leader. */
    private record PoolState(String name, String selector, int serversReady, int serversTotal, List<String> conditions,
                             String leader) {
        static final PoolState ABSENT = new PoolState(null, null, 0, 0, List.of(), null);
    }

    @SuppressWarnings("unchecked")
    private EppState eppState(ObjectRef deployment) {
        var live = ctx.cluster().get(deployment);
        if (live.isEmpty()) {
            return new EppState(deployment.name(), null, null);
        }
        var spec = (Map<String, Object>) live.get().getOrDefault("spec", Map.of());
        var status = (Map<String, Object>) live.get().getOrDefault("status", Map.of());
        return new EppState(deployment.name(), number(status.get("readyReplicas"), 0), number(spec.get("replicas"), 1));
    }

    @SuppressWarnings("unchecked")
    private PoolState poolState(ObjectRef poolRef, Map<String, Object> rendered, String releaseNamespace) {
        var live = ctx.cluster().get(poolRef).orElse(rendered);
        var spec = (Map<String, Object>) live.getOrDefault("spec", Map.of());
        Map<String, String> matchLabels = matchLabels(spec.get("selector"));
        String selector = matchLabels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
        int ready = 0;
        int total = 0;
        if (!matchLabels.isEmpty()) {
            for (var pod : ctx.cluster().list("v1", "Pod", releaseNamespace, matchLabels)) {
                total++;
                if (Pods.isReady(pod)) {
                    ready++;
                }
            }
        }
        var conditions = poolConditions((Map<String, Object>) live.getOrDefault("status", Map.of()));
        return new PoolState(poolRef.name(), selector, ready, total, conditions, leader(poolRef.name(), releaseNamespace));
    }

    /** The holder of the EPP's leader-election Lease (the name the EPP uses, epp.md §7.3), if any. */
    private String leader(String poolName, String ns) {
        var lease = ctx.cluster().get(new ObjectRef("coordination.k8s.io/v1", "Lease", ns, EppLease.name(ns, poolName)));
        if (lease.isPresent() && lease.get().get("spec") instanceof Map<?, ?> leaseSpec) {
            return (String) leaseSpec.get("holderIdentity");
        }
        return null;
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
