package sandbox.controllers;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Pod IPs: each pod gets its own loopback address, 127.B.C.n, with B.C picked at random per
 * sandbox so that two sandboxes (or tests) on one machine rarely share addresses; n counts up.
 */
public final class LoopbackAddresses {
    private final String prefix;
    private final AtomicInteger next = new AtomicInteger(0);

    public LoopbackAddresses() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        this.prefix = "127." + random.nextInt(16, 255) + "." + random.nextInt(0, 256) + ".";
    }

    /** The next unused address (about 65,000 per sandbox; beyond that they wrap into the next block). */
    public String next() {
        int n = next.getAndIncrement();
        int third = n / 254;
        int fourth = n % 254 + 1;
        if (third == 0) {
            return prefix + fourth;
        }
        String[] parts = prefix.split("\\.");
        int c = (Integer.parseInt(parts[2]) + third) % 256;
        return parts[0] + "." + parts[1] + "." + c + "." + fourth;
    }
}
