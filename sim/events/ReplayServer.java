package sim.events;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The replay ROUTER sockets of every publisher of a host (vLLM's {@code replay_endpoint}), served by
 * one thread: a request {@code [identity, empty, start seq (8-byte big-endian)]} is answered with
 * every kept batch from that sequence on, {@code [identity, empty, seq, payload]}, then the end
 * marker {@code [identity, empty, -1, empty]}, as vLLM's ZmqEventPublisher answers it. Each socket
 * keeps the last {@code capacity} batches (vLLM's {@code buffer_steps}).
 *
 * <p>JeroMQ sockets belong to one thread: sockets are bound, polled and closed on this server's
 * thread; other threads hand it commands and wake its poller through a pipe.
 */
public final class ReplayServer implements AutoCloseable {
    private static final byte[] END_OF_REPLAY = ByteBuffer.allocate(8).putLong(-1).array();
    private static final long COMMAND_TIMEOUT_SECONDS = 10;
    private static final long POLL_MILLIS = 100;

    private final ZContext context;
    private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
    private final List<Buffer> buffers = new ArrayList<>();
    private final Pipe wakeup;
    private final Thread thread;
    private volatile boolean running = true;

    public ReplayServer(ZContext context) {
        this.context = context;
        try {
            this.wakeup = Pipe.open();
            wakeup.source().configureBlocking(false);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the replay server's wake-up pipe: " + e.getMessage(), e);
        }
        this.thread = new Thread(this::run, "sim-kv-replay");
        thread.setDaemon(true);
        thread.start();
    }

    /** One ROUTER socket and the batches it can replay. {@link #add} from any thread. */
    public final class Buffer {
        private final int capacity;
        private final ArrayDeque<Kept> kept = new ArrayDeque<>();
        private ZMQ.Socket router;
        private int port;

        private Buffer(int capacity) {
            this.capacity = capacity;
        }

        /** Keeps a published batch; the oldest goes when full. */
        public void add(long seq, byte[] payload) {
            synchronized (kept) {
                if (kept.size() == capacity) {
                    kept.removeFirst();
                }
                kept.addLast(new Kept(seq, payload));
            }
        }

        /** The port the ROUTER socket is bound to. */
        public int port() {
            return port;
        }

        /** Closes the socket; returns once it is closed (its port is free again). */
        public void close() {
            call(() -> {
                buffers.remove(this);
                router.unbind(router.getLastEndpoint());
                router.close();
                return null;
            });
        }

        private List<Kept> from(long start) {
            synchronized (kept) {
                return kept.stream().filter(k -> Long.compareUnsigned(k.seq(), start) >= 0).toList();
            }
        }
    }

    private record Kept(long seq, byte[] payload) {}

    /**
     * Binds a ROUTER socket at {@code endpoint} ({@code tcp://HOST:PORT}, port 0 = any free one).
     *
     * @throws IllegalStateException naming the endpoint when it cannot be bound
     */
    public Buffer bind(String endpoint, int capacity) {
        Buffer buffer = new Buffer(capacity);
        return call(() -> {
            ZMQ.Socket router = context.createSocket(SocketType.ROUTER);
            router.setLinger(0);
            try {
                ZmqKvEventPublisher.bind(router, endpoint);
            } catch (RuntimeException e) {
                router.close();
                throw new IllegalStateException("cannot bind the KV event replay socket " + endpoint + ": "
                        + ZmqKvEventPublisher.reason(e), e);
            }
            buffer.router = router;
            buffer.port = ZmqKvEventPublisher.port(router.getLastEndpoint());
            buffers.add(buffer);
            return buffer;
        });
    }

    private interface Command<T> {
        T run();
    }

    /** Runs a command on the server's thread and waits for it. */
    private <T> T call(Command<T> command) {
        CompletableFuture<T> done = new CompletableFuture<>();
        commands.add(() -> {
            try {
                done.complete(command.run());
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        wake();
        try {
            return done.get(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the KV event replay thread did not answer in " + COMMAND_TIMEOUT_SECONDS + " s", e);
        }
    }

    private void wake() {
        try {
            wakeup.sink().write(ByteBuffer.wrap(new byte[] {1}));
        } catch (IOException e) {
            throw new IllegalStateException("cannot wake the KV event replay thread: " + e.getMessage(), e);
        }
    }

    private void run() {
        ByteBuffer drain = ByteBuffer.allocate(64);
        ZMQ.Poller poller = null;
        boolean changed = true;
        try {
            while (running) {
                if (changed) {
                    if (poller != null) {
                        poller.close();
                    }
                    poller = context.createPoller(buffers.size() + 1);
                    poller.register(wakeup.source(), ZMQ.Poller.POLLIN);
                    for (Buffer buffer : buffers) {
                        poller.register(buffer.router, ZMQ.Poller.POLLIN);
                    }
                    changed = false;
                }
                // ZMQ signals sockets edge-triggered: every socket is read after each wake-up, and at
                // least every POLL_MILLIS, so that no request waits for a signal already consumed.
                poller.poll(POLL_MILLIS);
                if (poller.pollin(0)) {
                    while (wakeup.source().read(drain.clear()) > 0) {
                        // emptied: the commands are in the queue
                    }
                }
                for (Buffer buffer : buffers) {
                    serve(buffer);
                }
                for (Runnable command; (command = commands.poll()) != null; ) {
                    command.run();
                    changed = true;
                }
            }
        } catch (IOException | RuntimeException e) {
            if (running) {
                throw new IllegalStateException("KV event replay thread failed", e);
            }
        } finally {
            if (poller != null) {
                poller.close();
            }
            for (Buffer buffer : buffers) {
                buffer.router.close();
            }
            buffers.clear();
        }
    }

    private static void serve(Buffer buffer) {
        ZMQ.Socket router = buffer.router;
        while (true) {
            byte[] identity = router.recv(ZMQ.DONTWAIT);
            if (identity == null) {
                return;
            }
            List<byte[]> frames = new ArrayList<>(2);
            while (router.hasReceiveMore()) {
                frames.add(router.recv(0));
            }
            if (frames.size() != 2 || frames.get(0).length != 0 || frames.get(1).length != 8) {
                continue; // not [empty, start seq]: vLLM logs and ignores it
            }
            long start = ByteBuffer.wrap(frames.get(1)).getLong();
            for (Kept kept : buffer.from(start)) {
                router.sendMore(identity);
                router.sendMore(new byte[0]);
                router.sendMore(ByteBuffer.allocate(8).putLong(kept.seq()).array());
                router.send(kept.payload(), 0);
            }
            router.sendMore(identity);
            router.sendMore(new byte[0]);
            router.sendMore(END_OF_REPLAY);
            router.send(new byte[0], 0);
        }
    }

    @Override
    public void close() {
        call(() -> {
            running = false;
            return null;
        });
        try {
            thread.join(TimeUnit.SECONDS.toMillis(COMMAND_TIMEOUT_SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            wakeup.sink().close();
            wakeup.source().close();
        } catch (IOException ignored) {
            // closing: nothing left to tell
        }
    }
}
