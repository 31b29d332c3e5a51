package release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Waiting that explains itself, the record size check, marking a revision failed on a signal, Helm's record upgraded. */
class OperationSafetyTest extends MemoryReleaseTest {
    Install.Options waiting(Duration timeout) {
        return new Install.Options("pool-1", VALUES, Map.of(), null, false, DryRun.NONE, false, timeout, false, false, false);
    }

    @Test
    void waitTimeoutListsWhatIsNotReadyAndWhyAndMarksTheReleaseFailed() {
        cluster.controller = o -> {
            if (!"Deployment".equals(o.get("kind"))) {
                return o;
            }
            var withStatus = new LinkedHashMap<>(o);
            withStatus.put("status", Map.of("readyReplicas", 0, "conditions", List.of(
                    Map.of("type", "Available", "status", "False", "reason", "MinimumReplicasUnavailable",
                            "message", "Deployment does not have minimum availability."))));
            return withStatus;
        };
        var e = assertThrows(ReleaseException.class, () -> new Install(ctx).run(waiting(Duration.ZERO)));
        assertTrue(e.getMessage().contains("not ready: Deployment pool-1-epp 0/1 ready: Available: MinimumReplicasUnavailable "
                + "(Deployment does not have minimum availability.)"), e.getMessage());
        assertEquals(List.of("Deployment pool-1-epp 0/1 ready: Available: MinimumReplicasUnavailable (Deployment does not have minimum availability.)"),
                progress);
        assertEquals(ReleaseStatus.FAILED, store.history("pool-1").get(0).status());
    }

    @Test
    void waitReturnsOnceWorkloadsAreReady() {
        cluster.controller = o -> {
            var withStatus = new LinkedHashMap<>(o);
            withStatus.put("status", Map.of("readyReplicas", 1, "updatedReplicas", 1));
            return withStatus;
        };
        Release r = new Install(ctx).run(waiting(Duration.ofSeconds(30)));
        assertEquals(ReleaseStatus.DEPLOYED, r.status());
        assertEquals(List.of("Deployment pool-1-epp ready 1/1"), progress);
    }

    /** Installs two leader-elected EPP replicas whose Deployment reports {@code status}. */
    Release installTwoReplicasReporting(Map<String, Object> status, Duration timeout) {
        cluster.controller = o -> {
            var withStatus = new LinkedHashMap<>(o);
            withStatus.put("status", status);
            return withStatus;
        };
        var values = new LinkedHashMap<String, Object>(VALUES);
        values.put("replicas", 2);
        return new Install(ctx).run(new Install.Options("pool-1", values, Map.of(), null, false, DryRun.NONE, false, timeout,
                false, false, false));
    }

    @Test
    void aLeaderElectedEppIsReadyWithItsLeaderOnceEveryPodIsOfTheNewTemplate() {
        Release r = installTwoReplicasReporting(Map.of("replicas", 2, "readyReplicas", 1, "updatedReplicas", 2), Duration.ofSeconds(30));
        assertEquals(ReleaseStatus.DEPLOYED, r.status());
        assertEquals(List.of("Deployment pool-1-epp ready 1/2 (the leader is ready; the other replicas are standbys, "
                + "ready only once they hold the leader lease)"), progress);
    }

    @Test
    void aLeaderElectedEppWaitsWhileAPodOfTheOldTemplateRemains() {
        var e = assertThrows(ReleaseException.class, () ->
                installTwoReplicasReporting(Map.of("replicas", 3, "readyReplicas", 1, "updatedReplicas", 2), Duration.ZERO));
        assertTrue(e.getMessage().contains("not ready: Deployment pool-1-epp 1/2 ready"), e.getMessage());
    }

    @Test
    void recordOverTheSecretLimitIsRefusedBeforeAnyWrite() {
        byte[] noise = new byte[1_200_000];
        new Random(1).nextBytes(noise);
        var values = new LinkedHashMap<String, Object>(VALUES);
        values.put("blob", java.util.Base64.getEncoder().encodeToString(noise));
        var e = assertThrows(ChartProblemsException.class, () -> new Install(ctx).run(Install.Options.of("pool-1", values)));
        assertTrue(e.getMessage().contains("over the 1048576-byte limit"), e.getMessage());
        assertTrue(store.history("pool-1").isEmpty());
        assertTrue(cluster.applied.isEmpty());
    }

    @Test
    void aSignalMarksTheHeldRevisionFailed() {
        var now = ctx.now();
        var pending = new Release("pool-1", "serving", 1, new Release.Info(now, now, null, "Initial install underway",
                ReleaseStatus.PENDING_INSTALL, ""), null, VALUES, "", null, "ssa", Map.of());
        try (var held = PendingRevision.create(ctx, pending, Duration.ZERO)) {
            assertEquals(HolderIdentity.current().id(), store.history("pool-1").get(0).lock().holder());
            held.markCancelled();
        }
        var stored = store.history("pool-1").get(0);
        assertEquals(ReleaseStatus.FAILED, stored.status());
        assertTrue(stored.release().info().description().contains("was cancelled"), stored.release().info().description());
        assertEquals(null, stored.lock());
    }

    @Test
    void helmWrittenRecordIsUpgradedAndRolledBack() throws Exception {
        Release helm = ReleaseCodec.decode(ReleaseCodecTest.helmPayload(), Map.of());
        store.create(helm, null);
        for (var object : new TestChart().parseManifest(helm.manifest())) {
            cluster.apply(kube.OwnershipMarkers.inject(object, helm.name(), "serving"), false);
        }
        int helmObjects = cluster.objects.size();
        cluster.applied.clear();

        var o = Upgrade.Options.of(helm.name(), VALUES);
        Release up = new Upgrade(ctx).run(new Upgrade.Options(o.name(), o.values(), true, ValuesReuse.REUSE, Map.of(), null,
                DryRun.NONE, null, false, false, false, false, 10, false, false));
        assertEquals(2, up.version());
        assertEquals(helm.config().get("inferenceExtension"), up.config().get("inferenceExtension"), "--reuse-values keeps Helm's values");
        assertEquals(List.of("1:superseded", "2:deployed"),
                store.history(helm.name()).stream().map(r -> r.version() + ":" + r.status()).toList());
        assertEquals(helm.info().firstDeployed(), up.info().firstDeployed());

        Release back = new Rollback(ctx).run(Rollback.Options.of(helm.name(), 1));
        assertEquals(3, back.version());
        assertEquals(helm.manifest(), back.manifest());
        assertEquals(helm.chart(), back.chart(), "the rollback carries Helm's chart record unchanged");
        assertEquals(helmObjects, cluster.objects.size(), "every object of Helm's manifest is back, the test chart's are gone");
    }
}
