package sandbox.controllers;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Pod statuses as the kubelet reports them, for a pod that runs (ready or not) or cannot. */
final class PodStatuses {
    /** The sandbox's one "node". */
    static final String NODE_NAME = "sandbox";
    static final String HOST_IP = "127.0.0.1";

    private PodStatuses() {}

    static PodStatus running(Pod pod, String podIp, Instant started, boolean ready, String reason) {
        String now = timestamp(Instant.now());
        String since = timestamp(started);
        String readyText = ready ? "True" : "False";
        return new PodStatusBuilder()
                .withPhase("Running")
                .withHostIP(HOST_IP)
                .withPodIP(podIp)
                .withPodIPs(new PodIP(podIp))
                .withStartTime(since)
                .withConditions(
                        condition("PodScheduled", "True", since, null),
                        condition("Initialized", "True", since, null),
                        condition("ContainersReady", readyText, now, ready ? null : reason),
                        condition("Ready", readyText, now, ready ? null : reason))
                .withContainerStatuses(pod.getSpec().getContainers().stream().map(c -> new ContainerStatusBuilder()
                        .withName(c.getName()).withImage(c.getImage()).withImageID(c.getImage())
                        .withReady(ready).withStarted(true).withRestartCount(0)
                        .withNewState().withNewRunning().withStartedAt(since).endRunning().endState()
                        .build()).toList())
                .build();
    }

    static PodStatus cannotRun(Pod pod, String reason, String message) {
        String now = timestamp(Instant.now());
        List<ContainerStatus> containers = pod.getSpec().getContainers().stream().map(c -> new ContainerStatusBuilder()
                .withName(c.getName()).withImage(c.getImage()).withReady(false).withStarted(false).withRestartCount(0)
                .withNewState().withNewWaiting().withReason(reason).withMessage(message).endWaiting().endState()
                .build()).toList();
        return new PodStatusBuilder()
                .withPhase("Pending")
                .withHostIP(HOST_IP)
                .withConditions(condition("PodScheduled", "True", now, null),
                        new PodConditionBuilder().withType("Ready").withStatus("False").withLastTransitionTime(now)
                                .withReason(reason).withMessage(message).build())
                .withContainerStatuses(containers)
                .build();
    }

    static boolean isReady(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static PodCondition condition(String type, String status, String time, String message) {
        var builder = new PodConditionBuilder().withType(type).withStatus(status).withLastTransitionTime(time);
        if (message != null) {
            builder.withReason("ReadinessProbeFailed").withMessage(message);
        }
        return builder.build();
    }

    static String timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
