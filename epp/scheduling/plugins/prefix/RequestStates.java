package epp.scheduling.plugins.prefix;

import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a plugin computed while scheduling a request and needs again in PreRequest, keyed by request
 * id. Entries are taken (removed) by PreRequest; those never taken (the request failed before it)
 * are purged once idle for a while.
 */
final class RequestStates<T> {
    private record Entry<T>(T value, long storedAtMillis) {}

    private final ConcurrentHashMap<String, Entry<T>> entries = new ConcurrentHashMap<>();
    private final InstantSource clock;

    RequestStates(InstantSource clock) {
        this.clock = clock;
    }

    void put(String requestId, T value) {
        entries.put(requestId, new Entry<>(value, clock.millis()));
    }

    /** @return the state, removed, or null when there is none */
    T take(String requestId) {
        Entry<T> entry = entries.remove(requestId);
        return entry == null ? null : entry.value();
    }

    void purgeIdle(Duration maxIdle) {
        long oldest = clock.millis() - maxIdle.toMillis();
        entries.values().removeIf(entry -> entry.storedAtMillis() < oldest);
    }

    int size() {
        return entries.size();
    }
}
