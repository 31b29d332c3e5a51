package sandbox.controllers;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a pod's container port really listens. A simulator listens on its pod IP and port; the
 * EPP binds every address, so its pods share one host and get their ports mapped. Whatever reaches
 * a pod (the Service proxy, port-forward) asks here.
 */
public final class PodPorts {
    private final Map<String, InetSocketAddress> targets = new ConcurrentHashMap<>();

    public void map(String podIp, int containerPort, InetSocketAddress target) {
        targets.put(podIp + ":" + containerPort, target);
    }

    public void unmapPod(String podIp) {
        targets.keySet().removeIf(key -> key.startsWith(podIp + ":"));
    }

    /** The mapped address, else the pod IP and port themselves. */
    public InetSocketAddress resolve(String podIp, int containerPort) {
        InetSocketAddress target = targets.get(podIp + ":" + containerPort);
        return target != null ? target : new InetSocketAddress(podIp, containerPort);
    }
}
