package dev.trent.server;

import dev.trent.server.pipeline.Outcome;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;

/** The one place HTTP responses are made: every outcome, of every exchange, leaves through here. */
final class ResponseWriter {
    private static final AsciiString REQUEST_ID = AsciiString.cached("x-amzn-RequestId");
    private static final AsciiString JSON_11_VALUE = AsciiString.cached(Outcome.JSON_11);
    /** The headers set here are constants or server-made: no validation per response. */
    private static final DefaultHttpHeadersFactory HEADERS =
            DefaultHttpHeadersFactory.headersFactory().withValidation(false);

    private static final DefaultHttpHeadersFactory TRAILERS =
            DefaultHttpHeadersFactory.trailersFactory().withValidation(false);

    private ResponseWriter() {}

    /** Sends {@code outcome} on the event loop of {@code ctx}; closes the connection after it unless keep-alive. */
    static void write(ChannelHandlerContext ctx, String requestId, boolean keepAlive, Outcome outcome) {
        FullHttpResponse res = build(ctx.alloc(), requestId, keepAlive, outcome);
        if (keepAlive) {
            ctx.writeAndFlush(res, ctx.voidPromise());
        } else {
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** The response for {@code outcome}, for the rare paths where Netty itself sends it (100-continue refusal). */
    static FullHttpResponse build(ByteBufAllocator alloc, String requestId, boolean keepAlive, Outcome outcome) {
        byte[] body = outcome.body();
        ByteBuf buf = alloc.buffer(body.length);
        buf.writeBytes(body);
        FullHttpResponse res = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(outcome.status()), buf, HEADERS, TRAILERS);
        String type = outcome.contentType();
        res.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, Outcome.JSON_11.equals(type) ? JSON_11_VALUE : type)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(REQUEST_ID, requestId)
                .set(HttpHeaderNames.CONNECTION, keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
        return res;
    }
}
