package kube;

import java.util.Map;
import java.util.Optional;

/**
 * Everything the release actions do with the cluster: read, list, server-side apply as field
 * manager `helm` (the way Helm 4 writes chart objects), dry-run apply, delete, and the namespace
 * and CRD look-ups of the preflight.
 */
public interface Cluster {
    String FIELD_MANAGER = "helm";

    /** The live object, or empty when absent. */
    Optional<Map<String, Object>> get(ObjectRef ref);

    /** Server-side apply; throws {@link ApplyConflictException} when another manager owns a field. */
    Map<String, Object> apply(Map<String, Object> object, boolean forceConflicts);

    /**
     * Sends the apply as a server-side dry run (`dryRun=All`): the API server validates, defaults
     * and runs admission, and stores nothing; the answer is the object as an apply would leave it
     * (merged with the live one, defaulted). Throws what {@link #apply} would throw.
     */
    Map<String, Object> dryRunApply(Map<String, Object> object, boolean forceConflicts);

    /**
     * Converts the object's `helm`/`Update` managed fields into a `helm`/`Apply` entry before the
     * first server-side apply of a release Helm 3 or client-side apply made. False when nothing changed.
     */
    boolean upgradeManagedFields(ObjectRef ref);

    /** Deletes with the given propagation (background, foreground, orphan); false when it was already gone. */
    boolean delete(ObjectRef ref, String cascade);

    /** Whether a CustomResourceDefinition of that name is installed. */
    boolean crdInstalled(String crdName);

    /** Creates the namespace when missing (labels `name: <ns>`, as Helm's --create-namespace). */
    void ensureNamespace(String namespace);

    /** Objects of a kind in a namespace whose labels include all of matchLabels (empty: all). */
    java.util.List<Map<String, Object>> list(String apiVersion, String kind, String namespace, Map<String, String> matchLabels);

    /** Whether the namespace exists. */
    boolean namespaceExists(String namespace);
}
