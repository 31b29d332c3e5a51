package release;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Release records in memory, with the same conflict rules as the Secret store (HELM_DRIVER=memory;
 * unit tests). Records are kept encoded so a test exercises the codec as storage does.
 */
public final class MemoryReleaseStore implements ReleaseStore {
    private record Entry(String namespace, String payload, Map<String, String> labels, Map<String, String> annotations, long resourceVersion) {}

    private final String namespace;
    private final Clock clock;
    private final Map<String, Entry> records; // shared between stores of different namespaces
    private static long counter;

    public MemoryReleaseStore(String namespace, Clock clock) {
        this(namespace, clock, new TreeMap<>());
    }

    private MemoryReleaseStore(String namespace, Clock clock, Map<String, Entry> records) {
        this.namespace = namespace;
        this.clock = clock;
        this.records = records;
    }

    /** A view of the same records in another namespace. */
    public MemoryReleaseStore inNamespace(String otherNamespace) {
        return new MemoryReleaseStore(otherNamespace, clock, records);
    }

    @Override
    public String namespace() {
        return namespace;
    }

    @Override
    public synchronized List<StoredRelease> history(String name) {
        var out = new ArrayList<StoredRelease>();
        records.forEach((key, e) -> {
            if (e.namespace.equals(namespace) && name.equals(e.labels.get("name"))) {
                out.add(read(e));
            }
        });
        out.sort(Comparator.comparingInt(StoredRelease::version));
        return out;
    }

    @Override
    public synchronized List<StoredRelease> list(String labelSelector, boolean allNamespaces) {
        var out = new ArrayList<StoredRelease>();
        records.forEach((key, e) -> {
            if ((allNamespaces || e.namespace.equals(namespace)) && matches(e.labels, labelSelector)) {
                try {
                    out.add(read(e));
                } catch (ReleaseException undecodable) {
                    // skipped, as Helm's list does
                }
            }
        });
        return out;
    }

    @Override
    public synchronized StoredRelease create(Release release, PendingLock lock) {
        String key = key(release);
        if (records.containsKey(key)) {
            throw new RecordConflictException("release: already exists (" + ReleaseNames.secretName(release.name(), release.version()) + ")");
        }
        var labels = ReleaseLabels.forWrite(release, clock.instant(), true, Map.of());
        var e = new Entry(namespace, ReleaseCodec.encode(release), labels, lock == null ? Map.of() : lock.annotations(), nextVersion());
        records.put(key, e);
        return read(e);
    }

    @Override
    public synchronized StoredRelease update(StoredRelease current, Release next, PendingLock lock) {
        String key = key(next);
        Entry existing = records.get(key);
        if (existing == null) {
            throw new RecordConflictException("release record " + ReleaseNames.secretName(next.name(), next.version()) + " was deleted by someone else");
        }
        if (current.resourceVersion() != null && !current.resourceVersion().equals(Long.toString(existing.resourceVersion))) {
            throw new RecordConflictException("release record " + ReleaseNames.secretName(next.name(), next.version())
                    + " was changed by someone else since it was read");
        }
        var labels = ReleaseLabels.forWrite(next, clock.instant(), false, existing.labels);
        var e = new Entry(namespace, ReleaseCodec.encode(next), labels, lock == null ? Map.of() : lock.annotations(), nextVersion());
        records.put(key, e);
        return read(e);
    }

    @Override
    public synchronized void delete(StoredRelease revision) {
        records.remove(key(revision.release()));
    }

    private String key(Release r) {
        return namespace + "/" + ReleaseNames.secretName(r.name(), r.version());
    }

    private static synchronized long nextVersion() {
        return ++counter;
    }

    private static StoredRelease read(Entry e) {
        var release = ReleaseCodec.decode(e.payload, ReleaseLabels.userLabels(e.labels));
        return new StoredRelease(release, e.labels, Long.toString(e.resourceVersion), PendingLock.fromAnnotations(e.annotations));
    }

    /** Equality-based selectors only (`k=v,k2=v2`), which is all pool sends. */
    static boolean matches(Map<String, String> labels, String selector) {
        if (selector == null || selector.isBlank()) {
            return true;
        }
        var wanted = new HashMap<String, String>();
        for (String term : selector.split(",")) {
            String[] kv = term.split("==?", 2);
            if (kv.length == 2) {
                wanted.put(kv[0].trim(), kv[1].trim());
            } else if (!labels.containsKey(term.trim())) {
                return false;
            }
        }
        return wanted.entrySet().stream().allMatch(w -> w.getValue().equals(labels.get(w.getKey())));
    }
}
