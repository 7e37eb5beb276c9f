package dev.trent.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP face of Trent: {@code GET /health} and the AWS JSON 1.1 endpoint {@code POST /}. Decoding,
 * authentication and validation run on the event loop; operations that write to the store run on virtual
 * threads, the memory-only ones (Encrypt, Decrypt, GenerateDataKey, ...) inline.
 *
 * <p>One instance per connection. HTTP/1.1 answers pipelined requests in order, so while an operation runs off
 * the loop, later requests of the same connection wait in a queue (and reading pauses) until it is answered.
 */
final class HttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(HttpHandler.class);
    private static final String JSON_11 = "application/x-amz-json-1.1";

    private final Endpoint endpoint;
    private final ExecutorService blocking;
    private final HealthCheck health;

    interface HealthCheck {
        /** A JSON health document and whether the server is ready. */
        JsonNode check();
    }

    /** Requests that arrived while an operation of this connection was running off the loop. */
    private final java.util.ArrayDeque<FullHttpRequest> waiting = new java.util.ArrayDeque<>();

    private boolean busy;

    HttpHandler(Endpoint endpoint, ExecutorService blocking, HealthCheck health) {
        super(false);
        this.endpoint = endpoint;
        this.blocking = blocking;
        this.health = health;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (busy) {
            waiting.add(req);
            ctx.channel().config().setAutoRead(false);
            return;
        }
        try {
            handle(ctx, req);
        } finally {
            req.release();
        }
    }

    /** Called on the event loop when the off-loop operation has been answered: serve what queued up meanwhile. */
    private void resume(ChannelHandlerContext ctx) {
        busy = false;
        while (!busy && !waiting.isEmpty()) {
            FullHttpRequest next = waiting.poll();
            try {
                handle(ctx, next);
            } finally {
                next.release();
            }
        }
        if (!busy) ctx.channel().config().setAutoRead(true);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        FullHttpRequest r;
        while ((r = waiting.poll()) != null) r.release();
        super.channelInactive(ctx);
    }

    private void handle(ChannelHandlerContext ctx, FullHttpRequest req) {
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        if (!req.decoderResult().isSuccess()) {
            send(
                    ctx,
                    false,
                    400,
                    "application/json",
                    Endpoint.errorBody("SerializationException", "The HTTP request could not be parsed."));
            return;
        }
        String uri = req.uri();
        String path = uri;
        String query = null;
        int q = uri.indexOf('?');
        if (q >= 0) {
            path = uri.substring(0, q);
            query = uri.substring(q + 1);
        }
        if (req.method() == HttpMethod.GET
                && (path.equals("/health") || path.equals("/health/ready") || path.equals("/health/live"))) {
            JsonNode doc = health.check();
            boolean ok = path.equals("/health/live")
                    || "ok".equals(doc.path("status").asText());
            send(ctx, keepAlive, ok ? 200 : 503, "application/json", Endpoint.json(doc));
            return;
        }
        Endpoint.Prepared prepared;
        try {
            byte[] body = ByteBufUtil.getBytes(req.content());
            prepared = endpoint.prepare(req.method().name(), path, query, req.headers(), body);
        } catch (ApiError e) {
            sendError(ctx, keepAlive, e);
            return;
        }
        if (prepared.operation().inline()) {
            outcome(prepared).send(ctx, keepAlive);
            return;
        }
        busy = true;
        try {
            blocking.execute(() -> {
                Outcome outcome = outcome(prepared);
                ctx.executor().execute(() -> {
                    outcome.send(ctx, keepAlive);
                    resume(ctx);
                });
            });
        } catch (RejectedExecutionException shuttingDown) {
            busy = false;
            sendError(ctx, false, new ApiError("KMSInternalException", 500, "The server is shutting down."));
        }
    }

    /** A finished operation's HTTP status and AWS JSON body, computed on any thread, sent on the loop. */
    private record Outcome(int status, byte[] body) {
        void send(ChannelHandlerContext ctx, boolean keepAlive) {
            HttpHandler.send(ctx, keepAlive, status, JSON_11, body);
        }
    }

    private Outcome outcome(Endpoint.Prepared p) {
        try {
            return new Outcome(200, endpoint.execute(p));
        } catch (ApiError e) {
            return new Outcome(e.status(), Endpoint.errorBody(e.code(), e.getMessage()));
        }
    }

    private static void sendError(ChannelHandlerContext ctx, boolean keepAlive, ApiError e) {
        send(ctx, keepAlive, e.status(), JSON_11, Endpoint.errorBody(e.code(), e.getMessage()));
    }

    private static final io.netty.util.AsciiString REQUEST_ID = io.netty.util.AsciiString.cached("x-amzn-RequestId");
    private static final io.netty.util.AsciiString JSON_11_VALUE = io.netty.util.AsciiString.cached(JSON_11);

    static void send(ChannelHandlerContext ctx, boolean keepAlive, int status, String contentType, byte[] body) {
        ByteBuf buf = ctx.alloc().buffer(body.length);
        buf.writeBytes(body);
        FullHttpResponse res =
                new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), buf, false);
        res.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, JSON_11.equals(contentType) ? JSON_11_VALUE : contentType)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(REQUEST_ID, Endpoint.requestId());
        if (keepAlive) {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(res, ctx.voidPromise());
        } else {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof java.io.IOException) {
            LOG.debug("Connection error: {}", cause.toString());
        } else if (cause instanceof io.netty.handler.codec.DecoderException) {
            LOG.debug("Bad request bytes: {}", cause.toString());
        } else {
            LOG.warn("Unexpected error on a connection", cause);
        }
        ctx.close();
    }
}
