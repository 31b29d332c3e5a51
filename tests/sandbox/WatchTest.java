package sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Writes made by the local API (apply included) reach fabric8 informers, waits and leader election through the mock's watches. */
class WatchTest extends LocalApiTest {
    @Test
    void informerSeesApplyUpdateAndDelete() throws Exception {
        var recorder = new InformerRecorder(after -> after.getData().get("a"));
        SharedIndexInformer<ConfigMap> informer = client.configMaps().withLabel("app", "vllm").inform(recorder);
        try {
            client.resource(cm(Map.of("a", "1"))).fieldManager("pool").serverSideApply();
            client.resource(cm(Map.of("a", "2"))).fieldManager("pool").serverSideApply();
            client.configMaps().withName("watched").delete();

            assertTrue(recorder.deleted.await(20, TimeUnit.SECONDS), recorder.events::toString);
            assertEquals(List.of("ADD:watched", "UPDATE:2", "DELETE:watched"), recorder.events);
        } finally {
            informer.close();
        }
    }

    @Test
    void informersHonourSetBasedSelectorsAndSeeObjectsLeaveTheSelection() throws Exception {
        var recorder = new InformerRecorder(after -> after.getMetadata().getName());
        SharedIndexInformer<ConfigMap> informer = client.configMaps().withLabelIn("tier", "gpu", "tpu").inform(recorder);
        try {
            client.resource(tiered("cpu-pool", "cpu")).create();
            client.resource(tiered("gpu-pool", "gpu")).create();
            client.configMaps().withName("gpu-pool").edit(c -> tiered("gpu-pool", "cpu"));

            assertTrue(recorder.deleted.await(20, TimeUnit.SECONDS), recorder.events::toString);
            assertEquals(List.of("ADD:gpu-pool", "DELETE:gpu-pool"), recorder.events);
        } finally {
            informer.close();
        }
    }

    @Test
    void aWatchFromAResourceVersionDoesNotReplayWhatCameBefore() throws Exception {
        ConfigMap first = client.resource(cm(Map.of("a", "1"))).create();
        List<String> events = new CopyOnWriteArrayList<>();
        CountDownLatch modified = new CountDownLatch(1);
        var watch = client.configMaps().withName("watched").withResourceVersion(first.getMetadata().getResourceVersion())
                .watch(new io.fabric8.kubernetes.client.Watcher<ConfigMap>() {
                    @Override
                    public void eventReceived(Action action, ConfigMap cm) {
                        events.add(action + ":" + cm.getData().get("a"));
                        modified.countDown();
                    }

                    @Override
                    public void onClose(io.fabric8.kubernetes.client.WatcherException cause) {
                    }
                });
        try {
            client.configMaps().withName("watched").edit(c -> new ConfigMapBuilder(c).addToData("a", "2").build());

            assertTrue(modified.await(20, TimeUnit.SECONDS), events::toString);
            assertEquals(List.of("MODIFIED:2"), events);
        } finally {
            watch.close();
        }
    }

    /** Records an informer's events as ADD:name, UPDATE:(what updateLabel picks), DELETE:name; {@code deleted} opens on the first delete. */
    private static final class InformerRecorder implements ResourceEventHandler<ConfigMap> {
        final List<String> events = new CopyOnWriteArrayList<>();
        final CountDownLatch deleted = new CountDownLatch(1);
        private final Function<ConfigMap, String> updateLabel;

        InformerRecorder(Function<ConfigMap, String> updateLabel) {
            this.updateLabel = updateLabel;
        }

        @Override
        public void onAdd(ConfigMap cm) {
            events.add("ADD:" + cm.getMetadata().getName());
        }

        @Override
        public void onUpdate(ConfigMap before, ConfigMap after) {
            events.add("UPDATE:" + updateLabel.apply(after));
        }

        @Override
        public void onDelete(ConfigMap cm, boolean unknown) {
            events.add("DELETE:" + cm.getMetadata().getName());
            deleted.countDown();
        }
    }

    private static ConfigMap tiered(String name, String tier) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).addToLabels("tier", tier).endMetadata().build();
    }

    @Test
    void watchesOfAKindServedByANewCrdSeeItsObjects() throws Exception {
        client.apiextensions().v1().customResourceDefinitions().resource(CrdFixtures.widgetCrd()).create();
        List<String> events = new CopyOnWriteArrayList<>();
        CountDownLatch added = new CountDownLatch(1);
        var watch = client.genericKubernetesResources("example.com/v1", "Widget").watch(
                new io.fabric8.kubernetes.client.Watcher<io.fabric8.kubernetes.api.model.GenericKubernetesResource>() {
                    @Override
                    public void eventReceived(Action action, io.fabric8.kubernetes.api.model.GenericKubernetesResource w) {
                        events.add(action + ":" + w.getMetadata().getName());
                        added.countDown();
                    }

                    @Override
                    public void onClose(io.fabric8.kubernetes.client.WatcherException cause) {
                    }
                });
        try {
            client.resource(new io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder()
                    .withApiVersion("example.com/v1").withKind("Widget").withNewMetadata().withName("w").endMetadata()
                    .build()).create();

            assertTrue(added.await(20, TimeUnit.SECONDS), events::toString);
            assertEquals("ADDED:w", events.get(0));
        } finally {
            watch.close();
        }
    }

    @Test
    void waitUntilConditionSeesALaterChange() throws Exception {
        client.resource(cm(Map.of("ready", "false"))).create();
        var waiting = java.util.concurrent.CompletableFuture.supplyAsync(() -> client.configMaps().withName("watched")
                .waitUntilCondition(c -> c != null && "true".equals(c.getData().get("ready")), 20, TimeUnit.SECONDS));

        client.configMaps().withName("watched").edit(c -> new ConfigMapBuilder(c).addToData("ready", "true").build());

        assertEquals("true", waiting.get(30, TimeUnit.SECONDS).getData().get("ready"));
    }

    @Test
    void leaderElectionOnALeaseElectsExactlyOneLeader() throws Exception {
        CountDownLatch elected = new CountDownLatch(1);
        List<String> leaders = new CopyOnWriteArrayList<>();
        List<java.util.concurrent.CompletableFuture<?>> electors = new java.util.ArrayList<>();
        for (String id : List.of("epp-a", "epp-b")) {
            var config = new io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder()
                    .withName("epp").withLock(new io.fabric8.kubernetes.client.extended.leaderelection.resourcelock
                            .LeaseLock("default", "epp-lock", id))
                    .withLeaseDuration(java.time.Duration.ofSeconds(2))
                    .withRenewDeadline(java.time.Duration.ofMillis(1500))
                    .withRetryPeriod(java.time.Duration.ofMillis(200))
                    .withLeaderCallbacks(new io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks(
                            () -> {
                                leaders.add(id);
                                elected.countDown();
                            }, () -> { }, newLeader -> { }))
                    .build();
            electors.add(client.leaderElector().withConfig(config).build().start());
        }
        try {
            assertTrue(elected.await(20, TimeUnit.SECONDS));
            String holder = client.leases().withName("epp-lock").get().getSpec().getHolderIdentity();
            assertEquals(List.of(holder), leaders);
        } finally {
            electors.forEach(f -> f.cancel(true));
        }
    }

    private static ConfigMap cm(Map<String, String> data) {
        return new ConfigMapBuilder().withNewMetadata().withName("watched").addToLabels("app", "vllm").endMetadata()
                .withData(data).build();
    }
}
