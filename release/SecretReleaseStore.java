package release;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import kube.ClusterErrors;

/**
 * Helm's Secret storage driver (release.md §1.2): one Secret `sh.helm.release.v1.<name>.v<rev>` of
 * type `helm.sh/release.v1` per revision. Unlike Helm, updates carry the resourceVersion read, so
 * a concurrent writer gets a conflict instead of being overwritten.
 */
public final class SecretReleaseStore implements ReleaseStore {
    public static final String TYPE = "helm.sh/release.v1";

    private final KubernetesClient client;
    private final String namespace;
    private final Clock clock;
    private final ClusterErrors errors;

    public SecretReleaseStore(KubernetesClient client, String namespace, Clock clock) {
        this.client = client;
        this.errors = ClusterErrors.of(client);
        this.namespace = namespace;
        this.clock = clock;
    }

    @Override
    public String namespace() {
        return namespace;
    }

    @Override
    public List<StoredRelease> history(String name) {
        var out = new ArrayList<StoredRelease>();
        for (Secret s : query(Map.of("owner", ReleaseLabels.OWNER, "name", name), false)) {
            out.add(read(s));
        }
        out.sort(Comparator.comparingInt(StoredRelease::version));
        return out;
    }

    @Override
    public List<StoredRelease> list(String labelSelector, boolean allNamespaces) {
        var out = new ArrayList<StoredRelease>();
        List<Secret> secrets;
        try {
            var base = allNamespaces ? client.secrets().inAnyNamespace() : client.secrets().inNamespace(namespace);
            String selector = "owner=" + ReleaseLabels.OWNER + (labelSelector == null || labelSelector.isBlank() ? "" : "," + labelSelector);
            secrets = base.withLabelSelector(selector).list().getItems();
        } catch (KubernetesClientException e) {
            throw errors.describe("list releases", e);
        }
        for (Secret s : secrets) {
            try {
                out.add(read(s));
            } catch (ReleaseException undecodable) {
                // skipped silently, as Helm's list does
            }
        }
        return out;
    }

    @Override
    public StoredRelease create(Release release, PendingLock lock) {
        Secret secret = secret(release, ReleaseLabels.forWrite(release, clock.instant(), true, Map.of()), lock, null);
        try {
            return read(client.secrets().inNamespace(namespace).resource(secret).create());
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                throw new RecordConflictException("release: already exists (" + secret.getMetadata().getName()
                        + " was created by another operation)");
            }
            throw errors.describe("create release record " + secret.getMetadata().getName(), e);
        }
    }

    @Override
    public StoredRelease update(StoredRelease current, Release next, PendingLock lock) {
        Secret secret = secret(next, ReleaseLabels.forWrite(next, clock.instant(), false, current.storedLabels()), lock,
                current.resourceVersion());
        try {
            return read(client.secrets().inNamespace(namespace).resource(secret).update());
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409 || e.getCode() == 404) {
                throw new RecordConflictException("release record " + secret.getMetadata().getName()
                        + " was changed by another operation since pool read it");
            }
            throw errors.describe("update release record " + secret.getMetadata().getName(), e);
        }
    }

    @Override
    public void delete(StoredRelease revision) {
        String name = ReleaseNames.secretName(revision.release().name(), revision.version());
        try {
            client.secrets().inNamespace(namespace).withName(name).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw errors.describe("delete release record " + name, e);
            }
        }
    }

    private List<Secret> query(Map<String, String> labels, boolean allNamespaces) {
        try {
            return client.secrets().inNamespace(namespace).withLabels(labels).list().getItems();
        } catch (KubernetesClientException e) {
            throw errors.describe("read release history", e);
        }
    }

    private Secret secret(Release r, Map<String, String> labels, PendingLock lock, String resourceVersion) {
        String payload = ReleaseCodec.encode(r);
        return new SecretBuilder()
                .withNewMetadata()
                .withName(ReleaseNames.secretName(r.name(), r.version()))
                .withNamespace(namespace)
                .withLabels(labels)
                .withAnnotations(lock == null ? null : lock.annotations())
                .withResourceVersion(resourceVersion)
                .endMetadata()
                .withType(TYPE)
                .addToData("release", Base64.getEncoder().encodeToString(payload.getBytes(StandardCharsets.US_ASCII)))
                .build();
    }

    static StoredRelease read(Secret s) {
        String wire = s.getData() == null ? null : s.getData().get("release");
        if (wire == null) {
            throw new ReleaseException("Secret " + s.getMetadata().getName() + " has no data.release");
        }
        String payload = new String(Base64.getDecoder().decode(wire), StandardCharsets.US_ASCII);
        var labels = s.getMetadata().getLabels() == null ? Map.<String, String>of() : s.getMetadata().getLabels();
        var release = ReleaseCodec.decode(payload, ReleaseLabels.userLabels(labels));
        return new StoredRelease(release, labels, s.getMetadata().getResourceVersion(),
                PendingLock.fromAnnotations(s.getMetadata().getAnnotations()));
    }
}
