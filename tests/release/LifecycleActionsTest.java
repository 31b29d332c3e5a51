package release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The release state machine (release.md §1.8) on a memory store and a fake cluster. */
class LifecycleActionsTest extends MemoryReleaseTest {
    Release install() {
        return new Install(ctx).run(Install.Options.of("pool-1", VALUES));
    }

    List<String> statuses() {
        return store.history("pool-1").stream().map(r -> r.version() + ":" + r.status() + ":" + r.storedLabels().get("status")).toList();
    }

    @Test
    void installWritesRevisionOneDeployedAndAppliesObjectsWithHelmMarkers() {
        Release r = install();
        assertEquals(1, r.version());
        assertEquals(ReleaseStatus.DEPLOYED, r.status());
        assertEquals("Install complete", r.info().description());
        assertEquals(List.of("1:deployed:deployed"), statuses());
        assertEquals(List.of("ConfigMap/pool-1-config", "Deployment/pool-1-epp", "InferencePool/pool-1"), cluster.applied);
        @SuppressWarnings("unchecked")
        var meta = (Map<String, Object>) cluster.objects.values().iterator().next().get("metadata");
        assertEquals(Map.of("app.kubernetes.io/managed-by", "Helm"), meta.get("labels"));
        assertEquals(Map.of("meta.helm.sh/release-name", "pool-1", "meta.helm.sh/release-namespace", "serving"), meta.get("annotations"));
        assertTrue(r.info().notes().contains("pool status pool-1 -n serving"), r.info().notes());
        assertEquals(Map.of("matchLabels", Map.of("app", "vllm")), r.config());
        var stored = store.history("pool-1").get(0);
        assertNull(stored.lock(), "the lock is released once the install is done");
        assertEquals("helm", stored.storedLabels().get("owner"));
        assertEquals("1", stored.storedLabels().get("version"));
    }

    @Test
    void badValuesAreAllReportedAndNothingIsWritten() {
        var e = assertThrows(ChartProblemsException.class,
                () -> new Install(ctx).run(Install.Options.of("pool-1", Map.of("replicas", 0))));
        assertEquals(2, e.problems().size(), e.problems().toString());
        assertTrue(store.history("pool-1").isEmpty());
        assertTrue(cluster.applied.isEmpty());
    }

    @Test
    void everyPreflightProblemIsReportedAtOnceBeforeAnyWrite() {
        cluster.crds.clear();
        cluster.putForeign("v1", "ConfigMap", "serving", "pool-1-config");
        cluster.putForeign("apps/v1", "Deployment", "serving", "pool-1-epp");
        var o = Install.Options.builder("pool-1").values(VALUES).labels(Map.of("owner", "me")).build();
        var e = assertThrows(ChartProblemsException.class, () -> new Install(ctx).run(o));
        String all = String.join("\n", e.problems());
        assertTrue(all.contains("system reserved label"), all);
        assertTrue(all.contains("inferencepools.inference.networking.k8s.io") && all.contains("kubectl apply -f"), all);
        assertTrue(all.contains("ConfigMap \"pool-1-config\" in namespace \"serving\" exists and cannot be imported"), all);
        assertTrue(all.contains("Deployment \"pool-1-epp\""), all);
        assertTrue(all.contains("missing key \"meta.helm.sh/release-name\": must be set to \"pool-1\""), all);
        assertTrue(store.history("pool-1").isEmpty());
        assertTrue(cluster.applied.isEmpty());
    }

    @Test
    void whatTheServerRefusesOnADryRunStopsInstallUpgradeAndRollbackBeforeAnyWrite() {
        cluster.failDryRun = ref -> ref.kind().equals("Deployment") || ref.kind().equals("InferencePool");
        var e = assertThrows(ChartProblemsException.class, this::install);
        assertEquals(2, e.problems().size(), e.problems().toString());
        assertTrue(e.problems().stream().allMatch(p -> p.startsWith("server-side dry run: cannot apply ")), e.problems().toString());
        assertTrue(store.history("pool-1").isEmpty());
        assertTrue(cluster.applied.isEmpty());
        assertEquals(List.of("ConfigMap/pool-1-config", "Deployment/pool-1-epp", "InferencePool/pool-1"), cluster.dryRuns);

        cluster.failDryRun = ref -> false;
        install();
        new Upgrade(ctx).run(Upgrade.Options.of("pool-1", Map.of("matchLabels", Map.of("app", "other"))));
        cluster.applied.clear();
        cluster.failDryRun = ref -> ref.kind().equals("InferencePool");
        assertThrows(ChartProblemsException.class, () -> new Upgrade(ctx).run(Upgrade.Options.of("pool-1", VALUES)));
        assertThrows(ChartProblemsException.class, () -> new Rollback(ctx).run(Rollback.Options.of("pool-1", 1)));
        assertEquals(List.of("1:superseded:superseded", "2:deployed:deployed"), statuses(), "no revision recorded");
        assertTrue(cluster.applied.isEmpty(), cluster.applied.toString());
    }

    @Test
    void aClientDryRunSendsNothingAndAServerDryRunSendsEveryObject() {
        new Install(ctx).run(Install.Options.builder("pool-1").values(VALUES).dryRun(DryRun.CLIENT).build());
        assertTrue(cluster.dryRuns.isEmpty());
        new Install(ctx).run(Install.Options.builder("pool-1").values(VALUES).dryRun(DryRun.SERVER).build());
        assertEquals(3, cluster.dryRuns.size(), cluster.dryRuns.toString());
        assertTrue(progress.contains("Server-side dry run: the API server accepted 3 of 3 objects; nothing was written."), progress.toString());
    }

    @Test
    void invalidNameIsRejectedWithTheRule() {
        var e = assertThrows(ReleaseException.class, () -> new Install(ctx).run(Install.Options.of("Pool_1", VALUES)));
        assertTrue(e.getMessage().contains("release name check failed: release name \"Pool_1\": invalid release name, must match regex"),
                e.getMessage());
        assertThrows(ReleaseException.class, () -> new Install(ctx).run(Install.Options.of("a".repeat(54), VALUES)));
    }

    @Test
    void installOfANameInUseFailsWithoutWriting() {
        install();
        var e = assertThrows(ReleaseException.class, this::install);
        assertTrue(e.getMessage().contains("cannot reuse a name that is still in use"), e.getMessage());
        assertEquals(List.of("1:deployed:deployed"), statuses());
    }

    @Test
    void upgradeSupersedesTheCurrentRevisionAndReusesValuesWhenNoneAreGiven() {
        install();
        Release r = new Upgrade(ctx).run(Upgrade.Options.of("pool-1", Map.of()));
        assertEquals(2, r.version());
        assertEquals("Upgrade complete", r.info().description());
        assertEquals(List.of("1:superseded:superseded", "2:deployed:deployed"), statuses());
        assertEquals(VALUES, r.config());
        assertEquals(store.history("pool-1").get(0).release().info().firstDeployed(), r.info().firstDeployed());
    }

    @Test
    void upgradeDeletesObjectsNoLongerRenderedButKeepsThoseMarkedKeep() {
        new Install(ctx).run(Install.Options.of("pool-1", Map.of("matchLabels", Map.of("app", "vllm"), "extraService", true)));
        assertTrue(cluster.has("Service", "pool-1-extra"));
        new Upgrade(ctx).run(Upgrade.Options.of("pool-1", VALUES));
        assertFalse(cluster.has("Service", "pool-1-extra"));
        assertEquals(VALUES, store.history("pool-1").get(1).release().config(), "new values replace the old ones");
    }

    @Test
    void rollbackReappliesTheTargetAndSupersedesTheRest() {
        new Install(ctx).run(Install.Options.of("pool-1", Map.of("matchLabels", Map.of("app", "vllm"), "extraService", true)));
        new Upgrade(ctx).run(Upgrade.Options.of("pool-1", VALUES));
        Release r = new Rollback(ctx).run(Rollback.Options.of("pool-1", 0));
        assertEquals(3, r.version());
        assertEquals("Rollback to 1", r.info().description());
        assertEquals(List.of("1:superseded:superseded", "2:superseded:superseded", "3:deployed:deployed"), statuses());
        assertTrue(cluster.has("Service", "pool-1-extra"));
        assertEquals(store.history("pool-1").get(0).release().config(), r.config());
        var e = assertThrows(ReleaseException.class, () -> new Rollback(ctx).run(Rollback.Options.of("pool-1", 7)));
        assertTrue(e.getMessage().startsWith("release has no 7 version"), e.getMessage());
    }

    @Test
    void uninstallDeletesObjectsAndEveryRecord() {
        install();
        new Upgrade(ctx).run(Upgrade.Options.of("pool-1", Map.of()));
        var result = new Uninstall(ctx).run(Uninstall.Options.of("pool-1"));
        assertEquals(ReleaseStatus.UNINSTALLED, result.release().status());
        assertTrue(cluster.objects.isEmpty());
        assertEquals(List.of("InferencePool/pool-1", "Deployment/pool-1-epp", "ConfigMap/pool-1-config"), cluster.deleted);
        assertTrue(store.history("pool-1").isEmpty());
        assertThrows(NotFoundException.class, () -> new Uninstall(ctx).run(Uninstall.Options.of("pool-1")));
    }

    @Test
    void uninstallKeepingHistoryLeavesAnUninstalledRevisionThatUpgradeInstallReplaces() {
        install();
        new Uninstall(ctx).run(new Uninstall.Options("pool-1", true, "background", null, null));
        assertEquals(List.of("1:uninstalled:uninstalled"), statuses());
        assertNotNullDeleted();
        var e = assertThrows(ReleaseException.class, () -> new Upgrade(ctx).run(Upgrade.Options.of("pool-1", VALUES)));
        assertTrue(e.getMessage().contains("has no deployed releases"), e.getMessage());
        Release r = new Upgrade(ctx).run(withInstall(Upgrade.Options.of("pool-1", VALUES)));
        assertEquals(2, r.version());
        assertEquals(List.of("1:superseded:superseded", "2:deployed:deployed"), statuses());
    }

    private void assertNotNullDeleted() {
        assertTrue(store.history("pool-1").get(0).release().info().deleted() != null);
    }

    static Upgrade.Options withInstall(Upgrade.Options o) {
        return o.toBuilder().install(true).build();
    }

    @Test
    void failedApplyMarksTheRevisionFailedWithHelmsDescription() {
        install();
        cluster.failApply = ref -> ref.kind().equals("Deployment");
        var e = assertThrows(ReleaseException.class, () -> new Upgrade(ctx).run(Upgrade.Options.of("pool-1", Map.of())));
        assertTrue(e.getMessage().startsWith("UPGRADE FAILED: admission webhook denied"), e.getMessage());
        assertEquals(List.of("1:deployed:deployed", "2:failed:failed"), statuses());
        assertEquals("Upgrade \"pool-1\" failed: admission webhook denied Deployment/pool-1-epp",
                store.history("pool-1").get(1).release().info().description());
        cluster.failApply = ref -> false;
        Release repaired = new Upgrade(ctx).run(Upgrade.Options.of("pool-1", Map.of()));
        assertEquals(3, repaired.version());
    }

    @Test
    void upgradeRefusesWhileAnotherHolderIsWorkingAndChangesNothing() {
        install();
        var pending = store.history("pool-1").get(0).release().withVersion(2).withStatus(ReleaseStatus.PENDING_UPGRADE, "Preparing upgrade");
        var now = ctx.now();
        store.create(pending, new PendingLock("pool@elsewhere:42", now, now.plusMinutes(5)));
        var e = assertThrows(ReleaseException.class, () -> new Upgrade(ctx).run(Upgrade.Options.of("pool-1", Map.of())));
        assertTrue(e.getMessage().startsWith("another operation (install/upgrade/rollback) is in progress"), e.getMessage());
        assertTrue(e.getMessage().contains("held by pool@elsewhere:42 until 2026-11-27T10:05:00Z"), e.getMessage());
        assertEquals(List.of("1:deployed:deployed", "2:pending-upgrade:pending-upgrade"), statuses());
    }

    @Test
    void pendingRevisionPastItsDeadlineIsTakenOverAndMarkedFailed() {
        install();
        var pending = store.history("pool-1").get(0).release().withVersion(2).withStatus(ReleaseStatus.PENDING_UPGRADE, "Preparing upgrade");
        var now = ctx.now();
        store.create(pending, new PendingLock("pool@elsewhere:42", now, now.plusMinutes(5)));
        clock.advance(Duration.ofMinutes(6));
        Release r = new Upgrade(ctx).run(Upgrade.Options.of("pool-1", Map.of()));
        assertEquals(3, r.version());
        assertEquals(List.of("1:superseded:superseded", "2:failed:failed", "3:deployed:deployed"), statuses());
        String description = store.history("pool-1").get(1).release().info().description();
        assertTrue(description.startsWith("Taken over by pool@") && description.contains("did not finish by its deadline"), description);
    }

    @Test
    void pendingRevisionWhoseHolderProcessDiedIsTakenOverAtOnce() throws Exception {
        install();
        var dead = new ProcessBuilder("true").start();
        dead.waitFor();
        var holder = new HolderIdentity(HolderIdentity.current().host(), dead.pid());
        var pending = store.history("pool-1").get(0).release().withVersion(2).withStatus(ReleaseStatus.PENDING_UPGRADE, "Preparing upgrade");
        var now = ctx.now();
        store.create(pending, new PendingLock(holder.id(), now, now.plusHours(1)));
        Release r = new Upgrade(ctx).run(Upgrade.Options.of("pool-1", Map.of()));
        assertEquals(3, r.version());
        String description = store.history("pool-1").get(1).release().info().description();
        assertTrue(description.contains("is no longer running"), description);
    }

    @Test
    void interruptedInstallIsRepairedByUpgradeInstall() {
        var now = ctx.now();
        var rendered = new TestChart().render("pool-1", "serving", 1, true, VALUES, new ArrayList<>());
        var stuck = new Release("pool-1", "serving", 1, new Release.Info(now, now, null, "Initial install underway",
                ReleaseStatus.PENDING_INSTALL, ""), new TestChart().record(), VALUES, rendered.manifest(), null, "ssa", Map.of());
        store.create(stuck, new PendingLock("pool@gone-runner:7", now, now.plusMinutes(5)));
        clock.advance(Duration.ofMinutes(10));
        var plain = assertThrows(ReleaseException.class, () -> new Upgrade(ctx).run(Upgrade.Options.of("pool-1", VALUES)));
        assertTrue(plain.getMessage().contains("upgrade --install"), plain.getMessage());
        assertEquals(List.of("1:pending-install:pending-install"), statuses(), "a refused upgrade writes nothing");
        Release r = new Upgrade(ctx).run(withInstall(Upgrade.Options.of("pool-1", VALUES)));
        assertEquals(2, r.version());
        assertEquals(ReleaseStatus.DEPLOYED, r.status());
        assertEquals(List.of("1:failed:failed", "2:deployed:deployed"), statuses());
    }

    @Test
    void historyIsPrunedToMaxKeepingTheDeployedRevision() {
        install();
        for (int i = 0; i < 5; i++) {
            new Upgrade(ctx).run(Upgrade.Options.builder("pool-1").historyMax(3).build());
        }
        assertEquals(List.of("4:superseded:superseded", "5:superseded:superseded", "6:deployed:deployed"), statuses());
    }

    @Test
    void dryRunWritesNothing() {
        var o = Install.Options.builder("pool-1").values(VALUES).dryRun(DryRun.SERVER).build();
        Release r = new Install(ctx).run(o);
        assertEquals("Dry run complete", r.info().description());
        assertTrue(store.history("pool-1").isEmpty());
        assertTrue(cluster.applied.isEmpty());
    }

    @Test
    void userLabelsAreKeptMergedOnUpgradeAndRemovedWithNull() {
        new Install(ctx).run(Install.Options.builder("pool-1").values(VALUES).labels(Map.of("team", "x", "tier", "a")).build());
        new Upgrade(ctx).run(Upgrade.Options.builder("pool-1").labels(Map.of("tier", "null", "env", "prod")).build());
        var latest = store.history("pool-1").get(1);
        assertEquals(Map.of("team", "x", "env", "prod"), latest.release().labels());
        assertEquals("x", latest.storedLabels().get("team"));
    }

    @Test
    void upgradeAfterAClientSideApplyRevisionMovesFieldOwnershipToServerSideApply() {
        install();
        var stored = store.history("pool-1").get(0);
        var r = stored.release();
        var helm3 = new Release(r.name(), r.namespace(), r.version(), r.info(), r.chart(), r.config(), r.manifest(), r.hooks(), null, r.labels());
        store.update(stored, helm3, null);
        new Upgrade(ctx).run(Upgrade.Options.of("pool-1", Map.of()));
        assertEquals(List.of("ConfigMap/pool-1-config", "Deployment/pool-1-epp", "InferencePool/pool-1"), cluster.migrated);
        cluster.migrated.clear();
        new Upgrade(ctx).run(Upgrade.Options.of("pool-1", Map.of()));
        assertTrue(cluster.migrated.isEmpty(), "once the release is SSA, nothing is migrated");
    }

    @Test
    void rollbackOnFailureUninstallsAFailedInstallAndRollsBackAFailedUpgrade() {
        cluster.failApply = ref -> ref.kind().equals("InferencePool");
        var atomicInstall = Install.Options.builder("pool-1").values(VALUES).rollbackOnFailure(true).build();
        var e = assertThrows(ReleaseException.class, () -> new Install(ctx).run(atomicInstall));
        assertTrue(e.getMessage().startsWith("release pool-1 failed, and has been uninstalled due to rollback-on-failure being set"),
                e.getMessage());
        assertTrue(store.history("pool-1").isEmpty());
        assertTrue(cluster.objects.isEmpty(), cluster.objects.keySet().toString());

        cluster.failApply = ref -> false;
        install();
        cluster.failApply = ref -> ref.kind().equals("InferencePool");
        var atomicUpgrade = Upgrade.Options.builder("pool-1").values(Map.of("matchLabels", Map.of("app", "other")))
                .rollbackOnFailure(true).build();
        var failedOnce = new java.util.concurrent.atomic.AtomicBoolean();
        cluster.failApply = ref -> ref.kind().equals("InferencePool") && failedOnce.compareAndSet(false, true);
        var u = assertThrows(ReleaseException.class, () -> new Upgrade(ctx).run(atomicUpgrade));
        assertTrue(u.getMessage().startsWith("release pool-1 failed, and has been rolled back due to rollback-on-failure being set"),
                u.getMessage());
        assertEquals(List.of("1:superseded:superseded", "2:failed:failed", "3:deployed:deployed"), statuses());
        assertEquals("Rollback to 1", store.history("pool-1").get(2).release().info().description());
    }

    @Test
    void cleanupOnFailDeletesWhatTheUpgradeCreatedBeforeItFailedOnALaterObject() {
        install();
        // extraService adds a Service (created first, in install order) before the Deployment the fake cluster refuses
        cluster.failApply = ref -> ref.kind().equals("Deployment");
        var e = assertThrows(ReleaseException.class, () -> new Upgrade(ctx).run(Upgrade.Options.builder("pool-1")
                .values(Map.of("matchLabels", Map.of("app", "vllm"), "extraService", true)).cleanupOnFail(true).build()));
        assertTrue(e.getMessage().startsWith("UPGRADE FAILED: admission webhook denied"), e.getMessage());
        assertTrue(cluster.applied.contains("Service/pool-1-extra"), "the Service was created before the failure: " + cluster.applied);
        assertFalse(cluster.has("Service", "pool-1-extra"), "--cleanup-on-fail deleted the Service the failed upgrade created");
        assertTrue(cluster.has("ConfigMap", "pool-1-config"), "objects that existed before the upgrade stay");
        assertTrue(progress.stream().anyMatch(l -> l.contains("Service \"pool-1-extra\"") && l.contains("--cleanup-on-fail")),
                progress.toString());
    }

    @Test
    void withoutCleanupOnFailWhatTheFailedUpgradeCreatedStays() {
        install();
        cluster.failApply = ref -> ref.kind().equals("Deployment");
        assertThrows(ReleaseException.class, () -> new Upgrade(ctx).run(Upgrade.Options.builder("pool-1")
                .values(Map.of("matchLabels", Map.of("app", "vllm"), "extraService", true)).build()));
        assertTrue(cluster.has("Service", "pool-1-extra"));
    }

    @Test
    void rollbackOnFailureWhoseRollbackFailsTooSaysSoAndWhereTheReleaseStands() {
        install();
        // the upgrade and the rollback that follows both fail on the InferencePool
        cluster.failApply = ref -> ref.kind().equals("InferencePool");
        var e = assertThrows(ReleaseException.class, () -> new Upgrade(ctx).run(Upgrade.Options.builder("pool-1")
                .values(Map.of("matchLabels", Map.of("app", "other"))).rollbackOnFailure(true).build()));
        assertTrue(e.getMessage().startsWith("release pool-1 failed: admission webhook denied InferencePool/pool-1; the rollback to "
                + "revision 1 that rollback-on-failure ran failed too: rollback of \"pool-1\" failed"), e.getMessage());
        assertTrue(e.getMessage().contains("Release pool-1 is now at revision 3 (failed), revision 1 deployed."), e.getMessage());
        assertTrue(e.getMessage().endsWith("Retry with `pool rollback pool-1 1`"), e.getMessage());
        assertEquals(List.of("1:deployed:deployed", "2:superseded:superseded", "3:failed:failed"), statuses());
    }

    @Test
    void upgradeInstallRepairsAReleaseWhoseUninstallStoppedHalfWay() {
        install();
        cluster.failDelete = ref -> ref.kind().equals("Deployment");
        var e = assertThrows(ReleaseException.class, () -> new Uninstall(ctx).run(Uninstall.Options.of("pool-1")));
        assertTrue(e.getMessage().startsWith("failed to delete release: pool-1"), e.getMessage());
        assertEquals(List.of("1:uninstalling:uninstalling"), statuses());
        cluster.failDelete = ref -> false;
        Release r = new Upgrade(ctx).run(withInstall(Upgrade.Options.of("pool-1", VALUES)));
        assertEquals(2, r.version());
        assertEquals(List.of("1:superseded:superseded", "2:deployed:deployed"), statuses());
        assertTrue(cluster.has("InferencePool", "pool-1"));
    }

    @Test
    void rollbackIsTheWayOutOfAPendingRevisionHelmLeftButNotOfOnePoolStillHolds() {
        install();
        var deployed = store.history("pool-1").get(0).release();
        var helmPending = store.create(deployed.withVersion(2).withStatus(ReleaseStatus.PENDING_UPGRADE, "Preparing upgrade"), null);
        Release r = new Rollback(ctx).run(Rollback.Options.of("pool-1", 1));
        assertEquals(3, r.version());
        assertEquals(List.of("1:superseded:superseded", "2:failed:failed", "3:deployed:deployed"), statuses());

        var now = ctx.now();
        store.create(r.withVersion(4).withStatus(ReleaseStatus.PENDING_UPGRADE, "Preparing upgrade"),
                new PendingLock("pool@elsewhere:42", now, now.plusMinutes(5)));
        var e = assertThrows(ReleaseException.class, () -> new Rollback(ctx).run(Rollback.Options.of("pool-1", 1)));
        assertTrue(e.getMessage().startsWith("another operation (install/upgrade/rollback) is in progress"), e.getMessage());
        assertEquals(helmPending.version(), 2);
    }

    @Test
    @SuppressWarnings("unchecked")
    void takeOwnershipAdoptsObjectsWithoutHelmMarkers() {
        cluster.putForeign("v1", "ConfigMap", "serving", "pool-1-config");
        var o = Install.Options.builder("pool-1").values(VALUES).takeOwnership(true).build();
        new Install(ctx).run(o);
        var cm = cluster.objects.get(new kube.ObjectRef("v1", "ConfigMap", "serving", "pool-1-config").identity());
        var annotations = (Map<String, Object>) ((Map<String, Object>) cm.get("metadata")).get("annotations");
        assertEquals("pool-1", annotations.get("meta.helm.sh/release-name"));
        assertTrue(cluster.migrated.contains("ConfigMap/pool-1-config"), "an adopted object's client-side fields move to helm/Apply");
    }
}
