package epp.scheduling.plugins.prefix;

import epp.datastore.EndpointId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongConsumer;

/**
 * Which servers probably hold which prompt-prefix blocks in their KV cache: per server an LRU of block
 * hashes (capacity {@code capacityPerServer}), plus the reverse map hash → servers used for matching.
 * Evicting a hash from a server's LRU removes that server from the hash's entry, so both stay
 * consistent. One read-write lock: matching (every request) reads, adding (every request, after the
 * pick) and clean-up write.
 *
 * <p>Every request walks up to {@code maxPrefixBlocksToMatch} (256) hashes twice, so hashes stay
 * primitive: servers get a small slot number, the LRUs and the reverse map are {@code long}-keyed
 * tables ({@link LongLru}, {@link BlockHolders}) and a match counts into an {@code int[]} by slot.
 */
final class PrefixIndex {
    private final int capacityPerServer;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<EndpointId, Server> servers = new HashMap<>();
    private Server[] bySlot = new Server[16];
    private final BlockHolders holders = new BlockHolders();

    /** One server's LRU of the hashes it holds; {@code slot} numbers it in {@link #holders}. */
    private record Server(EndpointId id, int slot, LongLru lru) {}

    PrefixIndex(int capacityPerServer) {
        this.capacityPerServer = capacityPerServer;
    }

    /** Records that {@code server} now holds these blocks (most recently used last). */
    void add(long[] hashes, EndpointId server) {
        lock.writeLock().lock();
        try {
            Server s = servers.computeIfAbsent(server, this::newServer);
            int slot = s.slot();
            LongConsumer forgetHolder = evicted -> holders.remove(evicted, slot);
            for (long hash : hashes) {
                if (s.lru().add(hash, forgetHolder)) {
                    holders.add(hash, slot);
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
        lock.readLock().lock();
        try {
            int[] counts = new int[bySlot.length];
            for (long hash : hashes) {
                if (!holders.countHolders(hash, counts)) {
                    break;
                }
            }
            Map<EndpointId, Integer> matches = new HashMap<>();
            for (int slot = 0; slot < counts.length; slot++) {
                if (counts[slot] > 0) {
                    matches.put(bySlot[slot].id(), counts[slot]);
                }
            }
            return matches;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Forgets every server not in {@code live} (pods that left the pool). */
    void retainServers(Set<EndpointId> live) {
        lock.writeLock().lock();
        try {
            for (Iterator<Server> it = servers.values().iterator(); it.hasNext(); ) {
                Server server = it.next();
                if (!live.contains(server.id())) {
                    server.lru().forEach(hash -> holders.remove(hash, server.slot()));
                    bySlot[server.slot()] = null;
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
            for (Server server : servers.values()) {
                total += server.lru().size();
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
            Set<EndpointId> ids = new HashSet<>();
            for (int slot : holders.holders(hash)) {
                ids.add(bySlot[slot].id());
            }
            return Set.copyOf(ids);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Distinct hashes held by any server (for tests). */
    int distinctHashes() {
        lock.readLock().lock();
        try {
            return holders.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** A new server in the lowest free slot (slots of forgotten servers are reused). */
    private Server newServer(EndpointId id) {
        int slot = 0;
        while (slot < bySlot.length && bySlot[slot] != null) {
            slot++;
        }
        if (slot == bySlot.length) {
            bySlot = Arrays.copyOf(bySlot, bySlot.length * 2);
        }
        Server server = new Server(id, slot, new LongLru(capacityPerServer));
        bySlot[slot] = server;
        return server;
    }
}
