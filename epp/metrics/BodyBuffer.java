package epp.metrics;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A response body collected into a byte array that one scrape loop reuses tick after tick, so a
 * 52 KB body costs no new array per scrape. Not thread-safe: one download at a time per loop.
 *
 * <p>The subscriber hands the response over as soon as the headers are in, and the body is then
 * awaited with {@link #awaitBody}: the JDK's request timeout only covers the time to the headers,
 * and a server that stalls in the middle of a body must not hold a scrape loop forever.
 */
final class BodyBuffer {
    /** Far above any real exposition (~50 KB); protects the EPP from a misbehaving server. */
    static final int MAX_BODY_BYTES = 16 << 20;

    private byte[] bytes = new byte[64 << 10];
    private int length;
    private Subscriber download;

    byte[] bytes() {
        return bytes;
    }

    int length() {
        return length;
    }

    /** A subscriber that fills this buffer from empty; its body is this buffer, at once. */
    HttpResponse.BodySubscriber<BodyBuffer> subscriber() {
        length = 0;
        download = new Subscriber();
        return download;
    }

    /**
     * Waits for the end of the body until {@code deadlineNanos} ({@link System#nanoTime()} scale).
     *
     * @throws IOException when the body failed, was too large, or did not end in time (the
     *                     connection is then dropped)
     */
    void awaitBody(long deadlineNanos) throws IOException, InterruptedException {
        try {
            download.done.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            download.cancel();
            throw new IOException("the body did not arrive in time (" + length + " bytes received)");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    private void append(ByteBuffer chunk) throws IOException {
        int n = chunk.remaining();
        if (length + n > MAX_BODY_BYTES) {
            throw new IOException("metrics body larger than " + MAX_BODY_BYTES + " bytes");
        }
        if (length + n > bytes.length) {
            bytes = java.util.Arrays.copyOf(bytes, Math.min(MAX_BODY_BYTES, Math.max(bytes.length * 2, length + n)));
        }
        chunk.get(bytes, length, n);
        length += n;
    }

    private final class Subscriber implements HttpResponse.BodySubscriber<BodyBuffer> {
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        private volatile Flow.Subscription subscription;

        @Override
        public CompletionStage<BodyBuffer> getBody() {
            return CompletableFuture.completedStage(BodyBuffer.this);
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> chunks) {
            try {
                for (ByteBuffer chunk : chunks) {
                    append(chunk);
                }
            } catch (IOException e) {
                cancel();
                done.completeExceptionally(e);
            }
        }

        @Override
        public void onError(Throwable t) {
            done.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            done.complete(null);
        }

        void cancel() {
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }
    }
}
