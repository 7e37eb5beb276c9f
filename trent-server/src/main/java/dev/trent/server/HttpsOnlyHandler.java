package dev.trent.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.OptionalSslHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;

/**
 * TLS on a port that serves HTTPS only. The first bytes of a connection tell TLS from plain text
 * ({@link io.netty.handler.ssl.SslHandler#isEncrypted}); a plain-HTTP client gets a minimal {@code 400} saying to
 * use {@code https://}, and the connection is closed, instead of a reset it cannot explain.
 */
final class HttpsOnlyHandler extends OptionalSslHandler {
    private final byte[] refusal;

    /** @param httpsUrl the URL to point plain-HTTP clients at, e.g. {@code https://kms.example:4599} */
    HttpsOnlyHandler(SslContext ssl, String httpsUrl) {
        super(ssl);
        this.refusal = refusal(httpsUrl);
    }

    static byte[] refusal(String httpsUrl) {
        String body = "This port speaks HTTPS; use " + httpsUrl + "/\n";
        return ("HTTP/1.1 400 Bad Request\r\n"
                        + "Content-Type: text/plain; charset=utf-8\r\n"
                        + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n"
                        + "Connection: close\r\n"
                        + "\r\n"
                        + body)
                .getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected ChannelHandler newNonSslHandler(ChannelHandlerContext ctx) {
        return new ChannelInboundHandlerAdapter() {
            private boolean answered;

            @Override
            public void channelRead(ChannelHandlerContext c, Object msg) {
                ReferenceCountUtil.release(msg);
                if (answered) return;
                answered = true;
                c.writeAndFlush(Unpooled.wrappedBuffer(refusal)).addListener(ChannelFutureListener.CLOSE);
            }
        };
    }
}
