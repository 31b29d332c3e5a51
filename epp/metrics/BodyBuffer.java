package epp.metrics;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body collected into a byte array that one scrape loop reuses tick after tick, so a
 * 52 KB body costs no new array per scrape. Not thread-safe: one scrape at a time per loop.
 */
final class BodyBuffer {
    /** Far above any real exposition (~50 KB); protects the EPP from a misbehaving server. */
    static final int MAX_BODY_BYTES = 16 << 20;

    private byte[] bytes = new byte[64 << 10];
    private int length;

    byte[] bytes() {
        return bytes;
    }

    int length() {
        return length;
    }

    /** A subscriber that fills this buffer (from empty) and completes when the body is complete. */
    HttpResponse.BodySubscriber<Boolean> subscriber() {
        length = 0;
        return new Subscriber();
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

    private final class Subscriber implements HttpResponse.BodySubscriber<Boolean> {
        private final CompletableFuture<Boolean> done = new CompletableFuture<>();
        private Flow.Subscription subscription;

        @Override
        public CompletionStage<Boolean> getBody() {
            return done;
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
                subscription.cancel();
                done.completeExceptionally(e);
            }
        }

        @Override
        public void onError(Throwable t) {
            done.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            done.complete(Boolean.TRUE);
        }
    }
}
