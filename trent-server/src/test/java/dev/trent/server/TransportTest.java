package dev.trent.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.EventLoopGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransportTest {

    @Test
    void settingsAreSpelledAsDocumented() {
        assertThat(Transport.parse("auto")).isNull();
        assertThat(Transport.parse(" NIO ")).isEqualTo(Transport.NIO);
        assertThat(Transport.parse("epoll")).isEqualTo(Transport.EPOLL);
        assertThat(Transport.parse("io_uring")).isEqualTo(Transport.IO_URING);
        assertThatThrownBy(() -> Transport.parse("kqueue"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("transport must be one of auto, nio, epoll, io_uring, not 'kqueue'");
    }

    @Test
    void autoPrefersIoUringThenEpollThenNio() {
        assertThat(Transport.NIO.isAvailable()).isTrue();
        assertThat(Transport.resolve("auto"))
                .isEqualTo(
                        Transport.IO_URING.isAvailable()
                                ? Transport.IO_URING
                                : Transport.EPOLL.isAvailable() ? Transport.EPOLL : Transport.NIO);
    }

    @Test
    void aNamedTransportIsUsedOrRefused() {
        for (Transport t : Transport.values()) {
            if (t.isAvailable()) {
                assertThat(Transport.select(t.settingName())).isEqualTo(t);
                EventLoopGroup g = t.newEventLoopGroup(1);
                g.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            } else {
                assertThatThrownBy(() -> Transport.resolve(t.settingName()))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("transport is not available here");
            }
        }
    }

    @Test
    void theConfigFileCanNameIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("trent.json");
        Files.writeString(file, "{\"transport\": \"nio\"}");
        assertThat(ServerConfig.fromFile(file, ServerConfig.defaults()).transport())
                .isEqualTo("nio");
        assertThatThrownBy(() -> ServerConfig.defaults().withTransport("fast").validate())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("transport must be one of");
    }
}
