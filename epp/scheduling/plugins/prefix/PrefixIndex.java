package epp.scheduling.plugins.prefix;

import epp.datastore.EndpointId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Which servers probably hold which prompt-prefix blocks in their KV cache: per server an LRU of block
 * hashes (capacity {@code capacityPerServer}), plus the reverse map hash → servers used for matching.
 * Evicting a hash from a server's LRU removes that server from the hash's entry, so both stay
 * consistent. One read-write lock: matching (every request) reads, adding (every request, after the
 * pick) and clean-up write.
 */
final class PrefixIndex {
    private final int capacityPerServer;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<EndpointId, ServerLru> lruByServer = new HashMap<>();
    private final Map<Long, ServerSet> serversByHash = new HashMap<>();

    PrefixIndex(int capacityPerServer) {
        this.capacityPerServer = capacityPerServer;
    }

    /** Records that {@code server} now holds these blocks (most recently used last). */
    void add(long[] hashes, EndpointId server) {
        lock.writeLock().lock();
        try {
            ServerLru lru = lruByServer.computeIfAbsent(server, ServerLru::new);
            for (long hash : hashes) {
                Long key = hash;
                if (lru.put(key, Boolean.TRUE) == null) {
                    serversByHash.computeIfAbsent(key, k -> new ServerSet()).add(server);
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Walks the hashes in order until one is held by no server; every server holding a walked hash
     * gets +1 (epp.md §5.4 "match").
     */
    Map<EndpointId, Integer> match(long[] hashes) {
        Map<EndpointId, Integer> matches = new HashMap<>();
        lock.readLock().lock();
        try {
            for (long hash : hashes) {
                ServerSet servers = serversByHash.get(hash);
                if (servers == null) {
                    break;
                }
                servers.forEach(server -> matches.merge(server, 1, Integer::sum));
            }
        } finally {
            lock.readLock().unlock();
        }
        return matches;
    }

    /** Forgets every server not in {@code live} (pods that left the pool). */
    void retainServers(Set<EndpointId> live) {
        lock.writeLock().lock();
        try {
            for (Iterator<Map.Entry<EndpointId, ServerLru>> it = lruByServer.entrySet().iterator(); it.hasNext(); ) {
                var entry = it.next();
                if (!live.contains(entry.getKey())) {
                    for (Long hash : entry.getValue().keySet()) {
                        removeFromReverse(hash, entry.getKey());
                    }
                    it.remove();
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Total entries over all servers' LRUs. */
    long size() {
        lock.readLock().lock();
        try {
            long total = 0;
            for (ServerLru lru : lruByServer.values()) {
                total += lru.size();
            }
            return total;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Servers holding {@code hash} (a copy; for tests and diagnostics). */
    Set<EndpointId> serversHolding(long hash) {
        lock.readLock().lock();
        try {
            ServerSet servers = serversByHash.get(hash);
            return servers == null ? Set.of() : servers.toSet();
        } finally {
            lock.readLock().unlock();
        }
    }

    private void removeFromReverse(Long hash, EndpointId server) {
        ServerSet servers = serversByHash.get(hash);
        if (servers != null && servers.remove(server) && servers.isEmpty()) {
            serversByHash.remove(hash);
        }
    }

    /** Access-ordered: re-adding a hash makes it most recent; the eldest is evicted past capacity. */
    private final class ServerLru extends LinkedHashMap<Long, Boolean> {
        private final EndpointId server;

        ServerLru(EndpointId server) {
            super(16, 0.75f, true);
            this.server = server;
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
            if (size() <= capacityPerServer) {
                return false;
            }
            removeFromReverse(eldest.getKey(), server);
            return true;
        }
    }

    /** The few servers holding one hash; an array is smaller and faster than a HashSet at this size. */
    private static final class ServerSet {
        private EndpointId[] servers = new EndpointId[2];
        private int size;

        void add(EndpointId server) {
            for (int i = 0; i < size; i++) {
                if (servers[i].equals(server)) {
                    return;
                }
            }
            if (size == servers.length) {
                servers = Arrays.copyOf(servers, size * 2);
            }
            servers[size++] = server;
        }

        boolean remove(EndpointId server) {
            for (int i = 0; i < size; i++) {
                if (servers[i].equals(server)) {
                    servers[i] = servers[--size];
                    servers[size] = null;
                    return true;
                }
            }
            return false;
        }

        boolean isEmpty() {
            return size == 0;
        }

        void forEach(java.util.function.Consumer<EndpointId> action) {
            for (int i = 0; i < size; i++) {
                action.accept(servers[i]);
            }
        }

        Set<EndpointId> toSet() {
            return Set.of(Arrays.copyOf(servers, size));
        }
    }
}
