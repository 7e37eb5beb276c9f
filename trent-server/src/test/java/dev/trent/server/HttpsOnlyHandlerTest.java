package dev.trent.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An HTTPS-only port tells a plain-HTTP client to use https:// and closes; TLS goes on to the TLS handler. */
class HttpsOnlyHandlerTest {
    @TempDir
    Path dir;

    SslContext ssl() throws Exception {
        SelfSignedCertificate.Generated g = SelfSignedCertificate.ensure(
                dir, List.of("localhost"), List.of(), Clock.systemUTC(), new SecureRandom());
        return SslContextBuilder.forServer(
                        g.certificate().toFile(), g.privateKey().toFile())
                .build();
    }

    @Test
    void plainHttpGetsA400WithTheHttpsUrl() throws Exception {
        EmbeddedChannel ch = new EmbeddedChannel(new HttpsOnlyHandler(ssl(), "https://kms.example:4599"));
        ch.writeInbound(Unpooled.copiedBuffer("GET /health HTTP/1.1\r\nHost: x\r\n\r\n", StandardCharsets.US_ASCII));
        ByteBuf out = ch.readOutbound();
        String body = "This port speaks HTTPS; use https://kms.example:4599/\n";
        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo("HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: "
                        + body.length() + "\r\nConnection: close\r\n\r\n" + body);
        out.release();
        assertThat(ch.isOpen()).isFalse();
        assertThat((Object) ch.readInbound()).isNull(); // nothing reaches the HTTP codec
    }

    @Test
    void aTlsHandshakeGoesToTheSslHandler() throws Exception {
        EmbeddedChannel ch = new EmbeddedChannel(new HttpsOnlyHandler(ssl(), "https://kms.example:4599"));
        // a TLS record header: handshake (22), TLS 1.2 (3,3), length 0x0100, then the start of a ClientHello
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {22, 3, 3, 1, 0, 1, 0, 0, (byte) 0xfc, 3, 3}));
        assertThat(ch.pipeline().get(SslHandler.class)).isNotNull();
        assertThat(ch.pipeline().get(HttpsOnlyHandler.class)).isNull();
        ch.finishAndReleaseAll();
    }
}
