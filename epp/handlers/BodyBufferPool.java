package epp.handlers;

import com.google.protobuf.ByteOutput;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reused arrays that request-body messages are read into, so a large prompt is not a fresh young-gen
 * allocation per chunk (each one would bring the next young GC pause closer). An array is taken per
 * message and given back when the stream that holds its body ends. Arrays come in power-of-two sizes
 * from 16 KB to 256 KB; a bigger message gets an array of its own. The pool makes arrays until they
 * add up to {@link #MAX_POOLED_BYTES}; past that (more bodies in flight than it holds) a message gets
 * an exactly sized array of its own, as it would without the pool.
 */
final class BodyBufferPool {
    /** The EPP's: {@link ExtProcService} reads into it and {@link ExtProcStream} gives back to it. */
    static final BodyBufferPool SHARED = new BodyBufferPool(true);
    /** Hands out a new array of the exact size each time and takes nothing back. */
    static final BodyBufferPool NONE = new BodyBufferPool(false);

    private static final int MIN_SHIFT = 14; // 16 KB
    private static final int MAX_SHIFT = 18; // 256 KB
    /** 16 MB: about 40 request bodies of 200 KB in flight (their 64 KB chunks take 128 KB arrays). */
    static final long MAX_POOLED_BYTES = 16 << 20;

    private final ConcurrentLinkedQueue<byte[]>[] free;
    private final AtomicLong pooledBytes = new AtomicLong();
    /**
     * The arrays handed out and not yet given back (weakly: one never given back, as when its message
     * was cut off by the stream's end, is simply collected, and the pool holds that much less from then on).
     * Only these are taken back, once each, so an array other code still uses is never handed out.
     */
    private final Set<byte[]> out = Collections.newSetFromMap(Collections.synchronizedMap(new WeakHashMap<>()));

    private final boolean pooling;

    @SuppressWarnings("unchecked")
    BodyBufferPool(boolean pooling) {
        this.pooling = pooling;
        free = new ConcurrentLinkedQueue[MAX_SHIFT - MIN_SHIFT + 1];
        for (int shift = MIN_SHIFT; shift <= MAX_SHIFT; shift++) {
            free[shift - MIN_SHIFT] = new ConcurrentLinkedQueue<>();
        }
    }

    /** An array of at least {@code size} bytes, pooled when {@code size} fits a size class. */
    byte[] take(int size) {
        int shift = Math.max(MIN_SHIFT, 32 - Integer.numberOfLeadingZeros(Math.max(1, size - 1)));
        if (!pooling || shift > MAX_SHIFT) {
            return new byte[size];
        }
        byte[] array = free[shift - MIN_SHIFT].poll();
        if (array == null) {
            if (pooledBytes.addAndGet(1L << shift) > MAX_POOLED_BYTES) {
                pooledBytes.addAndGet(-(1L << shift));
                return new byte[size];
            }
            array = new byte[1 << shift];
        }
        out.add(array);
        return array;
    }

    /** Arrays handed out and not given back yet. */
    int arraysOut() {
        return out.size();
    }

    /** Gives back the pool's arrays behind {@code bytes}; the caller no longer reads any view of them. */
    void release(ByteString bytes) {
        try {
            UnsafeByteOperations.unsafeWriteTo(bytes, new ByteOutput() {
                @Override
                public void write(byte value) {}

                @Override
                public void write(byte[] value, int offset, int length) {
                    giveBack(value);
                }

                @Override
                public void writeLazy(byte[] value, int offset, int length) {
                    giveBack(value);
                }

                @Override
                public void write(ByteBuffer value) {}

                @Override
                public void writeLazy(ByteBuffer value) {}
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e); // not thrown: the output above does no I/O
        }
    }

    private void giveBack(byte[] array) {
        if (out.remove(array)) {
            free[31 - Integer.numberOfLeadingZeros(array.length) - MIN_SHIFT].offer(array);
        }
    }
}
