package epp.kvevents;

import epp.datastore.Datastore;
import epp.datastore.Endpoint;
import epp.datastore.EndpointId;
import epp.logging.Log;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Subscribes to the KV events of every ready endpoint of the pool and keeps the {@link BlockIndex}
 * up to date. Follows the datastore: a stream opens when an endpoint becomes ready and closes (its
 * blocks dropped from the index) when it goes away.
 *
 * <p>One thread polls every socket (JeroMQ sockets belong to one thread); datastore callbacks only
 * queue commands for it, picked up within {@link #POLL_MILLIS}, and at once when a message on the
 * central socket names no endpoint it knows yet (the command telling of that endpoint may be waiting).
 */
public final class KvEventSubscriber implements Datastore.EndpointListener, AutoCloseable {
    static final long POLL_MILLIS = 50;

    private final KvEventsConfig config;
    private final BlockIndex index;
    private final KvEventCounters counters = new KvEventCounters();
    private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
    private final Map<EndpointId, EndpointStream> streams = new LinkedHashMap<>();
    /** Every ready endpoint the datastore told about (the bound socket's topics name them). */
    private final Map<EndpointId, Endpoint> known = new LinkedHashMap<>();
    private final ZContext context = new ZContext(1);
    private final CentralSocket central;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile int openStreams;
    /** Commands ran since the poller was built: they may have opened or closed streams (subscriber thread only). */
    private boolean streamsChanged = true;

    public KvEventSubscriber(KvEventsConfig config, BlockIndex index) {
        this.config = config;
        this.index = index;
        this.central = config.zmqEndpoint() == null ? null : bindCentral();
        this.thread = new Thread(this::run, "kv-event-subscriber");
        thread.setDaemon(true);
        thread.start();
    }

    private CentralSocket bindCentral() {
        try {
            CentralSocket socket = new CentralSocket(context, config, index, counters);
            Log.info("Bound the KV event socket model servers connect to", "endpoint", socket.boundEndpoint());
            return socket;
        } catch (RuntimeException e) {
            Log.error("Cannot bind the KV event socket " + config.zmqEndpoint() + "; only per-pod subscriptions run", e);
            return null;
        }
    }

    /** The address the central socket is bound to (e.g. {@code tcp://0.0.0.0:5557}), or null. */
    public String boundEndpoint() {
        return central == null ? null : central.boundEndpoint();
    }

    /** Starts following the datastore's endpoints (it tells about the current ones at once). */
    public KvEventSubscriber follow(Datastore datastore) {
        datastore.addListener(this);
        return this;
    }

    // The datastore cannot unregister a listener: once closed, callbacks are ignored (nothing would run them).
    @Override
    public void endpointAdded(Endpoint endpoint) {
        if (running) {
            commands.add(() -> open(endpoint));
        }
    }

    @Override
    public void endpointRemoved(Endpoint endpoint) {
        if (running) {
            commands.add(() -> closeStream(endpoint.id()));
        }
    }

    public KvEventCounters counters() {
        return counters;
    }

    /** Streams open now (set by the polling thread). */
    public int openStreams() {
        return openStreams;
    }

    private void run() {
        ZMQ.Poller poller = null;
        // Poll item i: the SUB (live) or DEALER (replay) socket of polled.get(i).
        List<EndpointStream> polled = new ArrayList<>();
        List<Boolean> isReplay = new ArrayList<>();
        try {
            while (running) {
                runCommands();
                if (streamsChanged) {
                    if (poller != null) {
                        poller.close();
                    }
                    polled.clear();
                    isReplay.clear();
                    poller = context.createPoller(streams.size() * 2 + 1);
                    if (central != null) {
                        poller.register(central.socket(), ZMQ.Poller.POLLIN);
                        polled.add(null);
                        isReplay.add(false);
                    }
                    for (EndpointStream stream : streams.values()) {
                        poller.register(stream.sub(), ZMQ.Poller.POLLIN);
                        polled.add(stream);
                        isReplay.add(false);
                        if (stream.replay() != null) {
                            poller.register(stream.replay(), ZMQ.Poller.POLLIN);
                            polled.add(stream);
                            isReplay.add(true);
                        }
                    }
                    openStreams = streams.size();
                    streamsChanged = false;
                }
                if (polled.isEmpty()) {
                    Thread.sleep(POLL_MILLIS);
                    continue;
                }
                poller.poll(POLL_MILLIS);
                for (int i = 0; i < polled.size(); i++) {
                    EndpointStream stream = polled.get(i);
                    if (!poller.pollin(i)) {
                        continue;
                    }
                    if (stream == null) {
                        central.drain(known.values(), this::runCommands);
                    } else if (streams.get(stream.id()) != stream) {
                        continue; // closed by a command the central socket's drain ran
                    } else if (isReplay.get(i)) {
                        stream.drainReplay();
                    } else {
                        stream.drainLive();
                    }
                }
                long now = System.nanoTime();
                for (EndpointStream stream : streams.values()) {
                    stream.checkReplayDeadline(now);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (running) {
                Log.error("KV event subscriber stopped", e);
            }
        } finally {
            if (poller != null) {
                poller.close();
            }
            for (EndpointStream stream : streams.values()) {
                stream.close();
            }
            streams.clear();
            if (central != null) {
                central.close();
            }
            context.close();
        }
    }

    /** Runs the datastore's queued commands; returns whether there were any. */
    private boolean runCommands() {
        boolean ran = false;
        for (Runnable command; (command = commands.poll()) != null; ) {
            command.run();
            ran = true;
        }
        streamsChanged |= ran;
        return ran;
    }

    private void open(Endpoint endpoint) {
        known.put(endpoint.id(), endpoint);
        if (!running || !config.discoverPods() || streams.containsKey(endpoint.id())) {
            return;
        }
        EndpointStream stream = new EndpointStream(context, endpoint, config, index, counters);
        streams.put(endpoint.id(), stream);
        Log.v(Log.VERBOSE, "Subscribed to KV events", "endpoint", stream.toString());
    }

    private void closeStream(EndpointId id) {
        known.remove(id);
        if (central != null) {
            central.forget(id);
        }
        EndpointStream stream = streams.remove(id);
        if (stream != null) {
            stream.close();
            Log.v(Log.VERBOSE, "Unsubscribed from KV events", "endpoint", stream.toString());
        }
        index.removeEndpoint(id);
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
