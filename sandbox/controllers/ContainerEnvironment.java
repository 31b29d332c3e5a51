package sandbox.controllers;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A container's environment as the kubelet builds it: plain values, and values from the downward
 * API (`fieldRef`: the pod's name, namespace, uid, labels, annotations, service account, node,
 * IPs), ConfigMap and Secret keys. `$(VAR)` references and `envFrom` are not expanded.
 */
final class ContainerEnvironment {
    private ContainerEnvironment() {}

    static Map<String, String> of(KubernetesClient client, Pod pod, String podIp, List<EnvVar> env) {
        Map<String, String> result = new LinkedHashMap<>();
        result.put("HOSTNAME", pod.getMetadata().getName());
        if (env == null) {
            return result;
        }
        for (EnvVar var : env) {
            String value = var.getValueFrom() == null ? var.getValue() : valueFrom(client, pod, podIp, var.getValueFrom());
            result.put(var.getName(), value == null ? "" : value);
        }
        return result;
    }

    private static String valueFrom(KubernetesClient client, Pod pod, String podIp, EnvVarSource source) {
        String namespace = pod.getMetadata().getNamespace();
        if (source.getFieldRef() != null) {
            return field(pod, podIp, source.getFieldRef().getFieldPath());
        }
        if (source.getConfigMapKeyRef() != null) {
            ConfigMap map = client.configMaps().inNamespace(namespace).withName(source.getConfigMapKeyRef().getName()).get();
            return map == null || map.getData() == null ? null : map.getData().get(source.getConfigMapKeyRef().getKey());
        }
        if (source.getSecretKeyRef() != null) {
            Secret secret = client.secrets().inNamespace(namespace).withName(source.getSecretKeyRef().getName()).get();
            String encoded = secret == null || secret.getData() == null ? null : secret.getData().get(source.getSecretKeyRef().getKey());
            return encoded == null ? null : new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        }
        return null;
    }

    private static String field(Pod pod, String podIp, String path) {
        var meta = pod.getMetadata();
        if (path.startsWith("metadata.labels['") && path.endsWith("']")) {
            return meta.getLabels() == null ? null : meta.getLabels().get(path.substring(17, path.length() - 2));
        }
        if (path.startsWith("metadata.annotations['") && path.endsWith("']")) {
            return meta.getAnnotations() == null ? null : meta.getAnnotations().get(path.substring(22, path.length() - 2));
        }
        return switch (path) {
            case "metadata.name" -> meta.getName();
            case "metadata.namespace" -> meta.getNamespace();
            case "metadata.uid" -> meta.getUid();
            case "spec.serviceAccountName" -> pod.getSpec().getServiceAccountName();
            case "spec.nodeName" -> PodStatuses.NODE_NAME;
            case "status.podIP", "status.podIPs" -> podIp;
            case "status.hostIP", "status.hostIPs" -> PodStatuses.HOST_IP;
            default -> null;
        };
    }
}
