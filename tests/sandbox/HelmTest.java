package sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Helm reading a release stored in its own Secret format. Runs where helm is on the PATH. */
class HelmTest {
    private static final String RELEASE = """
            {"name":"demo","info":{"first_deployed":"2026-01-01T00:00:00Z","last_deployed":"2026-01-01T00:00:00Z",
             "description":"Install complete","status":"deployed"},
             "chart":{"metadata":{"name":"demo","version":"0.1.0","apiVersion":"v2","appVersion":"1.0.0",
             "type":"application"},"lock":null,"templates":[],"values":{"replicaCount":1},"schema":null,"files":[]},
             "config":{"replicaCount":3},
             "manifest":"---\\n# Source: demo/templates/cm.yaml\\napiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: demo\\n",
             "version":1,"namespace":"default"}
            """;

    @TempDir
    Path dir;
    LocalKubernetesApi api;
    RealClient helm;

    @BeforeEach
    void start() throws IOException {
        assumeTrue(RealClient.onPath("helm"), "no helm binary on PATH (.ci/run fetches one)");
        api = LocalKubernetesApi.start();
        helm = new RealClient("helm", api.writeKubeconfig(dir.resolve("kubeconfig")), dir);
        api.client().resource(new ConfigMapBuilder().withNewMetadata().withName("demo").endMetadata().build()).create();
        api.client().resource(new SecretBuilder().withNewMetadata().withName("sh.helm.release.v1.demo.v1")
                .addToLabels(Map.of("owner", "helm", "name", "demo", "status", "deployed", "version", "1")).endMetadata()
                .withType("helm.sh/release.v1")
                .addToData("release", Base64.getEncoder().encodeToString(helmPayload(RELEASE)))
                .build()).create();
    }

    @AfterEach
    void stop() {
        if (api != null) {
            api.close();
        }
    }

    @Test
    void helmListsAndReadsTheRelease() throws Exception {
        RealClient.Result list = helm.run("list", "-n", "default");
        RealClient.Result history = helm.run("history", "demo", "-n", "default");
        RealClient.Result values = helm.run("get", "values", "demo", "-n", "default");
        RealClient.Result status = helm.run("status", "demo", "-n", "default");

        assertEquals(0, list.exitCode(), list::toString);
        assertTrue(list.out().contains("demo") && list.out().contains("deployed"), list::toString);
        assertEquals(0, history.exitCode(), history::toString);
        assertEquals(0, values.exitCode(), values::toString);
        assertTrue(values.out().contains("replicaCount: 3"), values::toString);
        assertEquals(0, status.exitCode(), status::toString);
    }

    /** Helm stores base64(gzip(json)); the Secret's data adds its own base64 on top. */
    private static byte[] helmPayload(String json) throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(json.getBytes(StandardCharsets.UTF_8));
        }
        return Base64.getEncoder().encode(gz.toByteArray());
    }
}
