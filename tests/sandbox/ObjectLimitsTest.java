package sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

/** The size limits of kube-apiserver and etcd hold on the local API, so a test of "too large" is real. */
class ObjectLimitsTest extends LocalApiTest {
    @Test
    void configMapDataOverOneMebibyteIsInvalidAlsoOnADryRun() {
        var big = new ConfigMapBuilder().withNewMetadata().withName("big").endMetadata()
                .addToData("payload", "x".repeat(1024 * 1024)).build();
        var e = assertThrows(KubernetesClientException.class, () -> client.resource(big).dryRun().create());
        assertEquals(422, e.getCode());
        assertTrue(e.getMessage().contains("Too long: must have at most 1048576 bytes"), e.getMessage());
        assertNull(client.configMaps().withName("big").get());
    }

    @Test
    void anObjectOverEtcdsLimitIsRefusedWhenStoredButPassesADryRun() {
        Deployment huge = deploymentWithEnv("huge", 40_000); // about 2 MB of JSON, under the 3 MiB body limit
        client.resource(huge).dryRun().serverSideApply();
        var e = assertThrows(KubernetesClientException.class, () -> client.resource(huge).fieldManager("test").serverSideApply());
        assertEquals(413, e.getCode());
        assertTrue(e.getMessage().contains("etcdserver: request is too large"), e.getMessage());
        assertNull(client.apps().deployments().withName("huge").get());
        client.resource(deploymentWithEnv("small", 10)).create();
        assertNotNull(client.apps().deployments().withName("small").get());
    }

    @Test
    void aRequestBodyOverThreeMebibytesIsRefusedBeforeItIsRead() {
        Deployment enormous = deploymentWithEnv("enormous", 70_000); // about 3.5 MB
        var e = assertThrows(KubernetesClientException.class, () -> client.resource(enormous).dryRun().create());
        assertEquals(413, e.getCode());
        assertTrue(e.getMessage().contains("Request entity too large: limit is 3145728"), e.getMessage());
    }

    static Deployment deploymentWithEnv(String name, int entries) {
        var env = new ArrayList<EnvVar>();
        for (int i = 0; i < entries; i++) {
            env.add(new EnvVar("VARIABLE_" + i, "value-of-variable-number-" + i, null));
        }
        return new DeploymentBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewSpec().withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName("main").withImage("image").withEnv(env).endContainer().endSpec()
                .endTemplate().endSpec().build();
    }
}
