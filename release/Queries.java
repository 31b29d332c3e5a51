package release;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import values.Coalesce;

/** The read-only verbs: status, history, list, get values, get manifest (release.md §3.6–3.8, §1.12). */
public final class Queries {
    private final ReleaseStore store;

    public Queries(ReleaseStore store) {
        this.store = store;
    }

    /** A revision (0: the newest, of any status). */
    public Release revision(String name, int revision) {
        if (ReleaseNames.problem(name) != null) {
            throw new ReleaseException("releaseContent: Release name is invalid: " + name);
        }
        var history = store.history(name);
        if (history.isEmpty()) {
            throw new NotFoundException("release: not found (no release \"" + name + "\" in namespace " + store.namespace() + ")");
        }
        if (revision <= 0) {
            return history.get(history.size() - 1).release();
        }
        return history.stream().filter(r -> r.version() == revision).findFirst().map(StoredRelease::release)
                .orElseThrow(() -> new NotFoundException("release: not found (\"" + name + "\" has no revision " + revision + ")"));
    }

    /** The newest `max` revisions, oldest first. */
    public List<Release> history(String name, int max) {
        if (ReleaseNames.problem(name) != null) {
            throw new ReleaseException("release name is invalid: " + name);
        }
        var all = store.history(name).stream().map(StoredRelease::release).toList();
        if (all.isEmpty()) {
            throw new NotFoundException("release: not found (no release \"" + name + "\" in namespace " + store.namespace() + ")");
        }
        return max > 0 && all.size() > max ? all.subList(all.size() - max, all.size()) : all;
    }

    /** `list` options; an empty `states` means every state (Helm 4's default). */
    public record ListOptions(boolean allNamespaces, String filter, Set<ReleaseStatus> states, String selector,
            boolean byDate, boolean reverse, int max, int offset) {
        public static ListOptions defaults() {
            return new ListOptions(false, null, Set.of(), null, false, false, 256, 0);
        }
    }

    public List<Release> list(ListOptions o) {
        Pattern filter = null;
        if (o.filter() != null && !o.filter().isEmpty()) {
            try {
                filter = Pattern.compile(o.filter());
            } catch (PatternSyntaxException e) {
                throw new ReleaseException("invalid --filter regular expression \"" + o.filter() + "\": " + e.getDescription());
            }
        }
        boolean onlySuperseded = o.states().equals(Set.of(ReleaseStatus.SUPERSEDED));
        var newest = new LinkedHashMap<String, Release>();
        var all = new ArrayList<Release>();
        for (var stored : store.list(o.selector(), o.allNamespaces())) {
            Release r = stored.release();
            if (filter != null && !filter.matcher(r.name()).find()) {
                continue;
            }
            all.add(r);
            newest.merge(r.namespace() + "/" + r.name(), r, (a, b) -> a.version() >= b.version() ? a : b);
        }
        var shown = new ArrayList<>(onlySuperseded ? all : newest.values());
        shown.removeIf(r -> !o.states().isEmpty() && !o.states().contains(r.status()));
        Comparator<Release> order = o.byDate()
                ? Comparator.comparing((Release r) -> r.info().lastDeployed(), Comparator.nullsFirst(Comparator.naturalOrder()))
                : Comparator.comparing(Release::name).thenComparing(Release::namespace);
        shown.sort(o.reverse() ? order.reversed() : order);
        int from = Math.min(Math.max(0, o.offset()), shown.size());
        int to = o.max() > 0 ? Math.min(shown.size(), from + o.max()) : shown.size();
        return shown.subList(from, to);
    }

    /** `get values`: the user values, or with `all` coalesced over the chart's stored defaults. */
    public Map<String, Object> values(String name, int revision, boolean all) {
        Release r = revision(name, revision);
        return all ? Coalesce.coalesce(r.chartValues(), r.config(), new ArrayList<>()) : r.config();
    }
}
