package dev.trent.server.observe;

import static dev.trent.server.pipeline.TestService.post;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trent.server.pipeline.Exchange;
import dev.trent.server.pipeline.Outcome;
import dev.trent.server.pipeline.Pipeline;
import dev.trent.server.pipeline.ServiceRegistry;
import dev.trent.server.pipeline.TestService;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ObservabilityTest {
    private final TestService t = new TestService();
    private final List<String> lines = new ArrayList<>();

    private static Exchange get(String path) {
        return new Exchange(
                Instant.parse("2026-12-01T00:00:00Z"),
                "127.0.0.1",
                false,
                "GET",
                path,
                new DefaultHttpHeaders(),
                new byte[0],
                true);
    }

    private static AccessLog.Sink sink(java.util.function.Consumer<List<String>> write) {
        return new AccessLog.Sink() {
            @Override
            public void write(List<String> batch) {
                write.accept(batch);
            }

            @Override
            public void close() {}
        };
    }

    private static String text(Outcome o) {
        return new String(o.body(), StandardCharsets.UTF_8);
    }

    @Test
    void metricsCountRequestsByOperationAndOutcomeInPrometheusTextFormat() {
        Observability obs = new Observability(new ServiceRegistry(List.of(t.definition())), true, null, null);
        obs.gauges().register(Gauges.AUDIT_JOURNAL_LAG, "Audit journal lag.", () -> 0.25);
        Pipeline p = t.observedPipeline(obs);
        p.run(post("ListKeys", "{}"), o -> {});
        p.run(post("ListKeys", "{}"), o -> {});
        p.run(post("DescribeKey", "{\"KeyId\":\"missing\"}"), o -> {});
        p.run(post("ListKeys", "{}", "x-test-quota", "throttle"), o -> {});
        p.run(post("NoSuchOperation", "{}"), o -> {});

        Outcome m = p.run(get("/metrics"), o -> {});
        assertThat(m.status()).isEqualTo(200);
        assertThat(m.contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        String body = text(m);
        assertThat(body)
                .contains("# TYPE trent_requests_total counter\n")
                .contains("trent_requests_total{service=\"kms\",operation=\"ListKeys\",outcome=\"success\"} 2\n")
                .contains("trent_requests_total{service=\"kms\",operation=\"ListKeys\",outcome=\"throttled\"} 1\n")
                .contains("trent_requests_total{service=\"kms\",operation=\"DescribeKey\",outcome=\"failed\"} 1\n")
                .contains("trent_requests_total{service=\"none\",operation=\"none\",outcome=\"malformed\"} 1\n")
                .contains("# TYPE trent_request_duration_seconds histogram\n")
                .contains(
                        "trent_request_duration_seconds_bucket{service=\"kms\",operation=\"ListKeys\",le=\"+Inf\"} 3\n")
                .contains("trent_request_duration_seconds_count{service=\"kms\",operation=\"ListKeys\"} 3\n")
                // the scrape itself is in flight while it renders
                .contains("trent_requests_in_flight 1\n")
                .contains("trent_audit_journal_pending_events 0.25\n")
                // the raw target of the unknown operation never becomes a label
                .doesNotContain("NoSuchOperation");
        // buckets are cumulative and end at the count
        List<Long> buckets = body.lines()
                .filter(l ->
                        l.startsWith("trent_request_duration_seconds_bucket{service=\"kms\",operation=\"ListKeys\""))
                .map(l -> Long.parseLong(l.substring(l.lastIndexOf(' ') + 1)))
                .toList();
        assertThat(buckets).hasSize(RequestMetrics.BUCKETS.length + 1).isSorted();
        assertThat(buckets.getLast()).isEqualTo(3);
        // every sample line is name{labels} value
        assertThat(body.lines().filter(l -> !l.startsWith("#")))
                .allMatch(l -> l.matches("[a-z_]+(\\{[^}]*\\})? [-+0-9.eE]+|[a-z_]+(\\{[^}]*\\})? \\+Inf"));

        Outcome again = p.run(get("/metrics"), o -> {});
        assertThat(text(again)).contains("trent_requests_in_flight 1\n");
    }

    @Test
    void metricsCanBeTurnedOff() {
        Observability obs = new Observability(new ServiceRegistry(List.of(t.definition())), false, null, null);
        Outcome o = t.observedPipeline(obs).run(get("/metrics"), x -> {});
        assertThat(o.status()).isEqualTo(400);
        assertThat(o.errorCode()).isEqualTo("UnknownOperationException");
    }

    @Test
    void theAccessLogWritesOneLinePerRequestWithoutBodies() throws Exception {
        CountDownLatch written = new CountDownLatch(2);
        AccessLog log = new AccessLog(
                sink(batch -> {
                    synchronized (lines) {
                        lines.addAll(batch);
                    }
                    batch.forEach(l -> written.countDown());
                }),
                (service, account, region, ref) ->
                        "arn:aws:kms:" + region + ":" + account + ":key/" + ref.replace('\n', ' '));
        Observability obs = new Observability(new ServiceRegistry(List.of(t.definition())), true, log, null);
        Pipeline p = t.observedPipeline(obs);
        p.run(post("DescribeKey", "{\"KeyId\":\"k1\",\"GrantTokens\":[\"do-not-log\"]}"), o -> {});
        p.run(post("DescribeKey", "{\"KeyId\":\"missing\"}", "x-test-quota", "throttle"), o -> {});
        assertThat(written.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        obs.close();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0))
                .matches("time=2026-12-01T00:00:00Z requestId=[0-9a-f-]{36} sourceIp=127\\.0\\.0\\.1"
                        + " principal=arn:aws:iam::111122223333:root operation=kms:DescribeKey"
                        + " key=arn:aws:kms:us-east-1:111122223333:key/k1 status=200 outcome=success error=-"
                        + " latencyMs=[0-9]+\\.[0-9]{3}");
        assertThat(lines.get(1)).contains(" status=400 outcome=throttled error=ThrottlingException ");
        assertThat(String.join("\n", lines)).doesNotContain("do-not-log").doesNotContain("Rate exceeded");
    }

    @Test
    void aFullQueueDropsAndCountsInsteadOfBlocking() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AccessLog log = new AccessLog(
                sink(batch -> {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }),
                null);
        Exchange ex = post("ListKeys", "{}");
        Outcome ok = Outcome.success(new byte[0]);
        for (int i = 0; i < AccessLog.QUEUE + 600; i++) log.record(ex, ok, System.nanoTime());
        assertThat(log.dropped()).isGreaterThanOrEqualTo(600 - 512);
        release.countDown();
        log.close();
    }
}
