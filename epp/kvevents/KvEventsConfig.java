package epp.kvevents;

import java.time.Duration;

/**
 * Where and how the EPP subscribes to each model server's KV events.
 *
 * @param socketPort        the port of the server's PUB socket (vLLM: {@code --kv-events-config}
 *                          {@code "endpoint": "tcp://*:5557"}); data-parallel rank N publishes on port + N
 * @param replayPort        the port of its replay ROUTER socket ({@code "replay_endpoint"}), offset
 *                          per rank likewise; 0 = none: a gap drops that endpoint's blocks instead
 * @param topicFilter       ZMQ subscription prefix ("" = every topic; vLLM's default topic is "")
 * @param replayTimeout     how long to wait for a replay to end before dropping the endpoint's blocks
 * @param maxPendingBatches live batches kept while a replay runs; beyond it the replay is given up
 * @param discoverPods      whether to connect to every ready endpoint's PUB socket
 * @param zmqEndpoint       llm-d's central mode: a SUB socket the EPP binds (e.g. {@code tcp://*:5557})
 *                          for model servers that connect to it, each with a topic
 *                          {@code kv@<pod IP[:port] or name>@<model>}; null = none
 */
public record KvEventsConfig(int socketPort, int replayPort, String topicFilter, Duration replayTimeout,
                             int maxPendingBatches, boolean discoverPods, String zmqEndpoint) {
    public static final int DEFAULT_SOCKET_PORT = 5557;
    public static final Duration DEFAULT_REPLAY_TIMEOUT = Duration.ofSeconds(2);
    public static final int DEFAULT_MAX_PENDING_BATCHES = 10_000;

    public KvEventsConfig {
        if (socketPort < 1 || socketPort > 65535) {
            throw new IllegalArgumentException("socketPort must be a port (1-65535), got " + socketPort);
        }
        if (replayPort < 0 || replayPort > 65535) {
            throw new IllegalArgumentException("replayPort must be a port (1-65535) or 0 for none, got " + replayPort);
        }
    }

    /** Per-endpoint subscriptions only. */
    public KvEventsConfig(int socketPort, int replayPort, String topicFilter, Duration replayTimeout, int maxPendingBatches) {
        this(socketPort, replayPort, topicFilter, replayTimeout, maxPendingBatches, true, null);
    }

    public static KvEventsConfig defaults() {
        return new KvEventsConfig(DEFAULT_SOCKET_PORT, 0, "", DEFAULT_REPLAY_TIMEOUT, DEFAULT_MAX_PENDING_BATCHES);
    }
}
