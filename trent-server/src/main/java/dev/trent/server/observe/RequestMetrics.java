package dev.trent.server.observe;

import dev.trent.server.pipeline.Exchange;
import dev.trent.server.pipeline.OperationSpec;
import dev.trent.server.pipeline.Outcome;
import dev.trent.server.pipeline.ServiceDefinition;
import dev.trent.server.pipeline.ServiceRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Request counters and latency histograms by service, operation and outcome. The series are made at start from
 * the registered services' models (operation names from the model, never from input), so their number is bounded
 * and counting a request allocates nothing: two map lookups by strings the exchange holds, a few {@link LongAdder}
 * increments.
 */
public final class RequestMetrics {
    /** Upper bounds of the latency buckets, in seconds (a last, {@code +Inf}, bucket catches the rest). */
    static final double[] BUCKETS = {
        0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
    };

    private static final long[] BUCKET_NANOS = new long[BUCKETS.length];

    static {
        for (int i = 0; i < BUCKETS.length; i++) BUCKET_NANOS[i] = Math.round(BUCKETS[i] * 1e9);
    }

    static final Outcome.Kind[] KINDS = Outcome.Kind.values();

    /** One service and operation's counters. */
    static final class Series {
        final String service;
        final String operation;
        final LongAdder[] outcomes = adders(KINDS.length);
        /** Per bucket (not cumulative), the last one {@code +Inf}. */
        final LongAdder[] buckets = adders(BUCKETS.length + 1);

        final LongAdder sumNanos = new LongAdder();

        Series(String service, String operation) {
            this.service = service;
            this.operation = operation;
        }

        void record(Outcome.Kind kind, long nanos) {
            outcomes[kind.ordinal()].increment();
            int b = 0;
            while (b < BUCKET_NANOS.length && nanos > BUCKET_NANOS[b]) b++;
            buckets[b].increment();
            sumNanos.add(nanos);
        }

        long count() {
            long n = 0;
            for (LongAdder a : buckets) n += a.sum();
            return n;
        }
    }

    /** Service signing name → operation name → series. */
    private final Map<String, Map<String, Series>> byOperation = new HashMap<>();
    /** Requests that named no operation (malformed, health checks, metrics). */
    private final Series unrouted = new Series("none", "none");

    private final List<Series> all = new ArrayList<>();
    private final LongAdder inFlight = new LongAdder();

    public RequestMetrics(ServiceRegistry services) {
        for (ServiceDefinition s : services.services()) {
            Map<String, Series> ops = byOperation.computeIfAbsent(s.signingName(), k -> new HashMap<>());
            for (String name : new TreeMap<>(s.operations()).keySet()) {
                Series series = new Series(s.signingName(), name);
                ops.put(name, series);
                all.add(series);
            }
        }
        all.add(unrouted);
    }

    void started() {
        inFlight.increment();
    }

    void finished(Exchange exchange, Outcome outcome, boolean counted, long now) {
        if (counted) inFlight.decrement();
        OperationSpec op = exchange.operation();
        Map<String, Series> ops =
                op == null ? null : byOperation.get(exchange.service().signingName());
        Series s = ops == null ? null : ops.get(op.name());
        (s == null ? unrouted : s).record(outcome.kind(), now - exchange.startNanos());
    }

    long inFlight() {
        return inFlight.sum();
    }

    List<Series> series() {
        return all;
    }

    static String label(Outcome.Kind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    private static LongAdder[] adders(int n) {
        LongAdder[] a = new LongAdder[n];
        for (int i = 0; i < n; i++) a[i] = new LongAdder();
        return a;
    }
}
