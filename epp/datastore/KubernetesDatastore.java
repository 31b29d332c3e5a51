package epp.datastore;

import epp.logging.Log;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@link Datastore} fed by three informers on the pool's namespace (epp.md §3.1): the
 * InferencePool of `--pool-group` (field selector on its name), all Pods, and the
 * InferenceObjectives. The EPP never writes to the API.
 *
 * <p>Differs from the reference on purpose: objectives are not dropped when the pool is deleted
 * (upstream only re-adds them on their next watch event after the pool is re-created).
 */
public final class KubernetesDatastore implements Datastore, AutoCloseable {
    /** How long {@link #start()} waits for the caches, as controller-runtime's default CacheSyncTimeout. */
    public static final Duration DEFAULT_SYNC_TIMEOUT = Duration.ofMinutes(2);

    private final KubernetesClient client;
    private final String poolName;
    private final String namespace;
    private final InferencePoolApi poolApi;
    private final EndpointTable table = new EndpointTable();
    private final Map<String, Objective> objectives = new ConcurrentHashMap<>();
    private SharedIndexInformer<Pod> pods;
    private SharedIndexInformer<GenericKubernetesResource> pools;
    private SharedIndexInformer<GenericKubernetesResource> objectiveInformer;
    private final ApiConnection api;
    private java.util.concurrent.ScheduledExecutorService watchMonitor;

    /**
     * @param group `inference.networking.k8s.io` (v1) or `inference.networking.x-k8s.io` (v1alpha2)
     * @throws IllegalArgumentException for any other group, with a message naming the two allowed
     */
    public KubernetesDatastore(KubernetesClient client, String poolName, String namespace, String group) {
        this.client = Objects.requireNonNull(client);
        this.poolName = Objects.requireNonNull(poolName);
        this.namespace = Objects.requireNonNull(namespace);
        this.poolApi = InferencePoolApi.forGroup(group);
        this.api = new ApiConnection(String.valueOf(client.getMasterUrl()));
    }

    /** Starts the informers and returns once all three have synced (or throws after {@link #DEFAULT_SYNC_TIMEOUT}). */
    public void start() throws InterruptedException {
        start(DEFAULT_SYNC_TIMEOUT);
    }

    /**
     * Starts the informers and returns once all three have listed their objects.
     *
     * @throws IllegalStateException when a cache did not sync in time or its start failed (for
     *                               example the CRD is not installed or RBAC forbids the list)
     */
    public synchronized void start(Duration timeout) throws InterruptedException {
        if (pods != null) {
            throw new IllegalStateException("datastore already started");
        }
        // Pods first: the pool's first event resyncs from the pod cache.
        pods = client.pods().inNamespace(namespace).runnableInformer(0);
        pods.addEventHandler(new PodHandler());
        pools = client.genericKubernetesResources(poolApi.context()).inNamespace(namespace)
                .withField("metadata.name", poolName).runnableInformer(0);
        pools.addEventHandler(new PoolHandler());
        objectiveInformer = client.genericKubernetesResources(InferenceObjectiveApi.CONTEXT).inNamespace(namespace)
                .runnableInformer(0);
        objectiveInformer.addEventHandler(new ObjectiveHandler());

        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            awaitSync("Pods", pods, deadline);
            awaitSync("InferencePools (" + poolApi.group + "/" + poolApi.version + ")", pools, deadline);
            awaitSync("InferenceObjectives (" + InferenceObjectiveApi.CONTEXT.getGroup() + "/v1alpha2)",
                    objectiveInformer, deadline);
        } catch (RuntimeException | InterruptedException e) {
            stopInformers(); // so that start can be tried again
            throw e;
        }
        watchMonitor = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            var t = new Thread(r, "epp-watch-monitor");
            t.setDaemon(true);
            return t;
        });
        watchMonitor.scheduleWithFixedDelay(this::checkWatches, 1, 1, TimeUnit.SECONDS);
    }

    /** Logs when the watches stop reaching the API server and when they are back. */
    synchronized void checkWatches() {
        if (pods == null) {
            return;
        }
        var down = new java.util.ArrayList<String>();
        if (!pods.isWatching()) {
            down.add("pods");
        }
        if (!pools.isWatching()) {
            down.add("inferencepools");
        }
        if (!objectiveInformer.isWatching()) {
            down.add("inferenceobjectives");
        }
        api.observe(down.isEmpty(), String.join(",", down));
    }

    private void awaitSync(String what, SharedIndexInformer<?> informer, long deadlineNanos)
            throws InterruptedException {
        try {
            long remaining = Math.max(0, deadlineNanos - System.nanoTime());
            informer.start().toCompletableFuture().get(remaining, TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            String cause = rootCause(e.getCause());
            if (unreachable(e.getCause())) {
                throw new ApiUnreachableException("cannot reach the Kubernetes API at " + client.getMasterUrl() + ": " + cause,
                        e.getCause());
            }
            throw new IllegalStateException("cannot watch " + what + " in namespace " + namespace + ": "
                    + e.getCause().getMessage() + (cause.equals(e.getCause().getMessage()) ? "" : ": " + cause)
                    + " (check that the CRD is installed and the EPP's Role allows get/list/watch)", e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the " + what + " cache of namespace " + namespace
                    + " did not sync in time (is the API server reachable, the CRD installed, list/watch allowed?)");
        }
    }

    /** The API server could not be reached at all (refused, timed out, unknown host, TLS failure). */
    public static final class ApiUnreachableException extends IllegalStateException {
        ApiUnreachableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static boolean unreachable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException || t instanceof java.net.UnknownHostException
                    || t instanceof java.net.http.HttpConnectTimeoutException || t instanceof javax.net.ssl.SSLException
                    || t instanceof java.net.NoRouteToHostException || t instanceof java.util.concurrent.TimeoutException
                    || t instanceof java.net.SocketTimeoutException || t instanceof java.io.InterruptedIOException
                    || t.getClass().getName().endsWith("ConnectTimeoutException")) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** The innermost cause's message, e.g. "Connection refused: /127.0.0.1:6443". */
    private static String rootCause(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
    }

    /** "Pool synced": a pool is stored. Health checks and the request path use it. */
    public boolean poolSynced() {
        return table.pool().isPresent();
    }

    @Override
    public Optional<PoolInfo> pool() {
        return table.pool();
    }

    @Override
    public List<Endpoint> endpoints() {
        return table.endpoints();
    }

    @Override
    public Optional<Objective> objective(String name) {
        return Optional.ofNullable(name == null ? null : objectives.get(name));
    }

    /** Also tells the new listener about every endpoint that already exists. */
    @Override
    public void addListener(EndpointListener listener) {
        table.addListener(listener);
    }

    @Override
    public synchronized void close() {
        if (watchMonitor != null) {
            watchMonitor.shutdownNow();
        }
        stopInformers();
    }

    private void stopInformers() {
        for (SharedIndexInformer<?> informer : new SharedIndexInformer<?>[] {objectiveInformer, pools, pods}) {
            if (informer != null) {
                informer.stop();
            }
        }
        objectiveInformer = null;
        pools = null;
        pods = null;
    }

    private final class PoolHandler implements ResourceEventHandler<GenericKubernetesResource> {
        @Override
        public void onAdd(GenericKubernetesResource pool) {
            onPool(pool);
        }

        @Override
        public void onUpdate(GenericKubernetesResource oldPool, GenericKubernetesResource pool) {
            onPool(pool);
        }

        @Override
        public void onDelete(GenericKubernetesResource pool, boolean finalStateUnknown) {
            Log.v(Log.DEFAULT, "InferencePool not found. Clearing the datastore", "inferencePool", namespace + "/" + poolName);
            table.clear();
        }

        private void onPool(GenericKubernetesResource pool) {
            if (!poolName.equals(pool.getMetadata().getName())) {
                return; // the field selector already does this on a real API server
            }
            Log.v(Log.DEFAULT, "Reconciling InferencePool", "inferencePool", namespace + "/" + poolName);
            if (pool.getMetadata().getDeletionTimestamp() != null) {
                Log.v(Log.DEFAULT, "InferencePool is marked for deletion. Clearing the datastore", "inferencePool",
                        namespace + "/" + poolName);
                table.clear();
            } else {
                table.setPool(poolApi.toPoolInfo(pool), pods.getStore().list());
            }
        }
    }

    private final class PodHandler implements ResourceEventHandler<Pod> {
        @Override
        public void onAdd(Pod pod) {
            table.podChanged(pod);
        }

        @Override
        public void onUpdate(Pod oldPod, Pod pod) {
            table.podChanged(pod);
        }

        @Override
        public void onDelete(Pod pod, boolean finalStateUnknown) {
            table.podDeleted(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
        }
    }

    private final class ObjectiveHandler implements ResourceEventHandler<GenericKubernetesResource> {
        @Override
        public void onAdd(GenericKubernetesResource objective) {
            onObjective(objective);
        }

        @Override
        public void onUpdate(GenericKubernetesResource oldObjective, GenericKubernetesResource objective) {
            onObjective(objective);
        }

        @Override
        public void onDelete(GenericKubernetesResource objective, boolean finalStateUnknown) {
            objectives.remove(objective.getMetadata().getName());
        }

        private void onObjective(GenericKubernetesResource objective) {
            String name = objective.getMetadata().getName();
            if (objective.getMetadata().getDeletionTimestamp() == null
                    && InferenceObjectiveApi.refersTo(objective, poolName, poolApi.group)) {
                objectives.put(name, InferenceObjectiveApi.toObjective(objective));
            } else {
                objectives.remove(name);
            }
        }
    }
}
