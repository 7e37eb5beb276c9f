package dev.trent.server;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes connections that hold resources without using them: one that stays idle between requests longer than
 * {@code idleSeconds} (keep-alive connections included, as a load balancer would), and one whose request has not
 * arrived whole {@code requestSeconds} after it began (a client that trickles a body or headers). While a request
 * is being answered the connection is not idle. A request may be answered before its body has all arrived (a refusal
 * by {@link RequestAdmission}): its request timeout runs on until the body is in, then the idle one. One instance per
 * connection, placed after the HTTP codec.
 */
final class ConnectionTimeouts extends ChannelDuplexHandler {
    private final long idleSeconds;
    private final long requestSeconds;
    private ScheduledFuture<?> timer;
    /** A request has begun and its body has not all arrived. */
    private boolean reading;
    /** Requests whose (final) response has not been written yet. */
    private int unanswered;

    ConnectionTimeouts(long idleSeconds, long requestSeconds) {
        this.idleSeconds = idleSeconds;
        this.requestSeconds = requestSeconds;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) arm(ctx, idleSeconds);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        arm(ctx, idleSeconds);
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof HttpRequest) {
            reading = true;
            unanswered++;
            arm(ctx, requestSeconds);
        }
        if (msg instanceof LastHttpContent && reading) {
            reading = false;
            if (unanswered == 0) arm(ctx, idleSeconds); // answered already
            else cancel(); // being answered: not idle
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof HttpResponse r && r.status().code() >= 200 && unanswered > 0) {
            unanswered--;
            if (!reading && unanswered == 0) arm(ctx, idleSeconds);
        }
        super.write(ctx, msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancel();
        super.channelInactive(ctx);
    }

    private void arm(ChannelHandlerContext ctx, long seconds) {
        cancel();
        timer = ctx.executor().schedule(() -> ctx.close(), seconds, TimeUnit.SECONDS);
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
