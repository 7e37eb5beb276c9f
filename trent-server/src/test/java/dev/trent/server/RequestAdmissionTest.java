package dev.trent.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trent.server.pipeline.Pipeline;
import dev.trent.server.pipeline.TestService;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Which bodies are read: a head that cannot be valid is answered before its body is buffered, a request whose body
 * came with its head is not screened, the in-flight budget refuses with 503 and is given back, and refused bodies are
 * drained or the connection closed. Raw bytes through Netty's HTTP codec, as on the wire.
 */
class RequestAdmissionTest {
    private static final int MAX_BODY = 64 * 1024;
    private static final int BUDGET = 100 * 1024;
    private final TestService t = new TestService();
    private final Pipeline pipeline = t.screeningPipeline();
    private final Clock clock = Clock.systemUTC();
    private final InFlightBodies bodies = new InFlightBodies(BUDGET, clock);

    private EmbeddedChannel channel() {
        EmbeddedChannel ch = new EmbeddedChannel(
                new HttpServerCodec(8192, 16384, 16384),
                new ConnectionTimeouts(60, 30),
                new RequestAdmission(pipeline, clock, bodies, MAX_BODY),
                new HttpServerKeepAliveHandler(),
                new BoundedAggregator(MAX_BODY, pipeline, clock),
                new HttpHandler(pipeline, clock));
        ch.freezeTime();
        return ch;
    }

    private static String head(String operation, long contentLength, String... extraHeaders) {
        StringBuilder s = new StringBuilder("POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: TrentService.")
                .append(operation)
                .append("\r\nContent-Length: ")
                .append(contentLength)
                .append("\r\n");
        for (String h : extraHeaders) s.append(h).append("\r\n");
        return s.append("\r\n").toString();
    }

    private static String unauthenticated(long contentLength) {
        return head("ListKeys", contentLength, "x-test-auth: fail");
    }

    private static void send(EmbeddedChannel ch, String text) {
        ch.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1));
    }

    private static void send(EmbeddedChannel ch, byte[] bytes) {
        ch.writeInbound(Unpooled.wrappedBuffer(bytes));
    }

    /** Everything the server wrote so far, as text. */
    private static String written(EmbeddedChannel ch) {
        StringBuilder s = new StringBuilder();
        for (Object o; (o = ch.readOutbound()) != null; ) {
            ByteBuf b = (ByteBuf) o;
            s.append(b.toString(StandardCharsets.ISO_8859_1));
            b.release();
        }
        return s.toString();
    }

    private static int responses(String written) {
        int n = 0;
        for (int i = written.indexOf("HTTP/1.1 "); i >= 0; i = written.indexOf("HTTP/1.1 ", i + 1)) n++;
        return n;
    }

    @Test
    void aLargeBodyThatCannotBeValidIsAnsweredBeforeItIsReadAndTheConnectionClosedAfterIt() {
        EmbeddedChannel ch = channel();
        send(ch, unauthenticated(1 << 20) + "x".repeat(1000));
        String answer = written(ch);
        assertThat(answer)
                .startsWith("HTTP/1.1 400 Bad Request")
                .containsIgnoringCase("connection: close")
                .contains("UnrecognizedClientException");
        assertThat(t.screened).isEqualTo(1);
        assertThat(t.audited).hasSize(1);
        assertThat(bodies.used()).isZero();
        assertThat(ch.config().isAutoRead()).as("the connection stops reading").isFalse();

        // what was read anyway is dropped; the connection lingers, then closes
        for (int i = 0; i < 15; i++) send(ch, new byte[65536]);
        assertThat(written(ch)).isEmpty();
        assertThat(ch.isOpen()).isTrue();
        ch.advanceTimeBy(RequestAdmission.LINGER_SECONDS, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).isFalse();
        assertThat(t.audited).hasSize(1);
    }

    @Test
    void aRefusedConnectionClosesAsSoonAsItsBodyHasArrived() {
        EmbeddedChannel ch = channel();
        send(ch, unauthenticated(200_000) + "x".repeat(100));
        assertThat(written(ch)).contains("UnrecognizedClientException");
        send(ch, new byte[200_000 - 100]);
        ch.runPendingTasks();
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void aSmallRefusedBodyIsDroppedAndTheConnectionServesTheNextRequest() {
        EmbeddedChannel ch = channel();
        send(ch, unauthenticated(100) + "{\"Ke");
        String first = written(ch);
        assertThat(first).contains("UnrecognizedClientException").containsIgnoringCase("connection: keep-alive");
        send(ch, "y".repeat(96) + head("ListKeys", 2) + "{}");
        String second = written(ch);
        assertThat(second).startsWith("HTTP/1.1 200 OK").contains("Truncated");
        assertThat(ch.isOpen()).isTrue();
        assertThat(t.audited).hasSize(2);
    }

    @Test
    void aRequestWhoseBodyCameWithItsHeadIsNotScreened() {
        EmbeddedChannel ch = channel();
        send(ch, head("ListKeys", 2) + "{}");
        assertThat(written(ch)).startsWith("HTTP/1.1 200 OK");
        // nor is a request without a body, such as a health check
        send(ch, "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertThat(written(ch)).startsWith("HTTP/1.1 200 OK").contains("\"status\":\"ok\"");
        // one that arrives whole but cannot be valid gets its error from authentication, as before
        send(ch, unauthenticated(2) + "{}");
        assertThat(written(ch)).contains("UnrecognizedClientException");
        assertThat(t.screened).isZero();
        assertThat(bodies.used()).isZero();
    }

    @Test
    void aRequestWhoseBodyIsLateIsScreenedThenReadAndItsReservationGivenBack() {
        EmbeddedChannel ch = channel();
        send(ch, head("ListKeys", 2) + "{");
        assertThat(t.screened).isEqualTo(1);
        assertThat(bodies.used()).isEqualTo(2);
        assertThat(written(ch)).isEmpty();
        send(ch, "}");
        assertThat(written(ch)).startsWith("HTTP/1.1 200 OK");
        assertThat(bodies.used()).isZero();
        // so is a large one, at once, and a head that announces 100-continue
        send(ch, head("ListKeys", 20_000) + "{");
        assertThat(bodies.used()).isEqualTo(20_000);
        send(ch, " ".repeat(19_998) + "}");
        assertThat(written(ch)).startsWith("HTTP/1.1 200 OK");
        send(ch, head("ListKeys", 10, "x-test-auth: fail", "Expect: 100-continue"));
        assertThat(t.screened).isEqualTo(3);
        assertThat(written(ch)).contains("UnrecognizedClientException").containsIgnoringCase("connection: close");
        assertThat(bodies.used()).isZero();
    }

    @Test
    void aChunkedBodyIsScreenedAtOnceAndReservesTheLargestBody() {
        EmbeddedChannel ch = channel();
        send(
                ch,
                "POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: TrentService.ListKeys\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n");
        assertThat(t.screened).isEqualTo(1);
        assertThat(bodies.used()).isEqualTo(MAX_BODY);
        send(ch, "0\r\n\r\n");
        assertThat(written(ch)).startsWith("HTTP/1.1 200 OK");
        assertThat(bodies.used()).isZero();
    }

    @Test
    void theInFlightBudgetRefusesWith503UntilItIsGivenBackAndHealthAnswersMeanwhile() {
        EmbeddedChannel slow = channel();
        send(slow, head("ListKeys", MAX_BODY) + "{");
        EmbeddedChannel slow2 = channel();
        send(slow2, head("ListKeys", 30_000) + "{");
        assertThat(bodies.used()).isEqualTo(MAX_BODY + 30_000);

        EmbeddedChannel other = channel();
        send(other, head("ListKeys", 10_000) + "{");
        String refused = written(other);
        assertThat(refused)
                .startsWith("HTTP/1.1 503 Service Unavailable")
                .contains("{\"__type\":\"ServiceUnavailable\","
                        + "\"message\":\"The request has failed due to a temporary failure of the server.\"}")
                .containsIgnoringCase("connection: keep-alive");
        assertThat(t.outcomes.getLast().kind()).isEqualTo(dev.trent.server.pipeline.Outcome.Kind.THROTTLED);
        send(other, " ".repeat(9_998) + "}"); // dropped
        send(other, "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertThat(written(other)).startsWith("HTTP/1.1 200 OK");

        slow.close();
        assertThat(bodies.used()).isEqualTo(30_000);
        send(other, head("ListKeys", 10_000) + "{");
        send(other, " ".repeat(9_998) + "}");
        assertThat(written(other)).startsWith("HTTP/1.1 200 OK");
        slow2.close();
        assertThat(bodies.used()).isZero();
    }

    @Test
    void aSmallRequestThatArrivesWholeWhileTheBudgetIsSpentGetsA503ButAnInvalidOneItsOwnError() {
        EmbeddedChannel slow = channel();
        send(slow, head("ListKeys", MAX_BODY) + "{");
        EmbeddedChannel slow2 = channel();
        send(slow2, head("ListKeys", BUDGET - MAX_BODY) + "{");
        EmbeddedChannel ch = channel();
        send(ch, head("ListKeys", 2) + "{}");
        assertThat(written(ch)).startsWith("HTTP/1.1 503").containsIgnoringCase("connection: keep-alive");
        send(ch, unauthenticated(2) + "{}");
        assertThat(written(ch)).contains("UnrecognizedClientException");
        assertThat(ch.isOpen()).isTrue();
        send(ch, "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertThat(written(ch)).startsWith("HTTP/1.1 200 OK");
        slow.close();
        slow2.close();
    }

    @Test
    void aConnectionThatClosesMidBodyGivesItsReservationBack() {
        EmbeddedChannel ch = channel();
        send(ch, head("ListKeys", 50_000) + "{\"Li");
        assertThat(bodies.used()).isEqualTo(50_000);
        ch.close();
        assertThat(bodies.used()).isZero();
        assertThat(t.audited).isEmpty();
    }

    @Test
    void aPipelinedRequestBehindAWorkerOperationIsReadUnscreenedAndAnsweredInOrder() {
        EmbeddedChannel ch = channel();
        send(ch, head("CreateKey", 2) + "{}" + head("ListKeys", 2) + "{");
        send(ch, "}");
        assertThat(written(ch)).isEmpty();
        t.runWorkers();
        ch.runPendingTasks();
        String both = written(ch);
        assertThat(responses(both)).isEqualTo(2);
        assertThat(both.indexOf("Thread")).isLessThan(both.indexOf("Truncated"));
        assertThat(t.screened).isZero();
        assertThat(bodies.used()).isZero();
    }
}
