package dev.trent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trent.server.ServerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connections cannot be hoarded without credentials (issue: hardening): open connections are capped per client
 * address, idle ones are closed, and a request that trickles in is dropped; the health endpoint answers again as
 * soon as the hoarded connections are gone. Loopback only, a handful of sockets, a few seconds.
 */
class ConnectionLimitsTest {
    @TempDir
    Path dir;

    private RunningTrent start() {
        ServerConfig config = RunningTrent.testConfig(dir).toBuilder()
                .maxConnectionsPerClient(5)
                .idleTimeoutSeconds(2)
                .requestTimeoutSeconds(2)
                .build();
        return new RunningTrent(dir, config);
    }

    /** Whether the server closes {@code s} within {@code seconds} (reads EOF), without sending anything. */
    private static boolean closedWithin(Socket s, int seconds) throws IOException {
        s.setSoTimeout(seconds * 1000);
        try {
            InputStream in = s.getInputStream();
            while (in.read() >= 0) {
                // drain whatever the server sends before it closes
            }
            return true;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    private static int health(URI endpoint) throws Exception {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(endpoint.resolve("/health"))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode();
    }

    @Test
    void aClientCannotHoldMoreThanItsShareAndIdleConnectionsAreClosed() throws Exception {
        try (RunningTrent trent = start()) {
            int port = trent.endpoint().getPort();
            List<Socket> idle = new ArrayList<>();
            try {
                for (int i = 0; i < 5; i++) idle.add(new Socket("127.0.0.1", port));
                Thread.sleep(300);
                try (Socket sixth = new Socket("127.0.0.1", port)) {
                    assertThat(closedWithin(sixth, 1))
                            .as("the sixth connection is refused")
                            .isTrue();
                }
                for (Socket s : idle)
                    assertThat(closedWithin(s, 5))
                            .as("idle connections are closed")
                            .isTrue();
            } finally {
                for (Socket s : idle) s.close();
            }
            Thread.sleep(200);
            assertThat(health(trent.endpoint())).isEqualTo(200);
        }
    }

    @Test
    void aRequestThatTricklesInIsDropped() throws Exception {
        try (RunningTrent trent = start();
                Socket s = new Socket("127.0.0.1", trent.endpoint().getPort())) {
            s.getOutputStream()
                    .write(("POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\n{\"Ke")
                            .getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            long start = System.nanoTime();
            assertThat(closedWithin(s, 6)).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(health(trent.endpoint())).isEqualTo(200);
        }
    }

    @Test
    void aKeepAliveClientThatKeepsTalkingIsNotDisturbed() throws Exception {
        try (RunningTrent trent = start()) {
            HttpClient http =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            for (int i = 0; i < 6; i++) {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(trent.endpoint().resolve("/health"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
                Thread.sleep(500);
            }
        }
    }
}
