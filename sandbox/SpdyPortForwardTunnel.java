package sandbox;

import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.spdy.DefaultSpdyDataFrame;
import io.netty.handler.codec.spdy.DefaultSpdyPingFrame;
import io.netty.handler.codec.spdy.DefaultSpdySynReplyFrame;
import io.netty.handler.codec.spdy.DefaultSpdyWindowUpdateFrame;
import io.netty.handler.codec.spdy.SpdyDataFrame;
import io.netty.handler.codec.spdy.SpdyFrameCodec;
import io.netty.handler.codec.spdy.SpdyGoAwayFrame;
import io.netty.handler.codec.spdy.SpdyPingFrame;
import io.netty.handler.codec.spdy.SpdyRstStreamFrame;
import io.netty.handler.codec.spdy.SpdySynStreamFrame;
import io.netty.handler.codec.spdy.SpdyVersion;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;

/**
 * Port-forward as kubectl (client-go) speaks it: SPDY/3.1 tunnelled in WebSocket binary messages
 * (subprotocol {@code SPDY/3.1+portforward.k8s.io}). Per forwarded connection kubectl opens an error
 * stream and a data stream with the same {@code requestid} header and a {@code port} header, as
 * kubelet expects. Netty's SPDY codec does the framing and header compression.
 */
final class SpdyPortForwardTunnel extends WebSocketListener {
    static final String PROTOCOL = "SPDY/3.1+portforward.k8s.io";

    /** The two streams of one forwarded connection and the TCP connection behind them. */
    private final class Forward implements PortForwardTarget.Peer {
        int errorStream = -1;
        int dataStream = -1;
        int port = -1;
        boolean started;
        volatile boolean closed;
        volatile PortForwardTarget target;

        void start() {
            started = true;
            if (closed) {
                return;
            }
            target = new PortForwardTarget(port, pod, "kubectl-port-forward", this);
            target.connect(targets.apply(port));
        }

        @Override
        public void fromTarget(byte[] buffer, int length) {
            send(new DefaultSpdyDataFrame(dataStream, Unpooled.copiedBuffer(buffer, 0, length)));
        }

        @Override
        public void targetClosed() {
            finish(); // the FIN frames tell kubectl
        }

        @Override
        public void failed(String message) {
            send(new DefaultSpdyDataFrame(errorStream, Unpooled.copiedBuffer(message, StandardCharsets.UTF_8)));
            finish();
        }

        void write(byte[] data, boolean last) {
            PortForwardTarget t = target;
            if (t != null) {
                t.write(data, last);
            }
        }

        /** Ends both streams (kubectl waits for both) and the socket. */
        void finish() {
            if (forwards.remove(dataStream) == null) {
                return;
            }
            forwards.remove(errorStream);
            send(new DefaultSpdyDataFrame(dataStream).setLast(true));
            send(new DefaultSpdyDataFrame(errorStream).setLast(true));
            close();
        }

        void close() {
            closed = true;
            PortForwardTarget t = target;
            if (t != null) {
                t.close();
            }
        }
    }

    private final IntFunction<InetSocketAddress> targets;
    private final String pod;
    private final EmbeddedChannel codec = new EmbeddedChannel(new SpdyFrameCodec(SpdyVersion.SPDY_3_1));
    private final Map<String, Forward> byRequest = new ConcurrentHashMap<>();
    private final Map<Integer, Forward> forwards = new ConcurrentHashMap<>();
    private volatile WebSocket socket;
    private boolean closed;

    SpdyPortForwardTunnel(IntFunction<InetSocketAddress> targets, String pod) {
        this.targets = targets;
        this.pod = pod;
    }

    @Override
    public void onOpen(WebSocket ws, Response response) {
        socket = ws;
    }

    @Override
    public void onMessage(WebSocket ws, byte[] bytes) {
        socket = ws;
        List<Object> frames = new ArrayList<>();
        synchronized (codec) {
            if (closed) {
                return;
            }
            codec.writeInbound(Unpooled.wrappedBuffer(bytes));
            Object frame;
            while ((frame = codec.readInbound()) != null) {
                frames.add(frame);
            }
        }
        frames.forEach(this::handle);
    }

    @Override
    public void onMessage(WebSocket ws, ByteString bytes) {
        onMessage(ws, bytes.toByteArray());
    }

    private void handle(Object frame) {
        if (frame instanceof SpdySynStreamFrame syn) {
            opened(syn);
        } else if (frame instanceof SpdyDataFrame data) {
            try {
                received(data);
            } finally {
                data.release();
            }
        } else if (frame instanceof SpdyPingFrame ping) {
            send(new DefaultSpdyPingFrame(ping.id()));
        } else if (frame instanceof SpdyRstStreamFrame rst) {
            Forward f = forwards.get(rst.streamId());
            if (f != null) {
                f.finish();
            }
        } else if (frame instanceof SpdyGoAwayFrame) {
            closeAll();
        }
    }

    private void opened(SpdySynStreamFrame syn) {
        DefaultSpdySynReplyFrame reply = new DefaultSpdySynReplyFrame(syn.streamId());
        // Netty writes no header block for empty headers, which spdystream (kubectl) cannot parse
        reply.headers().set("x-served-by", "pool-sandbox");
        send(reply);
        String requestId = String.valueOf(syn.headers().getAsString("requestid"));
        String type = syn.headers().getAsString("streamtype");
        Forward f = byRequest.computeIfAbsent(requestId, id -> new Forward());
        synchronized (f) {
            if ("error".equals(type)) {
                f.errorStream = syn.streamId();
            } else if ("data".equals(type)) {
                f.dataStream = syn.streamId();
                try {
                    f.port = Integer.parseInt(syn.headers().getAsString("port"));
                } catch (NumberFormatException e) {
                    f.port = -1;
                }
            }
            forwards.put(syn.streamId(), f);
            if (f.errorStream >= 0 && f.dataStream >= 0 && !f.started) {
                byRequest.remove(requestId);
                f.start();
            }
        }
    }

    private void received(SpdyDataFrame data) {
        int size = data.content().readableBytes();
        if (size > 0) {
            send(new DefaultSpdyWindowUpdateFrame(data.streamId(), size));
            send(new DefaultSpdyWindowUpdateFrame(0, size));
        }
        Forward f = forwards.get(data.streamId());
        if (f != null && f.dataStream == data.streamId()) {
            f.write(ByteBufUtil.getBytes(data.content()), data.isLast());
        }
    }

    private void send(Object frame) {
        WebSocket ws = socket;
        synchronized (codec) {
            if (closed) {
                io.netty.util.ReferenceCountUtil.release(frame);
                return;
            }
            codec.writeOutbound(frame);
            ByteBuf out;
            while ((out = codec.readOutbound()) != null) {
                try {
                    if (ws != null) {
                        ws.send(ByteBufUtil.getBytes(out));
                    }
                } finally {
                    out.release();
                }
            }
        }
    }

    @Override
    public void onClosed(WebSocket ws, int code, String reason) {
        closeAll();
    }

    @Override
    public void onClosing(WebSocket ws, int code, String reason) {
        closeAll();
    }

    @Override
    public void onFailure(WebSocket ws, Throwable t, Response response) {
        closeAll();
    }

    private void closeAll() {
        for (Forward f : List.copyOf(forwards.values())) {
            forwards.values().remove(f);
            f.close();
        }
        synchronized (codec) {
            if (!closed) {
                closed = true;
                codec.finishAndReleaseAll();
            }
        }
    }
}
