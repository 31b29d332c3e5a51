package release;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import kube.OwnershipMarkers;

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
    /** Objects already reported (bad name or size, foreign owner) or that cannot be sent yet (missing CRD or namespace). */
    private final java.util.Set<String> notForServer = new java.util.HashSet<>();
    private boolean namespaceReady = true;
    private boolean nameReported;

    Preflight(ReleaseContext ctx) {
        this.ctx = ctx;
    }

    void problem(String problem) {
        if (problem != null) {
            problems.add(problem);
        }
    }

    /** The release name is invalid: said once, in the action's words (the chart's own word on it is then left out). */
    void nameProblem(String problem) {
        nameReported = true;
        problem(problem);
    }

    List<String> warnings() {
        return warnings;
    }

    /** Identities of the objects that exist before the first write (found by the ownership check, or previously released). */
    java.util.Set<String> existing() {
        return existing;
    }

    /**
     * Renders, collecting value problems, then checks every object against the API server's fixed
     * rules (names, labels, sizes); null when rendering was impossible.
     */
    ReleaseChart.Rendered render(String name, int revision, boolean isInstall, Map<String, Object> values) {
        try {
            var rendered = ctx.chart().render(name, ctx.namespace(), revision, isInstall, values, warnings);
            checkLimits(name, rendered.objects());
            return rendered;
        } catch (ChartProblemsException e) {
            e.problems().stream().filter(p -> !(nameReported && e.nameProblems().contains(p))).forEach(this::problem);
            return null;
        }
    }

    /** Names, labels and sizes the API server would refuse whatever the cluster (kube.ApiServerLimits). */
    void checkLimits(String release, List<Map<String, Object>> objects) {
        for (var object : objects) {
            var found = kube.ApiServerLimits.problems(OwnershipMarkers.inject(object, release, ctx.namespace()));
            if (!found.isEmpty()) {
                notForServer.add(kube.ObjectRef.of(object).identity());
            }
            String name = kube.ObjectRef.of(object).name();
            boolean derived = name != null && name.startsWith(release);
            found.forEach(p -> problem(derived && p.contains(" name must ") ? p + "; the chart derives it from the release name \""
                    + release + "\", so choose a release name of lower-case letters, digits and '-' that starts with a letter" : p));
        }
    }

    /**
     * Sends every object not already reported as a server-side dry-run apply (`dryRun=All`), so
     * whatever else the API server would refuse (schema, admission, quotas, conflicts) is found
     * with nothing written. Skipped for objects whose namespace or CRD is missing (reported by
     * {@link #checkCluster}). With `report` (`--dry-run=server`), says how many the server accepted.
     */
    void serverDryRun(String release, List<Map<String, Object>> objects, boolean forceConflicts, boolean report) {
        if (!namespaceReady) {
            if (report) {
                ctx.progress().accept(Warning.line("server-side dry run skipped: namespace \"" + ctx.namespace()
                        + "\" does not exist yet; the objects passed the local checks only."));
            }
            return;
        }
        int accepted = 0;
        for (var object : objects) {
            var ref = kube.ObjectRef.of(object);
            if (notForServer.contains(ref.identity())) {
                continue;
            }
            try {
                ctx.cluster().dryRunApply(OwnershipMarkers.inject(object, release, ctx.namespace()), forceConflicts);
                accepted++;
            } catch (kube.ClusterException e) {
                problem("server-side dry run: " + e.getMessage());
            }
        }
        if (report) {
            ctx.progress().accept("Server-side dry run: the API server accepted " + accepted + " of " + objects.size()
                    + " objects; nothing was written.");
        }
    }

    /** The namespace exists (or will be created) and the CRDs of the render's custom objects are installed. */
    void checkCluster(ReleaseChart.Rendered rendered, boolean createNamespace) {
        String ns = ctx.namespace();
        if (ns.length() > 63 || !ns.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
            problem("namespace \"" + ns + "\" is not a valid namespace name: at most 63 lower-case letters, digits and '-', "
                    + "starting and ending with a letter or digit. Fix: -n my-namespace");
            namespaceReady = false;
            return;
        }
        if (!ctx.cluster().namespaceExists(ctx.namespace())) {
            // a namespace to be created cannot take dry runs yet: the local checks cover its objects
            namespaceReady = false;
            if (!createNamespace) {
                problem("namespace \"" + ctx.namespace() + "\" does not exist; create it (kubectl create namespace " + ctx.namespace()
                        + ") or pass --create-namespace");
            }
        }
        CrdRequirements.of(rendered.objects()).forEach((crd, fix) -> {
            if (!ctx.cluster().crdInstalled(crd)) {
                problem("the cluster has no CustomResourceDefinition " + crd + ", which the release's objects need; install it first: " + fix);
                rendered.objects().stream().filter(o -> CrdRequirements.of(List.of(o)).containsKey(crd))
                        .forEach(o -> notForServer.add(kube.ObjectRef.of(o).identity()));
            }
        });
    }

    /** Existing objects new to the release must carry this release's markers (unless taking ownership). */
    void checkOwnership(String name, ReleaseChart.Rendered rendered, List<Map<String, Object>> previous, boolean takeOwnership) {
        new ObjectSync(ctx, name).ownershipProblems(rendered.objects(), previous, takeOwnership, existing, notForServer)
                .forEach(this::problem);
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
