package dev.trent.server;

import dev.trent.server.pipeline.Exchange;
import dev.trent.server.pipeline.Outcome;
import dev.trent.server.pipeline.Pipeline;
import dev.trent.server.pipeline.WireError;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.ssl.SslHandler;
import java.time.Clock;

/**
 * Aggregates request bodies up to a limit and refuses larger ones with an AWS-shaped 413 instead of buffering
 * them. The refusal is an exchange like any other: it passes the pipeline's audit stage and leaves through the
 * {@link ResponseWriter}.
 */
final class BoundedAggregator extends HttpObjectAggregator {
    private final int max;
    private final Pipeline pipeline;
    private final Clock clock;

    BoundedAggregator(int max, Pipeline pipeline, Clock clock) {
        super(max, true);
        this.max = max;
        this.pipeline = pipeline;
        this.clock = clock;
    }

    private WireError tooLarge() {
        return new WireError(
                "RequestEntityTooLargeException", 413, "The request body exceeds the maximum of " + max + " bytes.");
    }

    private Exchange refused(ChannelHandlerContext ctx, HttpMessage message) {
        boolean tls = ctx.pipeline().get(SslHandler.class) != null;
        return HttpHandler.exchange(clock, HttpHandler.peerAddress(ctx), tls, message, new byte[0], false);
    }

    /** With {@code Expect: 100-continue} an oversized body is refused before it is sent: same JSON error. */
    @Override
    protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline channelPipeline) {
        Object response = super.newContinueResponse(start, maxContentLength, channelPipeline);
        if (response instanceof FullHttpResponse full && full.status().code() == 413) {
            full.release();
            ChannelHandlerContext ctx = channelPipeline.context(this);
            Exchange ex = refused(ctx, start);
            Outcome o = pipeline.reject(ex, Outcome.Kind.MALFORMED, tooLarge());
            return ResponseWriter.build(ctx.alloc(), ex.requestId(), false, o);
        }
        return response;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        Exchange ex = refused(ctx, oversized);
        if (oversized instanceof FullHttpMessage full) full.release();
        Outcome o = pipeline.reject(ex, Outcome.Kind.MALFORMED, tooLarge());
        ResponseWriter.write(ctx, ex.requestId(), false, o);
    }
}
