package epp.kvevents;

import epp.datastore.Endpoint;
import epp.datastore.EndpointId;
import epp.logging.Log;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * llm-d's central mode: one SUB socket the EPP binds, which model servers connect to (vLLM
 * {@code "endpoint": "tcp://EPP:5557"}), each naming itself in its topic
 * {@code kv@<id>@<model>}, id = the pod's IP, {@code IP:port} (the endpoint's serving port: picks
 * the data-parallel rank) or pod name. Each endpoint's batches are sequenced on their own, without
 * replay (the topic does not say where the server's replay socket is). Subscriber thread only.
 */
final class CentralSocket {
    /** Batches queued for all servers together before ZMQ drops new ones (gaps, then handled per endpoint). */
    static final int RECEIVE_HIGH_WATER_MARK = 100_000;

    private final ZMQ.Socket sub;
    private final String boundEndpoint;
    private final KvEventsConfig config;
    private final BlockIndex index;
    private final KvEventCounters counters;
    private final Map<EndpointId, BatchSequencer> sequencers = new HashMap<>();

    CentralSocket(ZContext context, KvEventsConfig config, BlockIndex index, KvEventCounters counters) {
        this.config = config;
        this.index = index;
        this.counters = counters;
        this.sub = context.createSocket(SocketType.SUB);
        sub.setLinger(0);
        sub.setRcvHWM(RECEIVE_HIGH_WATER_MARK);
        sub.subscribe(config.topicFilter().getBytes(StandardCharsets.UTF_8));
        sub.bind(config.zmqEndpoint());
        this.boundEndpoint = sub.getLastEndpoint();
    }

    ZMQ.Socket socket() {
        return sub;
    }

    String boundEndpoint() {
        return boundEndpoint;
    }

    /**
     * Reads every waiting message and applies it to the endpoint its topic names.
     *
     * @param known      the endpoints the datastore told about (a live view)
     * @param catchUp    applies the datastore's changes not yet in {@code known}; returns whether
     *                   there were any. Run before a topic is called unknown: a server may publish
     *                   as soon as the datastore has its endpoint, before the subscriber took it in.
     */
    void drain(Collection<Endpoint> known, BooleanSupplier catchUp) {
        while (true) {
            byte[] topicFrame = sub.recv(ZMQ.DONTWAIT);
            if (topicFrame == null) {
                return;
            }
            byte[][] rest = EndpointStream.rest(sub);
            if (rest.length != 2 || rest[0].length != 8) {
                counters.malformed.increment();
                continue;
            }
            String topic = new String(topicFrame, StandardCharsets.UTF_8);
            String podId = podIdentifier(topic);
            Endpoint endpoint = resolve(podId, known);
            if (endpoint == null && catchUp.getAsBoolean()) {
                endpoint = resolve(podId, known);
            }
            if (endpoint == null) {
                counters.unknownTopics.increment();
                Log.v(Log.DEBUG, "KV event topic names no endpoint of the pool, dropped", "topic", topic);
                continue;
            }
            sequencers.computeIfAbsent(endpoint.id(), id -> new BatchSequencer(id, id + " via " + boundEndpoint,
                    config, index, counters, null)).onLive(ByteBuffer.wrap(rest[0]).getLong(), rest[1]);
        }
    }

    void forget(EndpointId id) {
        sequencers.remove(id);
    }

    /** {@code kv@<id>@<model>} → id; any other topic is taken whole as the id. */
    static String podIdentifier(String topic) {
        String[] parts = topic.split("@", -1);
        return parts.length == 3 ? parts[1] : topic;
    }

    /** The endpoint an id names: IP:port exactly, else IP, pod name or namespace/pod at rank 0 first. */
    static Endpoint resolve(String id, Collection<Endpoint> known) {
        Endpoint byHost = null;
        for (Endpoint endpoint : known) {
            if (id.equals(endpoint.hostPort()) || id.equals(endpoint.address() + ":" + endpoint.port())) {
                return endpoint;
            }
            boolean named = id.equals(endpoint.address()) || id.equals(endpoint.id().podName())
                    || id.equals(endpoint.id().namespace() + "/" + endpoint.id().podName());
            if (named && (byHost == null || endpoint.id().rank() < byHost.id().rank())) {
                byHost = endpoint;
            }
        }
        return byHost;
    }

    void close() {
        sub.close();
    }
}
