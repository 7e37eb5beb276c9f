package dev.trent.server.observe;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trent.server.pipeline.WireJson;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Readiness: named checks that {@code /health} and {@code /health/ready} ask. All passing, the answer is
 * {@code {"status":"ok"}} (200), as it always was; otherwise {@code {"status":"unavailable","failing":[names]}}
 * (503), naming only which parts fail. {@code /health/live} stays 200 while the process answers. Trent registers
 * {@code store} itself ({@link #probeStore}); the audit trail registers {@code audit} once its journal runs.
 *
 * <p>A check is called on the event loop for every health request, so it must only read a value kept up to date
 * elsewhere: the store is probed by a background thread ({@link StoreProbe}), never by the health request.
 */
public final class HealthChecks implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HealthChecks.class);
    /** Name of the store check. */
    public static final String STORE = "store";
    /** Name of the audit trail's check (registered by the audit trail). */
    public static final String AUDIT = "audit";

    private final Map<String, BooleanSupplier> checks = new ConcurrentSkipListMap<>();
    private StoreProbe probe;

    /** Registers (or replaces) a check; it must be quick, must not block and must not throw. */
    public void register(String name, BooleanSupplier healthy) {
        checks.put(name, healthy);
    }

    /** Probes the store every {@code period} with {@code ping} (a cheap read) on a background thread. */
    public synchronized void probeStore(Runnable ping, Duration period, LongSupplier nanoTime) {
        if (probe != null) throw new IllegalStateException("the store is probed already");
        probe = new StoreProbe(ping, period, nanoTime);
        register(STORE, probe::healthy);
    }

    /** The health document: {@code status} ok, or unavailable with the failing checks. */
    public ObjectNode document() {
        ArrayNode failing = null;
        for (var e : checks.entrySet()) {
            boolean ok;
            try {
                ok = e.getValue().getAsBoolean();
            } catch (RuntimeException ex) {
                ok = false;
            }
            if (!ok) {
                if (failing == null) failing = WireJson.MAPPER.createArrayNode();
                failing.add(e.getKey());
            }
        }
        ObjectNode doc = WireJson.MAPPER.createObjectNode();
        if (failing == null) return doc.put("status", "ok");
        doc.put("status", "unavailable");
        doc.set("failing", failing);
        return doc;
    }

    @Override
    public synchronized void close() {
        if (probe != null) probe.close();
    }

    /**
     * Reads the store every period on a virtual thread. Healthy while the last read succeeded and it was recent
     * (within three periods: a store that hangs is as unready as one that fails).
     */
    static final class StoreProbe implements AutoCloseable {
        private final Runnable ping;
        private final long periodNanos;
        private final LongSupplier nanoTime;
        private final Thread thread;
        private volatile boolean ok = true;
        private volatile long lastOk;
        private volatile boolean stopped;

        StoreProbe(Runnable ping, Duration period, LongSupplier nanoTime) {
            this.ping = ping;
            this.periodNanos = period.toNanos();
            this.nanoTime = nanoTime;
            this.lastOk = nanoTime.getAsLong();
            this.thread = Thread.ofVirtual().name("trent-store-probe").start(this::run);
        }

        boolean healthy() {
            return ok && nanoTime.getAsLong() - lastOk <= 3 * periodNanos;
        }

        private void run() {
            while (!stopped) {
                try {
                    ping.run();
                    if (!ok) LOG.info("The store answers again");
                    ok = true;
                    lastOk = nanoTime.getAsLong();
                } catch (RuntimeException e) {
                    if (ok) LOG.warn("The store does not answer: {}; /health reports it unavailable", e.toString());
                    ok = false;
                }
                try {
                    Thread.sleep(Duration.ofNanos(periodNanos));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        @Override
        public void close() {
            stopped = true;
            thread.interrupt();
        }
    }
}
