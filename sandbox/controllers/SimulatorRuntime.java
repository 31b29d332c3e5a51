package sandbox.controllers;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import sim.engine.SimOptions;
import sim.server.PodSpec;
import sim.server.SimulatorHost;

/**
 * Runs model-server pods (a container whose image names vLLM) as simulated vLLM servers in this
 * process, on the pod's IP and its container's first port (8000 when it names none).
 */
public final class SimulatorRuntime implements PodRuntime {
    private final SimulatorHost host;
    private final SimOptions options;

    public SimulatorRuntime(SimulatorHost host, SimOptions options) {
        this.host = host;
        this.options = options;
    }

    @Override
    public boolean runs(Pod pod) {
        List<Container> containers = pod.getSpec().getContainers();
        return containers.size() == 1 && containers.get(0).getImage() != null
                && containers.get(0).getImage().toLowerCase(java.util.Locale.ROOT).contains("vllm");
    }

    @Override
    public PodInstance start(Pod pod, String podIp, ReadinessListener readiness) {
        String name = pod.getMetadata().getName();
        host.start(new PodSpec(name, podIp, port(pod.getSpec().getContainers().get(0)), options));
        return new PodInstance() {
            @Override
            public boolean readyAtStart() {
                return true;
            }

            @Override
            public List<ProcessHandle> processes() {
                return List.of();
            }

            @Override
            public void stop() {
                host.stop(name);
            }
        };
    }

    private static int port(Container container) {
        List<ContainerPort> ports = container.getPorts();
        return ports == null || ports.isEmpty() ? 8000 : ports.get(0).getContainerPort();
    }
}
