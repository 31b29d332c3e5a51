package release;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Every check that must pass before the first write (better-than-Helm point 3): values, name,
 * namespace, InferencePool (and other) CRDs, ownership of existing objects, record size. All
 * problems are collected and reported at once.
 */
final class Preflight {
    static final int MAX_RECORD_BYTES = 1_048_576;

    private final ReleaseContext ctx;
    private final LinkedHashSet<String> problems = new LinkedHashSet<>();
    private final List<String> warnings = new ArrayList<>();
    private final java.util.Set<String> existing = new java.util.HashSet<>();

    Preflight(ReleaseContext ctx) {
        this.ctx = ctx;
    }

    void problem(String problem) {
        if (problem != null) {
            problems.add(problem);
        }
    }

    List<String> warnings() {
        return warnings;
    }

    /** Identities of the objects that exist before the first write (found by the ownership check, or previously released). */
    java.util.Set<String> existing() {
        return existing;
    }

    /** Renders, collecting value problems; null when rendering was impossible. */
    ReleaseChart.Rendered render(String name, int revision, boolean isInstall, Map<String, Object> values) {
        try {
            return ctx.chart().render(name, ctx.namespace(), revision, isInstall, values, warnings);
        } catch (ChartProblemsException e) {
            boolean nameReported = problems.stream().anyMatch(p -> p.startsWith("release name check failed"));
            e.problems().stream().filter(p -> !(nameReported && p.startsWith("release name"))).forEach(this::problem);
            return null;
        }
    }

    /** The namespace exists (or will be created) and the CRDs of the render's custom objects are installed. */
    void checkCluster(ReleaseChart.Rendered rendered, boolean createNamespace) {
        String ns = ctx.namespace();
        if (ns.length() > 63 || !ns.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
            problem("namespace \"" + ns + "\" is not a valid namespace name: at most 63 lower-case letters, digits and '-', "
                    + "starting and ending with a letter or digit. Fix: -n my-namespace");
            return;
        }
        if (!createNamespace && !ctx.applier().namespaceExists(ctx.namespace())) {
            problem("namespace \"" + ctx.namespace() + "\" does not exist; create it (kubectl create namespace " + ctx.namespace()
                    + ") or pass --create-namespace");
        }
        CrdRequirements.of(rendered.objects()).forEach((crd, fix) -> {
            if (!ctx.applier().crdInstalled(crd)) {
                problem("the cluster has no CustomResourceDefinition " + crd + ", which the release's objects need; install it first: " + fix);
            }
        });
    }

    /** Existing objects new to the release must carry this release's markers (unless taking ownership). */
    void checkOwnership(String name, ReleaseChart.Rendered rendered, List<Map<String, Object>> previous, boolean takeOwnership) {
        new ObjectSync(ctx, name).ownershipProblems(rendered.objects(), previous, takeOwnership, existing).forEach(this::problem);
    }

    void checkSize(Release release) {
        int size = ReleaseCodec.encode(release).length();
        if (size > MAX_RECORD_BYTES) {
            problem("the release record would be " + size + " bytes, over the " + MAX_RECORD_BYTES + "-byte limit of a Secret's data; "
                    + "shrink the values (large --set-file or plugin configs)");
        }
    }

    /** Throws when anything failed: one line per problem, nothing written. */
    void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new ChartProblemsException(new ArrayList<>(problems));
        }
    }
}
