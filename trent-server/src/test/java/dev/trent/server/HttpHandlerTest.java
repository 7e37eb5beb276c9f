package dev.trent.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trent.server.pipeline.TestService;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Netty side: pipelined requests are answered in order, and refusals pass the pipeline like any request. */
class HttpHandlerTest {
    private final TestService t = new TestService();
    private final EmbeddedChannel ch = new EmbeddedChannel(
            new BoundedAggregator(64, t.pipeline(), Clock.systemUTC()),
            new HttpHandler(t.pipeline(), Clock.systemUTC()));

    private static FullHttpRequest request(String operation, String body) {
        FullHttpRequest r = new DefaultFullHttpRequest(
                HttpVersion.HTTP_1_1, HttpMethod.POST, "/", Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        r.headers().set("X-Amz-Target", "TrentService." + operation);
        HttpUtil.setContentLength(r, body.length());
        return r;
    }

    private List<FullHttpResponse> responses() {
        List<FullHttpResponse> out = new ArrayList<>();
        FullHttpResponse r;
        while ((r = ch.readOutbound()) != null) out.add(r);
        return out;
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderWhileAWorkerOperationRuns() {
        ch.writeInbound(request("CreateKey", "{}"));
        ch.writeInbound(request("ListKeys", "{}"));
        ch.writeInbound(request("DescribeKey", "{\"KeyId\":\"missing\"}"));
        assertThat(responses()).isEmpty();
        assertThat(ch.config().isAutoRead()).isFalse();
        t.runWorkers();
        ch.runPendingTasks();
        List<FullHttpResponse> rs = responses();
        assertThat(rs).hasSize(3);
        assertThat(rs.get(0).content().toString(StandardCharsets.UTF_8)).contains("Thread");
        assertThat(rs.get(1).content().toString(StandardCharsets.UTF_8)).contains("Truncated");
        assertThat(rs.get(2).content().toString(StandardCharsets.UTF_8)).contains("NotFoundException");
        assertThat(t.audited).hasSize(3).doesNotHaveDuplicates();
        for (int i = 0; i < 3; i++) {
            assertThat(rs.get(i).headers().get("x-amzn-RequestId")).isEqualTo(t.audited.get(i));
        }
        assertThat(ch.config().isAutoRead()).isTrue();
        rs.forEach(FullHttpResponse::release);
    }

    @Test
    void anOversizedBodyGetsA413ThatIsAudited() {
        HttpRequest start = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/");
        start.headers().set("X-Amz-Target", "TrentService.ListKeys");
        HttpUtil.setTransferEncodingChunked(start, true);
        // The connection is closed after the 413, so the whole request goes in at once.
        ch.writeInbound(
                start, new DefaultHttpContent(Unpooled.wrappedBuffer(new byte[100])), new DefaultLastHttpContent());
        List<FullHttpResponse> rs = responses();
        assertThat(rs).hasSize(1);
        assertThat(rs.get(0).status().code()).isEqualTo(413);
        assertThat(rs.get(0).content().toString(StandardCharsets.UTF_8))
                .contains("RequestEntityTooLargeException")
                .contains("exceeds the maximum of 64 bytes");
        assertThat(t.audited).containsExactly(rs.get(0).headers().get("x-amzn-RequestId"));
        rs.forEach(FullHttpResponse::release);
    }

    @Test
    void healthLeavesThroughTheWriterWithARequestId() {
        ch.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/health"));
        List<FullHttpResponse> rs = responses();
        assertThat(rs).hasSize(1);
        assertThat(rs.get(0).status().code()).isEqualTo(200);
        assertThat(rs.get(0).headers().get("Content-Type")).isEqualTo("application/json");
        assertThat(rs.get(0).headers().get("x-amzn-RequestId")).isEqualTo(t.audited.get(0));
        rs.forEach(FullHttpResponse::release);
    }
}
