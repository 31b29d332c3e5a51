package sandbox.controllers;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A container's ConfigMap volumes, written to a folder of this machine (one file per key, as the
 * kubelet projects them), and its arguments with every mount path replaced by that folder.
 */
final class ConfigMapVolumes {
    /** Mount path in the container → folder on this machine, longest mount path first. */
    private final Map<String, Path> mounts;

    private ConfigMapVolumes(Map<String, Path> mounts) {
        this.mounts = mounts;
    }

    static ConfigMapVolumes write(KubernetesClient client, Pod pod, Container container, Path podDir) {
        Map<String, Volume> volumes = new LinkedHashMap<>();
        for (Volume volume : pod.getSpec().getVolumes() == null ? List.<Volume>of() : pod.getSpec().getVolumes()) {
            volumes.put(volume.getName(), volume);
        }
        List<VolumeMount> declared = container.getVolumeMounts() == null ? List.of() : new ArrayList<>(container.getVolumeMounts());
        declared.sort(Comparator.comparingInt((VolumeMount m) -> m.getMountPath().length()).reversed());
        Map<String, Path> mounts = new LinkedHashMap<>();
        for (VolumeMount mount : declared) {
            Volume volume = volumes.get(mount.getName());
            if (volume == null || volume.getConfigMap() == null) {
                continue;
            }
            Path dir = podDir.resolve("volumes").resolve(mount.getName());
            ConfigMap map = client.configMaps().inNamespace(pod.getMetadata().getNamespace())
                    .withName(volume.getConfigMap().getName()).get();
            if (map == null && !Boolean.TRUE.equals(volume.getConfigMap().getOptional())) {
                throw new IllegalStateException("configmap \"" + volume.getConfigMap().getName() + "\" not found (volume "
                        + mount.getName() + ")");
            }
            try {
                Files.createDirectories(dir);
                if (map != null && map.getData() != null) {
                    for (var entry : map.getData().entrySet()) {
                        Files.writeString(dir.resolve(entry.getKey()), entry.getValue());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            mounts.put(stripSlash(mount.getMountPath()), dir.toAbsolutePath());
        }
        return new ConfigMapVolumes(mounts);
    }

    /** The argument with a mount path (whole, as a prefix, or after {@code =}) replaced by its folder. */
    String mapPath(String arg) {
        int eq = arg.startsWith("-") ? arg.indexOf('=') : -1;
        String head = eq < 0 ? "" : arg.substring(0, eq + 1);
        String value = eq < 0 ? arg : arg.substring(eq + 1);
        for (var mount : mounts.entrySet()) {
            String path = mount.getKey();
            if (value.equals(path) || value.startsWith(path + "/")) {
                return head + mount.getValue() + value.substring(path.length());
            }
        }
        return arg;
    }

    private static String stripSlash(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
