package epp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import epp.cli.EppCommand;
import epp.server.KubernetesBackends;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The EPP command refuses to start on bad input, with exit 1 and a message naming what was wrong,
 * before it watches Kubernetes. Starting and routing with the chart's arguments is
 * {@link EndToEndRoutingTest}.
 */
class EndpointPickerTest {
    @Test
    void aBadMetricSpecFailsStartUpWithExit1AndNamesTheFlag() {
        var err = new java.io.StringWriter();
        CommandLine line = EppCommand.commandLine(new KubernetesBackends(), Map.of()).setErr(new java.io.PrintWriter(err));
        int code = line.execute("--pool-name=vllm", "--tracing=false", "--total-queued-requests-metric=queue{", "--grpc-port=0",
                "--grpc-health-port=0", "--metrics-port=0");
        assertEquals(1, code);
        assertTrue(err.toString().contains("--total-queued-requests-metric"), err.toString());
    }

    @Test
    void aMissingConfigFileFailsStartUpWithExit1() {
        var err = new java.io.StringWriter();
        CommandLine line = EppCommand.commandLine(new KubernetesBackends(), Map.of()).setErr(new java.io.PrintWriter(err));
        assertEquals(1, line.execute("--pool-name=vllm", "--tracing=false", "--config-file=/no/such/plugins.yaml"));
        assertTrue(err.toString().contains("cannot read --config-file /no/such/plugins.yaml"), err.toString());
    }

    @Test
    void anInvalidPluginConfigurationFailsStartUpBeforeWatchingKubernetes() {
        var err = new java.io.StringWriter();
        CommandLine line = EppCommand.commandLine(new KubernetesBackends(), Map.of()).setErr(new java.io.PrintWriter(err));
        assertEquals(1, line.execute("--pool-name=vllm", "--tracing=false", "--config-text",
                "apiVersion: inference.networking.x-k8s.io/v1alpha1\nkind: EndpointPickerConfig\nplugins:\n- type: no-such-plugin\n"));
        assertTrue(err.toString().contains("no-such-plugin"), err.toString());
    }
}
