package gateway;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The pool's ready endpoints from the Kubernetes API: an informer on the Pods its selector
 * matches; every ready pod (Ready condition True, a pod IP, not being deleted) × every target port,
 * ordered by pod name. The list is rebuilt on each pod event and read from memory per request.
 */
public final class KubernetesPoolEndpoints implements PoolEndpoints, AutoCloseable {
    private static final ResourceDefinitionContext POOL_V1 = pool("inference.networking.k8s.io", "v1");
    private static final ResourceDefinitionContext POOL_V1ALPHA2 = pool("inference.networking.x-k8s.io", "v1alpha2");

    private final SharedIndexInformer<Pod> informer;
    private final List<Integer> targetPorts;
    private final AtomicReference<List<Endpoint>> ready = new AtomicReference<>(List.of());
    private final AtomicReference<Map<String, String>> podByAddress = new AtomicReference<>(Map.of());

    private KubernetesPoolEndpoints(KubernetesClient client, String namespace, Map<String, String> selector, List<Integer> targetPorts) {
        this.targetPorts = List.copyOf(targetPorts);
        this.informer = client.pods().inNamespace(namespace).withLabels(selector).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                rebuild();
            }

            @Override
            public void onUpdate(Pod before, Pod after) {
                rebuild();
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                rebuild();
            }
        });
        rebuild();
    }

    /** Watches the pods with these labels in {@code namespace}, serving on {@code targetPorts}. */
    public static KubernetesPoolEndpoints watch(KubernetesClient client, String namespace, Map<String, String> selector,
                                                List<Integer> targetPorts) {
        return new KubernetesPoolEndpoints(client, namespace, selector, targetPorts);
    }

    /**
     * Watches the pods of the InferencePool {@code namespace/name}: v1 (`spec.selector.matchLabels`,
     * `spec.targetPorts`) or, when there is none, v1alpha2 (`spec.selector`, `spec.targetPortNumber`).
     * Fails with a message naming what is missing.
     */
    @SuppressWarnings("unchecked")
    public static KubernetesPoolEndpoints forPool(KubernetesClient client, String namespace, String name) {
        Map<String, String> labels = new HashMap<>();
        List<Integer> ports = new ArrayList<>();
        GenericKubernetesResource pool = client.genericKubernetesResources(POOL_V1).inNamespace(namespace).withName(name).get();
        if (pool != null) {
            Map<String, Object> spec = (Map<String, Object>) pool.getAdditionalProperties().getOrDefault("spec", Map.of());
            Map<String, Object> selector = (Map<String, Object>) spec.getOrDefault("selector", Map.of());
            ((Map<String, Object>) selector.getOrDefault("matchLabels", Map.of())).forEach((k, v) -> labels.put(k, String.valueOf(v)));
            for (Object port : (List<Object>) spec.getOrDefault("targetPorts", List.of())) {
                ports.add(((Number) ((Map<String, Object>) port).get("number")).intValue());
            }
        } else {
            pool = client.genericKubernetesResources(POOL_V1ALPHA2).inNamespace(namespace).withName(name).get();
            if (pool == null) {
                throw new IllegalArgumentException("InferencePool " + namespace + "/" + name
                        + " not found (looked for inference.networking.k8s.io/v1 and inference.networking.x-k8s.io/v1alpha2)");
            }
            Map<String, Object> spec = (Map<String, Object>) pool.getAdditionalProperties().getOrDefault("spec", Map.of());
            ((Map<String, Object>) spec.getOrDefault("selector", Map.of())).forEach((k, v) -> labels.put(k, String.valueOf(v)));
            if (spec.get("targetPortNumber") instanceof Number port) {
                ports.add(port.intValue());
            }
        }
        if (labels.isEmpty() || ports.isEmpty()) {
            throw new IllegalArgumentException("InferencePool " + namespace + "/" + name + " (" + pool.getApiVersion()
                    + ") has no pod selector or no target port");
        }
        return watch(client, namespace, labels, ports);
    }

    @Override
    public List<Endpoint> ready() {
        return ready.get();
    }

    @Override
    public String podName(String address) {
        return podByAddress.get().getOrDefault(address, "-");
    }

    private synchronized void rebuild() {
        if (informer == null) {
            return; // an event during construction: the constructor rebuilds once the informer is set
        }
        List<Pod> pods = new ArrayList<>(informer.getStore().list());
        pods.sort(Comparator.comparing(p -> p.getMetadata().getName()));
        List<Endpoint> endpoints = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        for (Pod pod : pods) {
            String ip = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
            if (ip == null || ip.isEmpty()) {
                continue;
            }
            for (int port : targetPorts) {
                // the name of a pod that just turned unready still labels a response it is finishing
                Endpoint endpoint = new Endpoint(pod.getMetadata().getName(), new HostPort(ip, port).toString());
                names.put(endpoint.address(), endpoint.pod());
                if (isReady(pod)) {
                    endpoints.add(endpoint);
                }
            }
        }
        ready.set(List.copyOf(endpoints));
        podByAddress.set(Map.copyOf(names));
    }

    private static boolean isReady(Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() != null || pod.getStatus() == null) {
            return false;
        }
        return pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    @Override
    public void close() {
        informer.close();
    }

    private static ResourceDefinitionContext pool(String group, String version) {
        return new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version).withKind("InferencePool")
                .withPlural("inferencepools").withNamespaced(true).build();
    }
}
