package dev.trent.server.observe;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.DoubleSupplier;
import java.util.regex.Pattern;

/**
 * Gauges other parts of Trent register for {@code /metrics}, read when it is scraped: for example the audit
 * journal's lag ({@link #AUDIT_JOURNAL_LAG}), which the audit trail registers once its journal runs.
 */
public final class Gauges {
    /** Seconds between the oldest audit event not yet durable in the journal and now (0 when none is waiting). */
    public static final String AUDIT_JOURNAL_LAG = "trent_audit_journal_pending_events";

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    record Gauge(String help, DoubleSupplier value) {}

    private final Map<String, Gauge> gauges = new ConcurrentSkipListMap<>();

    /**
     * Registers (or replaces) a gauge. {@code value} is called on the scraping thread: it must be quick, must not
     * block and must not throw.
     */
    public void register(String name, String help, DoubleSupplier value) {
        if (!NAME.matcher(name).matches()) throw new IllegalArgumentException("not a metric name: " + name);
        gauges.put(name, new Gauge(help, value));
    }

    void render(PrometheusText text) {
        gauges.forEach((name, g) -> {
            double v;
            try {
                v = g.value().getAsDouble();
            } catch (RuntimeException e) {
                v = Double.NaN;
            }
            text.family(name, "gauge", g.help()).sample(name, v);
        });
    }
}
