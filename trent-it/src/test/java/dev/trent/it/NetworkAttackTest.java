package dev.trent.it;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.trent.server.ServerConfig;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * The connection attacks of the hardening issue, as tests that stay: bounded in count (a few hundred sockets) and
 * time (seconds), loopback only, against an in-process server whose memory this JVM can watch. Each asserts that the
 * health endpoint keeps answering, and that memory stays bounded (generous bounds: they tell "not buffered" from
 * "buffered", not small differences).
 */
class NetworkAttackTest {
    private static final int MiB = 1 << 20;

    @TempDir
    Path dir;

    private RunningTrent start(ServerConfig.Builder settings) {
        return new RunningTrent(dir, settings.port(0).dataDir(dir).build());
    }

    private static ServerConfig.Builder defaults() {
        return ServerConfig.defaults().toBuilder();
    }

    // ------------------------------------------------------------------------------------------------ attacks

    /**
     * (a) Connections that announce a 1 MiB body and send all of it but its last byte, without valid credentials:
     * their heads are refused before the bodies are read, so nothing is buffered; health answers during and after.
     */
    @Test
    void largeBodiesWithoutCredentialsAreNotBuffered() throws Exception {
        largeBodiesAreNotBuffered("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: TrentService.Encrypt\r\n"
                + "Content-Type: application/x-amz-json-1.1\r\nAuthorization: AWS4-HMAC-SHA256"
                + " Credential=AKIAATTACKERATTACKER/20260101/us-east-1/kms/aws4_request,"
                + " SignedHeaders=host;x-amz-date, Signature=00\r\nX-Amz-Date: 20260101T000000Z\r\n"
                + "Content-Length: " + MiB + "\r\n\r\n");
    }

    /**
     * (a) again as AWS Query requests (IAM's form POST, whose Action would be in the body): unsigned, and signed for
     * {@code iam} with a key Trent does not know. Their heads are screened for the service their credentials name.
     */
    @Test
    void largeQueryBodiesWithoutCredentialsAreNotBuffered() throws Exception {
        String form = "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/x-www-form-urlencoded; charset=utf-8\r\n";
        largeBodiesAreNotBuffered(form + "Content-Length: " + MiB + "\r\n\r\n");
        largeBodiesAreNotBuffered(form
                + "Authorization: AWS4-HMAC-SHA256 Credential=AKIAATTACKERATTACKER/20260101/us-east-1/iam/aws4_request,"
                + " SignedHeaders=host;x-amz-date, Signature=00\r\nX-Amz-Date: 20260101T000000Z\r\n"
                + "Content-Length: " + MiB + "\r\n\r\n");
    }

    private void largeBodiesAreNotBuffered(String headText) throws Exception {
        int attackers = 200;
        try (RunningTrent trent = start(defaults());
                LogCapture log = new LogCapture(Level.INFO)) {
            URI endpoint = trent.endpoint();
            long directBefore = directMemory();
            long heapBefore = heapAfterGc();
            byte[] head = headText.getBytes(StandardCharsets.US_ASCII);
            List<Socket> sockets = new ArrayList<>();
            AtomicLong maxDirect = new AtomicLong(directBefore);
            AtomicLong maxInFlight = new AtomicLong();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                for (int i = 0; i < attackers; i++) {
                    Socket s = new Socket("127.0.0.1", trent.port());
                    s.getOutputStream().write(head);
                    sockets.add(s);
                }
                List<Future<?>> sends = new ArrayList<>();
                for (Socket s : sockets) {
                    sends.add(pool.submit(() -> {
                        sendQuietly(s, MiB - 1);
                        return null;
                    }));
                }
                // during the attack
                while (!sends.stream().allMatch(Future::isDone)) {
                    assertThat(health(endpoint)).isEqualTo(200);
                    maxDirect.accumulateAndGet(directMemory(), Math::max);
                    maxInFlight.accumulateAndGet(trent.server().inFlightRequestBytes(), Math::max);
                    Thread.sleep(100);
                }
                for (Future<?> f : sends) f.get(60, TimeUnit.SECONDS);
                assertThat(health(endpoint)).isEqualTo(200);
            } finally {
                pool.shutdownNow();
                for (Socket s : sockets) s.close();
            }
            // right after
            assertThat(health(endpoint)).isEqualTo(200);
            assertThat(maxInFlight.get()).as("no refused body was admitted").isZero();
            assertThat(maxDirect.get() - directBefore)
                    .as("direct memory during the attack (%d MiB announced)", attackers)
                    .isLessThan(64L * MiB);
            assertThat(heapAfterGc() - heapBefore).as("heap after the attack").isLessThan(64L * MiB);
            assertThat(log.atLeast(Level.INFO))
                    .as("no log line per attacking connection: %s", LogCapture.lines(log.atLeast(Level.INFO)))
                    .hasSizeLessThanOrEqualTo(2);
            try (KmsClient kms = trent.kms()) {
                assertThat(kms.listKeys().keys()).isNotNull();
            }
        }
    }

    /**
     * (b) With valid credentials, slow large bodies take the in-flight budget: more get 503 ServiceUnavailable, as
     * does a normal client meanwhile; health answers; once the slow ones close, the normal client gets through.
     */
    @Test
    void slowBodiesWithValidCredentialsHitTheInFlightBudget() throws Exception {
        try (RunningTrent trent =
                start(defaults().maxInFlightRequestBytes(4 * MiB).requestTimeoutSeconds(20))) {
            URI endpoint = trent.endpoint();
            RunningTrent.Credentials admin = trent.admin();
            byte[] body = new byte[MiB];
            java.util.Arrays.fill(body, (byte) ' ');
            Map<String, String> signed = SignedHttp.sign(
                    endpoint,
                    "TrentService.Encrypt",
                    body,
                    admin.accessKeyId(),
                    admin.secretAccessKey(),
                    "us-east-1",
                    Clock.systemUTC());
            StringBuilder h = new StringBuilder("POST / HTTP/1.1\r\n");
            signed.forEach((k, v) -> {
                if (!k.equalsIgnoreCase("Content-Length"))
                    h.append(k).append(": ").append(v).append("\r\n");
            });
            byte[] head = h.append("Content-Length: ")
                    .append(MiB)
                    .append("\r\n\r\n")
                    .toString()
                    .getBytes(StandardCharsets.US_ASCII);

            List<Socket> slow = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    Socket s = new Socket("127.0.0.1", trent.port());
                    s.getOutputStream().write(head);
                    s.getOutputStream().write(body, 0, 1000);
                    slow.add(s);
                }
                awaitInFlight(trent, 4L * MiB);
                // the budget is spent: more slow bodies are refused at once, without reading them
                for (int i = 0; i < 16; i++) {
                    try (Socket more = new Socket("127.0.0.1", trent.port())) {
                        more.getOutputStream().write(head);
                        String answer = readAnswer(more);
                        assertThat(answer)
                                .startsWith("HTTP/1.1 503")
                                .containsIgnoringCase("connection: close")
                                .contains("{\"__type\":\"ServiceUnavailable\",\"message\":\"The request has failed"
                                        + " due to a temporary failure of the server.\"}");
                    }
                }
                assertThat(trent.server().inFlightRequestBytes()).isEqualTo(4L * MiB);
                assertThat(health(endpoint)).isEqualTo(200);
                try (KmsClient kms = trent.kms()) {
                    KmsException refused = org.junit.jupiter.api.Assertions.assertThrows(
                            KmsException.class, () -> kms.createKey(b -> b.description("during")));
                    assertThat(refused.statusCode()).isEqualTo(503);
                    assertThat(refused.awsErrorDetails().errorCode()).isEqualTo("ServiceUnavailable");
                }
            } finally {
                for (Socket s : slow) s.close();
            }
            awaitInFlight(trent, 0);
            try (KmsClient kms = trent.kms()) {
                assertThat(kms.createKey(b -> b.description("after"))
                                .keyMetadata()
                                .keyId())
                        .isNotEmpty();
            }
            assertThat(health(endpoint)).isEqualTo(200);
        }
    }

    /** (c) Many idle sockets (no byte sent) are closed after the idle timeout; health answers meanwhile. */
    @Test
    void idleSocketsAreClosedAfterTheIdleTimeout() throws Exception {
        int idle = 300;
        try (RunningTrent trent = start(defaults().idleTimeoutSeconds(2))) {
            List<Socket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < idle; i++) sockets.add(new Socket("127.0.0.1", trent.port()));
                assertThat(health(trent.endpoint())).isEqualTo(200);
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                for (Socket s : sockets) {
                    long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
                    assertThat(closedWithin(s, (int) left))
                            .as("closed by the server")
                            .isTrue();
                }
            } finally {
                for (Socket s : sockets) s.close();
            }
            assertThat(health(trent.endpoint())).isEqualTo(200);
        }
    }

    /**
     * (d) Clients that send part of a body and close: logged at debug level, in one line, never as a warning or
     * with a stack trace, with or without valid credentials.
     */
    @Test
    void truncatedRequestsLeaveNoWarningsAndNoStackTraces() throws Exception {
        try (RunningTrent trent = start(defaults());
                LogCapture log = new LogCapture(Level.DEBUG)) {
            RunningTrent.Credentials admin = trent.admin();
            byte[] full = "{\"KeyId\":\"alias/none\",\"Plaintext\":\"aGVsbG8=\",\"EncryptionContext\":{\"a\":\"b\"}}"
                    .getBytes(StandardCharsets.UTF_8);
            Map<String, String> signed = SignedHttp.sign(
                    trent.endpoint(),
                    "TrentService.Encrypt",
                    full,
                    admin.accessKeyId(),
                    admin.secretAccessKey(),
                    "us-east-1",
                    Clock.systemUTC());
            StringBuilder valid = new StringBuilder("POST / HTTP/1.1\r\n");
            signed.forEach((k, v) -> {
                if (!k.equalsIgnoreCase("Content-Length"))
                    valid.append(k).append(": ").append(v).append("\r\n");
            });
            valid.append("Content-Length: ").append(full.length).append("\r\n\r\n");
            String anonymous = "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: TrentService.Encrypt\r\n"
                    + "Content-Length: 100\r\n\r\n";
            for (int i = 0; i < 100; i++) {
                try (Socket s = new Socket("127.0.0.1", trent.port())) {
                    OutputStream out = s.getOutputStream();
                    if (i % 2 == 0) {
                        out.write(valid.toString().getBytes(StandardCharsets.US_ASCII));
                        out.write(full, 0, 5);
                    } else {
                        out.write((anonymous + "{\"Ke").getBytes(StandardCharsets.US_ASCII));
                    }
                    out.flush();
                    if (i % 4 < 2) Thread.sleep(5); // some close before the head is screened, some after
                }
            }
            Thread.sleep(500);
            assertThat(health(trent.endpoint())).isEqualTo(200);
            assertThat(log.atLeast(Level.WARN))
                    .as("warnings: %s", LogCapture.lines(log.atLeast(Level.WARN)))
                    .isEmpty();
            assertThat(log.withStackTraces())
                    .as("stack traces: %s", LogCapture.lines(log.withStackTraces()))
                    .isEmpty();
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** Writes {@code bytes} zeros in 64 KiB pieces; the server may close the socket meanwhile (it lingers 5 s). */
    private static void sendQuietly(Socket s, int bytes) {
        byte[] chunk = new byte[64 * 1024];
        try {
            OutputStream out = s.getOutputStream();
            for (int sent = 0; sent < bytes; sent += chunk.length) {
                out.write(chunk, 0, Math.min(chunk.length, bytes - sent));
            }
            out.flush();
        } catch (IOException closedByTheServer) {
            // expected once the server has answered and closed
        }
    }

    private static int health(URI endpoint) throws Exception {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(endpoint.resolve("/health"))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode();
    }

    private static void awaitInFlight(RunningTrent trent, long bytes) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (trent.server().inFlightRequestBytes() != bytes && System.nanoTime() < deadline) Thread.sleep(20);
        assertThat(trent.server().inFlightRequestBytes()).isEqualTo(bytes);
    }

    /** The response the server sends on {@code s} (until it closes, or 5 s of silence). */
    private static String readAnswer(Socket s) throws IOException {
        s.setSoTimeout(5000);
        StringBuilder out = new StringBuilder();
        byte[] buf = new byte[4096];
        InputStream in = s.getInputStream();
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                out.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                if (out.indexOf("\r\n\r\n") > 0 && out.toString().endsWith("}")) break;
            }
        } catch (SocketTimeoutException | java.net.SocketException done) {
            // what arrived is the answer
        }
        return out.toString();
    }

    /** Whether the server closes {@code s} within {@code millis} (reads EOF or a reset). */
    private static boolean closedWithin(Socket s, int millis) throws IOException {
        s.setSoTimeout(millis);
        try {
            InputStream in = s.getInputStream();
            while (in.read() >= 0) {
                // drain
            }
            return true;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    /** Direct memory in use in this JVM: Netty's allocator (its own accounting) and the JDK's direct buffers. */
    private static long directMemory() {
        long netty = ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider p
                ? p.metric().usedDirectMemory()
                : 0;
        long jdk = 0;
        for (BufferPoolMXBean b : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (b.getName().equals("direct")) jdk = b.getMemoryUsed();
        }
        return netty + jdk;
    }

    private static long heapAfterGc() throws InterruptedException {
        System.gc();
        Thread.sleep(100);
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
