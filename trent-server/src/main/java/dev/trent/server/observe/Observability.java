package dev.trent.server.observe;

import dev.trent.core.quota.RequestQuota;
import dev.trent.server.pipeline.Exchange;
import dev.trent.server.pipeline.Outcome;
import dev.trent.server.pipeline.ServiceRegistry;
import dev.trent.server.pipeline.Stages;
import dev.trent.server.quota.QuotaStage;
import java.nio.charset.StandardCharsets;

/**
 * What Trent tells its operators about the requests it serves: request metrics ({@code GET /metrics}, Prometheus text
 * format, unless turned off), the access log (when configured) and the gauges other parts register. The pipeline's
 * {@link Stages.Observer}.
 */
public final class Observability implements Stages.Observer, AutoCloseable {
    public static final String METRICS_PATH = "/metrics";

    private final RequestMetrics metrics;
    private final boolean serveMetrics;
    private final AccessLog accessLog;
    private final QuotaStage quotas;
    private final Gauges gauges = new Gauges();

    /**
     * @param accessLog the access log, or null for none
     * @param quotas the quota stage whose throttles are counted, or null
     */
    public Observability(ServiceRegistry services, boolean serveMetrics, AccessLog accessLog, QuotaStage quotas) {
        this.metrics = new RequestMetrics(services);
        this.serveMetrics = serveMetrics;
        this.accessLog = accessLog;
        this.quotas = quotas;
    }

    /** Where other parts register gauges ({@link Gauges#AUDIT_JOURNAL_LAG}). */
    public Gauges gauges() {
        return gauges;
    }

    @Override
    public void started(Exchange exchange) {
        metrics.started();
    }

    @Override
    public void finished(Exchange exchange, Outcome outcome, boolean counted) {
        long now = System.nanoTime();
        metrics.finished(exchange, outcome, counted, now);
        if (accessLog != null) accessLog.record(exchange, outcome, now);
    }

    @Override
    public boolean serves(String path) {
        return serveMetrics && METRICS_PATH.equals(path);
    }

    @Override
    public Outcome endpoint(String path) {
        if (!serves(path)) return null;
        return new Outcome(
                Outcome.Kind.HEALTH,
                200,
                PrometheusText.CONTENT_TYPE,
                render().getBytes(StandardCharsets.UTF_8),
                null,
                null);
    }

    /** The metrics in Prometheus text format. */
    String render() {
        PrometheusText t = new PrometheusText();
        t.family("trent_requests_total", "counter", "Requests answered, by service, operation and outcome.");
        for (RequestMetrics.Series s : metrics.series()) {
            for (Outcome.Kind k : RequestMetrics.KINDS) {
                long n = s.outcomes[k.ordinal()].sum();
                if (n > 0) {
                    t.sample(
                            "trent_requests_total",
                            n,
                            "service",
                            s.service,
                            "operation",
                            s.operation,
                            "outcome",
                            RequestMetrics.label(k));
                }
            }
        }
        t.family(
                "trent_request_duration_seconds",
                "histogram",
                "Time from a request's arrival to its answer, by service and operation.");
        for (RequestMetrics.Series s : metrics.series()) {
            long count = s.count();
            if (count == 0) continue;
            long cumulative = 0;
            for (int b = 0; b <= RequestMetrics.BUCKETS.length; b++) {
                cumulative += s.buckets[b].sum();
                String le =
                        b < RequestMetrics.BUCKETS.length ? PrometheusText.number(RequestMetrics.BUCKETS[b]) : "+Inf";
                t.sample(
                        "trent_request_duration_seconds_bucket",
                        cumulative,
                        "service",
                        s.service,
                        "operation",
                        s.operation,
                        "le",
                        le);
            }
            t.sample(
                    "trent_request_duration_seconds_sum",
                    s.sumNanos.sum() / 1e9,
                    "service",
                    s.service,
                    "operation",
                    s.operation);
            t.sample("trent_request_duration_seconds_count", count, "service", s.service, "operation", s.operation);
        }
        t.family("trent_requests_in_flight", "gauge", "Requests being handled now.")
                .sample("trent_requests_in_flight", metrics.inFlight());
        if (quotas != null) {
            t.family(
                    "trent_throttled_requests_total",
                    "counter",
                    "Requests refused with ThrottlingException, by request quota.");
            for (RequestQuota q : quotas.quotas().catalogue().all()) {
                t.sample("trent_throttled_requests_total", quotas.throttledCount(q), "quota", q.code());
            }
        }
        if (accessLog != null) {
            t.family(
                            "trent_access_log_dropped_total",
                            "counter",
                            "Access log lines dropped because the writer fell behind.")
                    .sample("trent_access_log_dropped_total", accessLog.dropped());
        }
        gauges.render(t);
        return t.toString();
    }

    @Override
    public void close() {
        if (accessLog != null) accessLog.close();
    }
}
