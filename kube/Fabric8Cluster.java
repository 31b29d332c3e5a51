package kube;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** {@link Cluster} on fabric8: PATCH application/apply-patch+yaml, fieldManager=helm, fieldValidation=Strict. */
public final class Fabric8Cluster implements Cluster {
    private final KubernetesClient client;
    private final KubernetesSerialization serialization;
    private final ClusterErrors errors;

    public Fabric8Cluster(KubernetesClient client) {
        this.client = client;
        this.errors = ClusterErrors.of(client);
        this.serialization = client.getKubernetesSerialization();
    }

    @Override
    public Optional<Map<String, Object>> get(ObjectRef ref) {
        try {
            GenericKubernetesResource live = client.resource(stub(ref)).get();
            return Optional.ofNullable(live).map(this::toMap);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404 || notServed(ref, e)) {
                return Optional.empty();
            }
            throw errors.describe("read " + ref.describe(), e);
        }
    }

    @Override
    public Map<String, Object> apply(Map<String, Object> object, boolean forceConflicts) {
        return apply(object, forceConflicts, false);
    }

    @Override
    public Map<String, Object> dryRunApply(Map<String, Object> object, boolean forceConflicts) {
        return apply(object, forceConflicts, true);
    }

    private Map<String, Object> apply(Map<String, Object> object, boolean forceConflicts, boolean dryRun) {
        ObjectRef ref = ObjectRef.of(object);
        var patch = new PatchContext.Builder()
                .withPatchType(PatchType.SERVER_SIDE_APPLY)
                .withFieldManager(FIELD_MANAGER)
                .withForce(forceConflicts)
                .withFieldValidation("Strict")
                .build();
        try {
            var resource = client.resource(toResource(object));
            return toMap(dryRun ? resource.dryRun().patch(patch) : resource.patch(patch));
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                String message = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
                throw new ApplyConflictException(ref, message, e);
            }
            if (e.getCode() == 415) {
                throw new ClusterException("server-side apply not available on the server (HTTP 415) while applying " + ref.describe(), e);
            }
            throw errors.describe("apply " + ref.describe(), e);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public boolean upgradeManagedFields(ObjectRef ref) {
        for (int attempt = 1; attempt <= 3; attempt++) {
            var live = get(ref);
            if (live.isEmpty()) {
                return false;
            }
            var meta = (Map<String, Object>) live.get().getOrDefault("metadata", Map.of());
            var upgraded = ManagedFieldsUpgrade.upgrade((java.util.List<Map<String, Object>>) meta.get("managedFields"));
            if (upgraded.isEmpty()) {
                return false;
            }
            var patch = java.util.List.of(
                    Map.of("op", "replace", "path", "/metadata/managedFields", "value", upgraded.get()),
                    Map.of("op", "replace", "path", "/metadata/resourceVersion", "value", String.valueOf(meta.get("resourceVersion"))));
            try {
                client.resource(stub(ref)).patch(PatchContext.of(PatchType.JSON), serialization.asJson(patch));
                return true;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw errors.describe("move field ownership of " + ref.describe() + " to server-side apply", e);
                }
            }
        }
        throw new ClusterException("cannot move field ownership of " + ref.describe()
                + " to server-side apply: the object kept changing (3 conflicts); re-run", null);
    }

    @Override
    public boolean delete(ObjectRef ref, String cascade) {
        var policy = DeletionPropagation.valueOf(cascade.toUpperCase(Locale.ROOT));
        try {
            var details = client.resource(stub(ref)).withPropagationPolicy(policy).delete();
            return details != null && !details.isEmpty();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404 || notServed(ref, e)) {
                return false;
            }
            throw errors.describe("delete " + ref.describe(), e);
        }
    }

    @Override
    public boolean crdInstalled(String crdName) {
        try {
            return client.apiextensions().v1().customResourceDefinitions().withName(crdName).get() != null;
        } catch (KubernetesClientException e) {
            throw errors.describe("look up CustomResourceDefinition " + crdName, e);
        }
    }

    @Override
    public void ensureNamespace(String namespace) {
        var ns = new NamespaceBuilder().withNewMetadata().withName(namespace).addToLabels("name", namespace).endMetadata().build();
        var patch = new PatchContext.Builder().withPatchType(PatchType.SERVER_SIDE_APPLY).withFieldManager(FIELD_MANAGER).build();
        try {
            client.resource(ns).patch(patch);
        } catch (KubernetesClientException e) {
            throw errors.describe("create namespace " + namespace, e);
        }
    }

    @Override
    public java.util.List<Map<String, Object>> list(String apiVersion, String kind, String namespace, Map<String, String> matchLabels) {
        try {
            var items = client.genericKubernetesResources(apiVersion, kind).inNamespace(namespace).withLabels(matchLabels).list().getItems();
            return items.stream().map(this::toMap).toList();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return java.util.List.of();
            }
            throw errors.describe("list " + kind + " in namespace " + namespace, e);
        }
    }

    @Override
    public boolean namespaceExists(String namespace) {
        try {
            return client.namespaces().withName(namespace).get() != null;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 403) {
                return true; // may not list namespaces; the writes will tell
            }
            throw errors.describe("look up namespace " + namespace, e);
        }
    }

    /**
     * fabric8 cannot address a kind the server does not serve (a CRD that is not installed, an API
     * version that was removed); such an object cannot exist, so reads find nothing and deletes
     * have nothing to do (release.md §6 row 11: removed kinds must not block upgrades or uninstalls).
     */
    private boolean notServed(ObjectRef ref, KubernetesClientException e) {
        if (e.getCode() > 0) {
            return false;
        }
        try {
            var resources = client.getApiResources(ref.apiVersion());
            return resources == null || resources.getResources().stream().noneMatch(r -> ref.kind().equals(r.getKind()));
        } catch (KubernetesClientException discovery) {
            return discovery.getCode() == 404;
        }
    }

    private GenericKubernetesResource stub(ObjectRef ref) {
        var r = new GenericKubernetesResource();
        r.setApiVersion(ref.apiVersion());
        r.setKind(ref.kind());
        r.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(ref.name()).withNamespace(ref.namespace()).build());
        return r;
    }

    private GenericKubernetesResource toResource(Map<String, Object> object) {
        return serialization.convertValue(IntegralNumbers.of(object), GenericKubernetesResource.class);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> toMap(GenericKubernetesResource resource) {
        return serialization.convertValue(resource, Map.class);
    }
}
