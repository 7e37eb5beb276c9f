package dev.trent.core.kms;

import dev.trent.core.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the background steps of {@link KeyMaterialOperations} (automatic and on-demand rotation, expiry of imported
 * material and of import tokens, replicas going from Creating to Enabled, multi-Region sets following their
 * replicas) on one node of a cluster at a time, like {@link DeletionScheduler}: a pass runs only while this node
 * holds the store lease {@value #LEASE}, and every write has preconditions. Time comes from the injected Clock,
 * so tests move a clock and call {@link #runOnce()}.
 */
public final class KeyMaintenanceScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KeyMaintenanceScheduler.class);
    public static final String LEASE = "kms-maintenance";
    /** How often a server runs a pass: AWS finishes these steps within seconds. */
    public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(2);

    static final int TTL_PERIODS = 5;

    private final Store store;
    private final KeyMaterialOperations operations;
    private final Clock clock;
    private final String nodeId;
    private final Duration ttl;
    private ScheduledExecutorService executor;
    private volatile boolean failing;

    public KeyMaintenanceScheduler(
            Store store, KeyMaterialOperations operations, Clock clock, String nodeId, Duration period) {
        this.store = store;
        this.operations = operations;
        this.clock = clock;
        this.nodeId = nodeId;
        this.ttl = period.multipliedBy(TTL_PERIODS);
    }

    /** A scheduler that runs a pass now and then every {@code period}, until closed. */
    public static KeyMaintenanceScheduler start(
            Store store, KeyMaterialOperations operations, Clock clock, String nodeId, Duration period) {
        KeyMaintenanceScheduler s = new KeyMaintenanceScheduler(store, operations, clock, nodeId, period);
        s.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "trent-key-maintenance");
            t.setDaemon(true);
            return t;
        });
        s.executor.scheduleWithFixedDelay(s::passLoggingFailures, 0, period.toMillis(), TimeUnit.MILLISECONDS);
        return s;
    }

    private void passLoggingFailures() {
        try {
            runOnce();
            if (failing) LOG.info("Key maintenance passes work again");
            failing = false;
        } catch (RuntimeException e) {
            // one warning when passes start failing, not one every period
            if (!failing) LOG.warn("Key maintenance pass failed; will retry: {}", e.toString());
            failing = true;
        }
    }

    /** One pass: how many keys it changed, or -1 if another node holds the lease. */
    public int runOnce() {
        if (!store.tryLease(LEASE, nodeId, clock.instant(), ttl)) return -1;
        return operations.runDue();
    }

    @Override
    public void close() {
        if (executor != null) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            store.releaseLease(LEASE, nodeId);
        } catch (RuntimeException e) {
            LOG.debug("Could not release the {} lease", LEASE, e);
        }
    }
}
