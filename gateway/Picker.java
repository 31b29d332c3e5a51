package gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-process router: orders the ready endpoints for one request; the gateway tries them in
 * that order (the first that accepts a connection serves). Thread-safe: every event loop uses it.
 */
interface Picker {
    List<Endpoint> order(List<Endpoint> ready);

    static Picker of(RouterKind kind, long seed) {
        return switch (kind) {
            case ROUND_ROBIN -> new RoundRobin();
            case RANDOM -> new Uniform(seed);
            case EPP -> throw new IllegalArgumentException("the epp router asks the EPP, it has no in-process picker");
        };
    }

    /** Each endpoint in turn, as a Kubernetes Service (kube-proxy) spreads requests; the rest follow as fallbacks. */
    final class RoundRobin implements Picker {
        private final AtomicLong next = new AtomicLong();

        @Override
        public List<Endpoint> order(List<Endpoint> ready) {
            if (ready.isEmpty()) {
                return List.of();
            }
            int first = (int) Math.floorMod(next.getAndIncrement(), (long) ready.size());
            List<Endpoint> order = new ArrayList<>(ready.size());
            for (int i = 0; i < ready.size(); i++) {
                order.add(ready.get((first + i) % ready.size()));
            }
            return order;
        }
    }

    /** A uniformly random endpoint from a seeded source (repeatable runs); the rest follow in their order as fallbacks. */
    final class Uniform implements Picker {
        private final Random random;

        Uniform(long seed) {
            this.random = new Random(seed);
        }

        @Override
        public List<Endpoint> order(List<Endpoint> ready) {
            if (ready.isEmpty()) {
                return List.of();
            }
            int first = random.nextInt(ready.size());
            List<Endpoint> order = new ArrayList<>(ready.size());
            order.add(ready.get(first));
            for (int i = 0; i < ready.size(); i++) {
                if (i != first) {
                    order.add(ready.get(i));
                }
            }
            return order;
        }
    }
}
