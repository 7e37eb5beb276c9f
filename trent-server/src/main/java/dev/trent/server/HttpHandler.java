package dev.trent.server;

import dev.trent.server.pipeline.Exchange;
import dev.trent.server.pipeline.Outcome;
import dev.trent.server.pipeline.Pipeline;
import dev.trent.server.pipeline.WireError;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Clock;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Netty's side of an exchange: makes an {@link Exchange} for each request as it arrives, runs it through the
 * {@link Pipeline}, and writes the outcome with the {@link ResponseWriter}.
 *
 * <p>One instance per connection. HTTP/1.1 answers pipelined requests in order, so while an operation runs off
 * the loop, later requests of the same connection wait in a queue (and reading pauses) until it is answered.
 */
final class HttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(HttpHandler.class);

    private final Pipeline pipeline;
    private final Clock clock;

    /** Requests that arrived while an operation of this connection was running off the loop. */
    private final ArrayDeque<FullHttpRequest> waiting = new ArrayDeque<>();

    private boolean busy;
    /** Per connection, known once the first request has been decoded (TLS or not is decided by then). */
    private String peer;

    private Boolean tls;

    HttpHandler(Pipeline pipeline, Clock clock) {
        super(false);
        this.pipeline = pipeline;
        this.clock = clock;
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
        if (!req.decoderResult().isSuccess()) {
            Exchange ex = exchange(ctx, req, new byte[0], false);
            Outcome o = pipeline.reject(
                    ex,
                    Outcome.Kind.MALFORMED,
                    new WireError("SerializationException", 400, "The HTTP request could not be parsed."),
                    Outcome.JSON);
            ResponseWriter.write(ctx, ex.requestId(), false, o);
            return;
        }
        Exchange ex = exchange(ctx, req, ByteBufUtil.getBytes(req.content()), HttpUtil.isKeepAlive(req));
        ex.respondingOn(ctx.executor());
        Outcome now = pipeline.run(ex, later -> {
            if (ctx.executor().inEventLoop()) {
                answerLater(ctx, ex, later);
            } else {
                ctx.executor().execute(() -> answerLater(ctx, ex, later));
            }
        });
        if (now != null) {
            ResponseWriter.write(ctx, ex.requestId(), ex.keepAlive(), now);
        } else {
            busy = true;
        }
    }

    /** Answers an exchange the pipeline finished after {@link #handle} returned, then reads the next request. */
    private void answerLater(ChannelHandlerContext ctx, Exchange ex, Outcome outcome) {
        ResponseWriter.write(ctx, ex.requestId(), ex.keepAlive(), outcome);
        resume(ctx);
    }

    private Exchange exchange(ChannelHandlerContext ctx, HttpMessage message, byte[] body, boolean keepAlive) {
        if (peer == null) {
            peer = peerAddress(ctx);
            tls = ctx.pipeline().get(SslHandler.class) != null;
        }
        return exchange(clock, peer, tls, message, body, keepAlive);
    }

    /** An exchange for {@code message} as it arrives (the body is a copy; the headers are the message's own). */
    static Exchange exchange(
            Clock clock, String peer, boolean tls, HttpMessage message, byte[] body, boolean keepAlive) {
        String method = message instanceof HttpRequest r ? r.method().name() : "";
        String uri = message instanceof HttpRequest r ? r.uri() : "/";
        return new Exchange(clock.instant(), peer, tls, method, uri, message.headers(), body, keepAlive);
    }

    static String peerAddress(ChannelHandlerContext ctx) {
        SocketAddress a = ctx.channel().remoteAddress();
        return a instanceof InetSocketAddress i && i.getAddress() != null
                ? i.getAddress().getHostAddress()
                : String.valueOf(a);
    }

    /**
     * A connection failed under a request: the peer went away, sent bytes that are not HTTP, or closed in the middle
     * of a body. These are the client's doing and can be provoked at will, so they are logged at debug level in one
     * line (never a stack trace at a level an attacker can fill the log with); anything else once at warn level,
     * its stack trace at debug.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof java.io.IOException
                || cause instanceof io.netty.handler.codec.CodecException
                || cause instanceof javax.net.ssl.SSLException) {
            LOG.debug("Connection from {} failed: {}", peerAddress(ctx), cause.toString());
        } else {
            LOG.warn("Connection from {} failed unexpectedly: {}", peerAddress(ctx), cause.toString());
            LOG.debug("Stack trace of that failure", cause);
        }
        ctx.close();
    }
}
