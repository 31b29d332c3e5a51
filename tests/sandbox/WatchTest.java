package sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Writes made by the local API (apply included) reach fabric8 informers through the mock's watches. */
class WatchTest {
    LocalKubernetesApi api;
    KubernetesClient client;

    @BeforeEach
    void start() {
        api = LocalKubernetesApi.start();
        client = api.client();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void informerSeesApplyUpdateAndDelete() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        CountDownLatch deleted = new CountDownLatch(1);
        SharedIndexInformer<ConfigMap> informer = client.configMaps().withLabel("app", "vllm")
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(ConfigMap cm) {
                        events.add("ADD:" + cm.getMetadata().getName());
                    }

                    @Override
                    public void onUpdate(ConfigMap before, ConfigMap after) {
                        events.add("UPDATE:" + after.getData().get("a"));
                    }

                    @Override
                    public void onDelete(ConfigMap cm, boolean unknown) {
                        events.add("DELETE:" + cm.getMetadata().getName());
                        deleted.countDown();
                    }
                });
        try {
            client.resource(cm(Map.of("a", "1"))).fieldManager("pool").serverSideApply();
            client.resource(cm(Map.of("a", "2"))).fieldManager("pool").serverSideApply();
            client.configMaps().withName("watched").delete();

            assertTrue(deleted.await(20, TimeUnit.SECONDS), events::toString);
            assertEquals(List.of("ADD:watched", "UPDATE:2", "DELETE:watched"), events);
        } finally {
            informer.close();
        }
    }

    private static ConfigMap cm(Map<String, String> data) {
        return new ConfigMapBuilder().withNewMetadata().withName("watched").addToLabels("app", "vllm").endMetadata()
                .withData(data).build();
    }
}
