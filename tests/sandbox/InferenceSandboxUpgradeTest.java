package sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import common.EppLease;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import sandbox.inference.InferenceSandbox;
import sandbox.inference.SandboxOptions;

/** `pool upgrade` against the sandbox: a changed EPP pod template recreates the EPP processes. */
class InferenceSandboxUpgradeTest {
    @Test
    void upgradingToTwoEppReplicasRecreatesTheEppPodsWhichElectALeaderThatServes() throws Exception {
        try (InferenceSandbox sandbox = InferenceSandbox.start(SandboxOptions.defaults().modelServers(1)
                .log(new PrintStream(new ByteArrayOutputStream(), true)))) {
            List<String> before = sandbox.allEppPods();
            List<ProcessHandle> oldProcesses = sandbox.childProcesses();

            sandbox.upgrade(Map.of("inferenceExtension", Map.of("replicas", 2)));

            List<String> after = sandbox.allEppPods();
            assertEquals(2, after.size(), after::toString);
            assertTrue(after.stream().noneMatch(before::contains), () -> before + " -> " + after);
            for (ProcessHandle old : oldProcesses) {
                assertFalse(old.isAlive(), () -> "old EPP still running: " + old.pid());
            }
            Await.until(() -> sandbox.eppPods().size() == 1 && sandbox.eppPods().get(0).equals(sandbox.eppTarget()),
                    () -> "ready " + sandbox.eppPods() + ", gateway's target " + sandbox.eppTarget());
            Lease lease = sandbox.client().leases().withName(EppLease.name(sandbox.namespace(), sandbox.releaseName())).get();
            assertNotNull(lease);
            assertTrue(lease.getSpec().getHolderIdentity().startsWith(sandbox.eppPods().get(0)), lease.getSpec()::getHolderIdentity);
            Await.until(() -> {
                try {
                    HttpResponse<String> response = InferenceSandboxTest.complete(sandbox);
                    return response.statusCode() == 200;
                } catch (Exception e) {
                    return false;
                }
            }, () -> "no completion through the new leader");
        }
    }
}
