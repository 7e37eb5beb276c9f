package dev.trent.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SealedGateTest {
    /** A clock the test moves. */
    private static final class Hands extends Clock {
        Instant now = Instant.parse("2026-12-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final Hands clock = new Hands();
    private final AtomicInteger attempts = new AtomicInteger();
    private final SealedGate gate = new SealedGate(
            p -> {
                attempts.incrementAndGet();
                return new String(p).equals("right one") ? null : "the passphrase is wrong";
            },
            clock);

    private FullHttpResponse send(HttpMethod method, String path, String body, String target) throws Exception {
        EmbeddedChannel ch = new EmbeddedChannel(gate.handler());
        DefaultFullHttpRequest req = new DefaultFullHttpRequest(
                HttpVersion.HTTP_1_1, method, path, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        if (target != null) req.headers().set("X-Amz-Target", target);
        ch.writeInbound(req);
        for (int i = 0; i < 2000; i++) { // the unseal attempt answers from another thread
            ch.runPendingTasks();
            FullHttpResponse r = ch.readOutbound();
            if (r != null) return r;
            Thread.sleep(5);
        }
        throw new AssertionError("no answer");
    }

    private static String body(FullHttpResponse r) {
        return r.content().toString(StandardCharsets.UTF_8);
    }

    @Test
    void healthSaysSealedAndApiCallsAreServiceUnavailable() throws Exception {
        FullHttpResponse health = send(HttpMethod.GET, "/health", "", null);
        assertThat(health.status().code()).isEqualTo(503);
        assertThat(body(health)).isEqualTo("{\"status\":\"sealed\"}");
        assertThat(send(HttpMethod.GET, "/health/live", "", null).status().code())
                .isEqualTo(200);

        FullHttpResponse json = send(HttpMethod.POST, "/", "{}", "TrentService.ListKeys");
        assertThat(json.status().code()).isEqualTo(503);
        assertThat(json.headers().get("Connection")).isEqualTo("close");
        assertThat(body(json)).contains("\"__type\":\"ServiceUnavailable\"").contains("Trent is sealed");
        FullHttpResponse query = send(HttpMethod.POST, "/", "Action=GetCallerIdentity", null);
        assertThat(body(query)).contains("<Code>ServiceUnavailable</Code>");
    }

    @Test
    void unsealAttemptsAreBoundedByABucketThatRefillsOverTime() throws Exception {
        for (int i = 0; i < SealedGate.BURST; i++) {
            FullHttpResponse r = send(HttpMethod.POST, "/trent/unseal", "{\"Passphrase\":\"guess\"}", null);
            assertThat(r.status().code()).isEqualTo(400);
            assertThat(body(r))
                    .contains("UnsealFailedException")
                    .contains("the passphrase is wrong; Trent stays sealed");
        }
        FullHttpResponse throttled = send(HttpMethod.POST, "/trent/unseal", "{\"Passphrase\":\"right one\"}", null);
        assertThat(throttled.status().code()).isEqualTo(429);
        assertThat(body(throttled)).contains("ThrottlingException");
        assertThat(attempts).hasValue(SealedGate.BURST);

        clock.now = clock.now.plus(Duration.ofSeconds(SealedGate.REFILL_SECONDS));
        FullHttpResponse ok = send(HttpMethod.POST, "/trent/unseal", "{\"Passphrase\":\"right one\"}", null);
        assertThat(ok.status().code()).isEqualTo(200);
        assertThat(body(ok)).isEqualTo("{\"Sealed\":false}");
    }

    @Test
    void aMalformedUnsealBodyIsAValidationErrorAndCostsNoAttempt() throws Exception {
        FullHttpResponse r = send(HttpMethod.POST, "/trent/unseal", "not json", null);
        assertThat(r.status().code()).isEqualTo(400);
        assertThat(body(r)).contains("ValidationException");
        assertThat(attempts).hasValue(0);
    }
}
