package sandbox.controllers;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * What a kubelet does for the pods it can run: starts their containers in this machine's way (a
 * simulator in this process, a child process) at the pod's IP, and says when they are ready.
 */
public interface PodRuntime {
    /** True when this runtime runs the pod's containers (decided from its images). */
    boolean runs(Pod pod);

    /**
     * Starts the pod at {@code podIp}; {@code readiness} is told every change of readiness (from any
     * thread). Throws when the pod cannot start.
     */
    PodInstance start(Pod pod, String podIp, ReadinessListener readiness) throws Exception;

    @FunctionalInterface
    interface ReadinessListener {
        void readinessChanged(boolean ready, String reason);
    }
}
