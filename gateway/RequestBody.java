package gateway;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * The body forwarded to the model server. Chunks arriving before a connection to an endpoint is
 * established are held (so a refused connection can move on to the next endpoint with the same
 * body); once {@link #attach attached}, held chunks are written and later ones go straight through.
 * Confined to one event loop.
 */
final class RequestBody {
    private final List<Buffer> held = new ArrayList<>();
    private boolean ended;
    private HttpClientRequest sink;

    void write(Buffer chunk) {
        if (sink != null) {
            sink.write(chunk);
        } else {
            held.add(chunk);
        }
    }

    void end() {
        ended = true;
        if (sink != null) {
            sink.end();
        }
    }

    void attach(HttpClientRequest request) {
        sink = request;
        for (Buffer chunk : held) {
            request.write(chunk);
        }
        held.clear();
        if (ended) {
            request.end();
        }
    }

    /** Whether the upstream's send buffer is full (the source should pause until {@link #drainHandler}). */
    boolean full() {
        return sink != null && sink.writeQueueFull();
    }

    void drainHandler(Runnable drained) {
        if (sink != null) {
            sink.drainHandler(v -> drained.run());
        }
    }
}
