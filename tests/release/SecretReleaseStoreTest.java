package release;

import testing.ManualClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.FileInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Helm's Secret driver format on fabric8's CRUD mock API server. */
@EnableKubernetesMockClient(crud = true)
class SecretReleaseStoreTest {
    KubernetesClient client;

    final ManualClock clock = new ManualClock(Instant.parse("2026-11-27T10:00:00Z"));

    SecretReleaseStore store() {
        return new SecretReleaseStore(client, "serving", clock);
    }

    static Release release(int version, ReleaseStatus status) {
        var now = java.time.OffsetDateTime.parse("2026-11-27T10:00:00Z");
        return new Release("pool-1", "serving", version, new Release.Info(now, now, null, "d", status, "notes"),
                null, Map.of("a", 1), "---\n# Source: x/templates/a.yaml\nkind: ConfigMap\n", null, "ssa", Map.of("team", "x"));
    }

    @Test
    void createWritesHelmsSecretShape() {
        store().create(release(1, ReleaseStatus.PENDING_INSTALL), null);
        Secret s = client.secrets().inNamespace("serving").withName("sh.helm.release.v1.pool-1.v1").get();
        assertEquals("helm.sh/release.v1", s.getType());
        assertEquals(Map.of("owner", "helm", "name", "pool-1", "status", "pending-install", "version", "1",
                "createdAt", Long.toString(clock.instant().getEpochSecond()), "team", "x"), s.getMetadata().getLabels());
        assertEquals(1, s.getData().size());
        String payload = new String(Base64.getDecoder().decode(s.getData().get("release")), StandardCharsets.US_ASCII);
        assertTrue(payload.startsWith("H4sI"), "base64 twice on the wire, gzip inside");
        assertEquals(ReleaseJson.write(release(1, ReleaseStatus.PENDING_INSTALL)), ReleaseCodec.decodeToJson(payload));
    }

    @Test
    void createOfAnExistingRevisionIsAConflict() {
        store().create(release(1, ReleaseStatus.DEPLOYED), null);
        var e = assertThrows(RecordConflictException.class, () -> store().create(release(1, ReleaseStatus.DEPLOYED), null));
        assertTrue(e.getMessage().startsWith("release: already exists"), e.getMessage());
    }

    @Test
    void updateWithAStaleResourceVersionIsAConflictAndWritesNothing() {
        var created = store().create(release(1, ReleaseStatus.PENDING_INSTALL), null);
        var first = store().update(created, release(1, ReleaseStatus.DEPLOYED), null);
        assertEquals("deployed", first.storedLabels().get("status"));
        assertEquals(Long.toString(clock.instant().getEpochSecond()), first.storedLabels().get("modifiedAt"));
        assertThrows(RecordConflictException.class, () -> store().update(created, release(1, ReleaseStatus.FAILED), null));
        assertEquals(ReleaseStatus.DEPLOYED, store().history("pool-1").get(0).status());
    }

    @Test
    void pendingLockTravelsAsAnnotations() {
        var now = java.time.OffsetDateTime.parse("2026-11-27T10:00:00Z");
        var lock = new PendingLock("pool@host:1", now, now.plusMinutes(5));
        store().create(release(1, ReleaseStatus.PENDING_INSTALL), lock);
        assertEquals(lock, store().history("pool-1").get(0).lock());
    }

    @Test
    void helmWrittenSecretIsReadByHistoryAndList() throws Exception {
        Secret helm;
        try (var in = new FileInputStream("tests/release/helm-release-v1-secret.yaml")) {
            helm = client.getKubernetesSerialization().unmarshal(in, Secret.class);
        }
        client.secrets().inNamespace("serving").resource(helm).create();
        client.secrets().inNamespace("serving").resource(new SecretBuilder().withNewMetadata().withName("garbage")
                .addToLabels("owner", "helm").addToLabels("name", "garbage").endMetadata()
                .addToData("release", Base64.getEncoder().encodeToString("not a release".getBytes())).build()).create();
        var history = store().history("vllm-llama3-8b-instruct");
        assertEquals(1, history.size());
        assertEquals(ReleaseStatus.DEPLOYED, history.get(0).status());
        assertEquals(Map.of(), history.get(0).release().labels(), "system labels are not user labels");
        var listed = store().list(null, false);
        assertEquals(1, listed.size(), "the undecodable record is skipped, as Helm's list does");
        assertEquals("vllm-llama3-8b-instruct", listed.get(0).release().name());
    }
}
