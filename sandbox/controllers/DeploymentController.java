package sandbox.controllers;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The Deployment controller and kubelet the local API lacks, for one namespace: each Deployment
 * gets its replicas as Pods it owns directly (no ReplicaSet; the pods still carry a
 * {@code pod-template-hash}), which a {@link PodRuntime} runs at a loopback pod IP; a pod's status
 * follows what runs, the Deployment's status its pods. A changed pod template replaces every pod at
 * once (the Recreate strategy; RollingUpdate is treated alike); a deleted pod is stopped and
 * replaced; scaling adds or removes pods (newest first). Pods no runtime can run stay Pending with
 * the reason. Work happens on one thread, level-triggered: every event re-reads the Deployment.
 */
public final class DeploymentController implements AutoCloseable {
    static final String TEMPLATE_HASH = "pod-template-hash";
    private static final String NAME_CHARS = "bcdfghjklmnpqrstvwxz2456789";
    private static final long RETRY_MILLIS = 1000;

    private final KubernetesClient client;
    private final String namespace;
    private final List<PodRuntime> runtimes;
    private final LoopbackAddresses addresses;
    private final PodPorts podPorts;
    private final PrintStream log;
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sandbox-deployment-controller");
        t.setDaemon(true);
        return t;
    });
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    /** What runs, by pod uid (touched on the loop thread only). */
    private final Map<String, Running> running = new HashMap<>();
    /** Pods no runtime could start, by uid, so their status is written once. */
    private final Set<String> notRunnable = new java.util.HashSet<>();
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    private volatile boolean closed;

    private record Running(String deployment, String podName, String podIp, Instant started, PodInstance instance) {}

    public DeploymentController(KubernetesClient client, String namespace, List<PodRuntime> runtimes, LoopbackAddresses addresses,
                                PodPorts podPorts, PrintStream log) {
        this.client = client;
        this.namespace = namespace;
        this.runtimes = List.copyOf(runtimes);
        this.addresses = addresses;
        this.podPorts = podPorts;
        this.log = log;
    }

    /** Starts watching Deployments and Pods of the namespace. */
    public DeploymentController start() {
        informers.add(client.apps().deployments().inNamespace(namespace).inform(handler(d -> d.getMetadata().getName())));
        informers.add(client.pods().inNamespace(namespace).inform(handler(DeploymentController::ownerDeployment)));
        return this;
    }

    private <T extends HasMetadata> ResourceEventHandler<T> handler(java.util.function.Function<T, String> deploymentOf) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T object) {
                enqueue(deploymentOf.apply(object));
            }

            @Override
            public void onUpdate(T before, T after) {
                enqueue(deploymentOf.apply(after));
            }

            @Override
            public void onDelete(T object, boolean finalStateUnknown) {
                enqueue(deploymentOf.apply(object));
            }
        };
    }

    private static String ownerDeployment(Pod pod) {
        List<OwnerReference> owners = pod.getMetadata().getOwnerReferences();
        if (owners == null) {
            return null;
        }
        return owners.stream().filter(o -> "Deployment".equals(o.getKind()) && Boolean.TRUE.equals(o.getController()))
                .map(OwnerReference::getName).findFirst().orElse(null);
    }

    private void enqueue(String deployment) {
        if (deployment != null && !closed && queued.add(deployment)) {
            loop.execute(() -> {
                queued.remove(deployment);
                reconcileOrRetry(deployment);
            });
        }
    }

    private void reconcileOrRetry(String deployment) {
        if (closed) {
            return;
        }
        try {
            reconcile(deployment);
        } catch (RuntimeException e) {
            if (closed) {
                return;
            }
            log.println("sandbox: deployment " + deployment + ": " + e.getMessage() + " (retrying)");
            loop.schedule(() -> enqueue(deployment), RETRY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void reconcile(String name) {
        Deployment deployment = client.apps().deployments().inNamespace(namespace).withName(name).get();
        List<Pod> pods = deployment == null ? List.of() : ownedPods(deployment);
        Set<String> present = new java.util.HashSet<>();
        pods.forEach(p -> present.add(p.getMetadata().getUid()));
        for (var entry : List.copyOf(running.entrySet())) {
            if (entry.getValue().deployment().equals(name) && !present.contains(entry.getKey())) {
                stop(entry.getKey());
            }
        }
        if (deployment == null || deployment.getMetadata().getDeletionTimestamp() != null) {
            return;
        }
        String hash = templateHash(deployment.getSpec().getTemplate());
        List<Pod> current = new ArrayList<>();
        for (Pod pod : pods) {
            if (hash.equals(labels(pod).get(TEMPLATE_HASH))) {
                current.add(pod);
            } else {
                deletePod(pod);   // Recreate: every old pod goes before the new ones start
            }
        }
        int desired = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
        current.sort(Comparator.comparing((Pod p) -> p.getMetadata().getCreationTimestamp()).thenComparing(p -> p.getMetadata().getName()));
        while (current.size() > desired) {
            deletePod(current.remove(current.size() - 1));
        }
        for (int i = current.size(); i < desired; i++) {
            current.add(createPod(deployment, hash));
        }
        for (Pod pod : current) {
            String uid = pod.getMetadata().getUid();
            if (!running.containsKey(uid) && !notRunnable.contains(uid)) {
                run(name, pod);
            }
        }
        writeStatus(deployment, hash);
    }

    private List<Pod> ownedPods(Deployment deployment) {
        String uid = deployment.getMetadata().getUid();
        return client.pods().inNamespace(namespace).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .filter(p -> p.getMetadata().getOwnerReferences() != null
                        && p.getMetadata().getOwnerReferences().stream().anyMatch(o -> uid.equals(o.getUid())))
                .toList();
    }

    private Pod createPod(Deployment deployment, String hash) {
        PodTemplateSpec template = deployment.getSpec().getTemplate();
        Map<String, String> labels = new java.util.LinkedHashMap<>(template.getMetadata() == null || template.getMetadata().getLabels() == null
                ? Map.of() : template.getMetadata().getLabels());
        labels.put(TEMPLATE_HASH, hash);
        OwnerReference owner = new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("Deployment")
                .withName(deployment.getMetadata().getName()).withUid(deployment.getMetadata().getUid())
                .withController(true).withBlockOwnerDeletion(true).build();
        Pod pod = new PodBuilder()
                .withNewMetadata()
                .withName(deployment.getMetadata().getName() + "-" + hash + "-" + randomSuffix())
                .withNamespace(namespace)
                .withLabels(labels)
                .withAnnotations(template.getMetadata() == null ? null : template.getMetadata().getAnnotations())
                .withOwnerReferences(owner)
                .endMetadata()
                .withSpec(template.getSpec())
                .build();
        pod.getSpec().setNodeName(PodStatuses.NODE_NAME);
        return client.pods().inNamespace(namespace).resource(pod).create();
    }

    private void run(String deployment, Pod pod) {
        String uid = pod.getMetadata().getUid();
        PodRuntime runtime = runtimes.stream().filter(r -> r.runs(pod)).findFirst().orElse(null);
        if (runtime == null) {
            notRunnable.add(uid);
            writePodStatus(pod, PodStatuses.cannotRun(pod, "ImageNotRunnable", "the sandbox runs model servers (vLLM images) and"
                    + " the EPP only, not " + pod.getSpec().getContainers().stream().map(c -> c.getImage()).toList()));
            return;
        }
        String podIp = addresses.next();
        Instant started = Instant.now();
        String name = pod.getMetadata().getName();
        PodInstance instance;
        try {
            instance = runtime.start(pod, podIp, (ready, reason) -> loop.execute(() -> {
                Running r = running.get(uid);
                if (r != null && !closed) {
                    writePodStatus(pod, PodStatuses.running(pod, r.podIp(), r.started(), ready, reason));
                }
            }));
        } catch (Exception e) {
            notRunnable.add(uid);
            log.println("sandbox: pod " + name + " cannot start: " + e.getMessage());
            writePodStatus(pod, PodStatuses.cannotRun(pod, "StartError", String.valueOf(e.getMessage())));
            return;
        }
        running.put(uid, new Running(deployment, name, podIp, started, instance));
        writePodStatus(pod, PodStatuses.running(pod, podIp, started, instance.readyAtStart(), "not probed yet"));
    }

    private void writePodStatus(Pod pod, io.fabric8.kubernetes.api.model.PodStatus status) {
        try {
            Pod withStatus = new PodBuilder(pod).withStatus(status).build();
            withStatus.getMetadata().setResourceVersion(null);
            client.pods().inNamespace(namespace).resource(withStatus).patchStatus();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    private void deletePod(Pod pod) {
        stop(pod.getMetadata().getUid());
        client.pods().inNamespace(namespace).resource(pod).withGracePeriod(0).delete();
    }

    private void stop(String uid) {
        Running r = running.remove(uid);
        notRunnable.remove(uid);
        if (r != null) {
            r.instance().stop();
            podPorts.unmapPod(r.podIp());
        }
    }

    private void writeStatus(Deployment deployment, String hash) {
        List<Pod> pods = ownedPods(deployment);
        int desired = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
        int updated = (int) pods.stream().filter(p -> hash.equals(labels(p).get(TEMPLATE_HASH))).count();
        int ready = (int) pods.stream().filter(PodStatuses::isReady).count();
        boolean available = ready >= desired;
        boolean complete = updated == desired && ready == desired && pods.size() == desired;
        DeploymentStatus old = deployment.getStatus();
        String now = PodStatuses.timestamp(Instant.now());
        DeploymentStatus status = new DeploymentStatusBuilder()
                .withObservedGeneration(deployment.getMetadata().getGeneration())
                .withReplicas(pods.size())
                .withUpdatedReplicas(updated)
                .withReadyReplicas(ready)
                .withAvailableReplicas(ready)
                .withUnavailableReplicas(Math.max(0, desired - ready) == 0 ? null : Math.max(0, desired - ready))
                .withConditions(
                        condition(old, "Available", available, available ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
                                available ? "Deployment has minimum availability." : "Deployment does not have minimum availability.", now),
                        condition(old, "Progressing", true, complete ? "NewReplicaSetAvailable" : "ReplicaSetUpdated",
                                complete ? "Deployment \"" + deployment.getMetadata().getName() + "\" has successfully progressed."
                                        : "Deployment \"" + deployment.getMetadata().getName() + "\" is progressing.", now))
                .build();
        if (old != null && sameStatus(old, status)) {
            return;
        }
        Deployment withStatus = new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder(deployment).withStatus(status).build();
        withStatus.getMetadata().setResourceVersion(null);
        client.apps().deployments().inNamespace(namespace).resource(withStatus).patchStatus();
    }

    private static DeploymentCondition condition(DeploymentStatus old, String type, boolean status, String reason, String message,
                                                 String now) {
        String text = status ? "True" : "False";
        String since = now;
        if (old != null && old.getConditions() != null) {
            for (DeploymentCondition c : old.getConditions()) {
                if (type.equals(c.getType()) && text.equals(c.getStatus())) {
                    since = c.getLastTransitionTime();
                }
            }
        }
        return new DeploymentConditionBuilder().withType(type).withStatus(text).withReason(reason).withMessage(message)
                .withLastTransitionTime(since).withLastUpdateTime(now).build();
    }

    private static boolean sameStatus(DeploymentStatus a, DeploymentStatus b) {
        return Objects.equals(a.getObservedGeneration(), b.getObservedGeneration())
                && Objects.equals(a.getReplicas(), b.getReplicas())
                && Objects.equals(a.getUpdatedReplicas(), b.getUpdatedReplicas())
                && Objects.equals(a.getReadyReplicas(), b.getReadyReplicas())
                && Objects.equals(a.getAvailableReplicas(), b.getAvailableReplicas())
                && Objects.equals(conditionKeys(a), conditionKeys(b));
    }

    private static List<String> conditionKeys(DeploymentStatus status) {
        return status.getConditions() == null ? List.of()
                : status.getConditions().stream().map(c -> c.getType() + "=" + c.getStatus() + "/" + c.getReason()).toList();
    }

    private static Map<String, String> labels(Pod pod) {
        return pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
    }

    /** A stable hash of the pod template, in the alphabet Kubernetes uses for generated names. */
    static String templateHash(PodTemplateSpec template) {
        byte[] bytes = Serialization.asJson(template).getBytes(StandardCharsets.UTF_8);
        long hash = 0xcbf29ce484222325L;   // FNV-1a, as kube-controller-manager's ComputeHash
        for (byte b : bytes) {
            hash ^= (b & 0xff);
            hash *= 0x100000001b3L;
        }
        StringBuilder text = new StringBuilder();
        long value = hash & Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            text.append(NAME_CHARS.charAt((int) (value % NAME_CHARS.length())));
            value /= NAME_CHARS.length();
        }
        return text.toString();
    }

    private static String randomSuffix() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            text.append(NAME_CHARS.charAt(ThreadLocalRandom.current().nextInt(NAME_CHARS.length())));
        }
        return text.toString();
    }

    /** Every process that runs a pod now (the EPP children), for checks that they are gone after {@link #close()}. */
    public List<ProcessHandle> processes() {
        try {
            return loop.submit(() -> running.values().stream().flatMap(r -> r.instance().processes().stream()).toList()).get();
        } catch (Exception e) {
            return List.of();
        }
    }

    /** Stops watching and stops every pod it runs (in parallel; EPPs get their grace period). */
    @Override
    public void close() {
        closed = true;
        informers.forEach(SharedIndexInformer::close);
        List<Running> all;
        try {
            all = loop.submit(() -> {
                List<Running> copy = List.copyOf(running.values());
                running.clear();
                return copy;
            }).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            all = List.of();
        }
        loop.shutdownNow();
        List<Thread> stopping = new ArrayList<>();
        for (Running r : all) {
            Thread t = new Thread(r.instance()::stop, "sandbox-stop-" + r.podName());
            t.start();
            stopping.add(t);
        }
        for (Thread t : stopping) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
