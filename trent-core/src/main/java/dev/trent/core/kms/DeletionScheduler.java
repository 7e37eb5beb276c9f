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
 * Deletes keys whose deletion waiting period has ended, on one node of a cluster at a time: a pass runs only
 * while this node holds the store lease {@value #LEASE} (taken or renewed at each pass, for {@value
 * #TTL_PERIODS} periods, so a dead node's lease passes on), and the purge itself writes with preconditions.
 *
 * <p>Time comes from the injected Clock, so tests move a clock and call {@link #runOnce()} or
 * {@link KeyLifecycle#purgeExpiredKeys()}.
 */
public final class DeletionScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeletionScheduler.class);
    public static final String LEASE = "kms-deletion";
    static final int TTL_PERIODS = 3;

    private final Store store;
    private final KeyLifecycle lifecycle;
    private final Clock clock;
    private final String nodeId;
    private final Duration ttl;
    private ScheduledExecutorService executor;
    private volatile boolean failing;

    /** A scheduler that runs only when asked ({@link #runOnce()}); {@link #start} runs it every period. */
    public DeletionScheduler(Store store, KeyLifecycle lifecycle, Clock clock, String nodeId, Duration period) {
        this.store = store;
        this.lifecycle = lifecycle;
        this.clock = clock;
        this.nodeId = nodeId;
        this.ttl = period.multipliedBy(TTL_PERIODS);
    }

    /** A scheduler that runs a pass now and then every {@code period}, until closed. */
    public static DeletionScheduler start(
            Store store, KeyLifecycle lifecycle, Clock clock, String nodeId, Duration period) {
        DeletionScheduler s = new DeletionScheduler(store, lifecycle, clock, nodeId, period);
        s.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "trent-key-deletion");
            t.setDaemon(true);
            return t;
        });
        s.executor.scheduleWithFixedDelay(
                () -> {
                    try {
                        s.runOnce();
                        if (s.failing) LOG.info("Key deletion passes work again");
                        s.failing = false;
                    } catch (RuntimeException e) {
                        // one line when passes start failing (a store out of reach), not a stack trace every period
                        if (!s.failing) LOG.warn("Key deletion pass failed; will retry: {}", e.toString());
                        LOG.debug("Key deletion pass failed", e);
                        s.failing = true;
                    }
                },
                0,
                period.toMillis(),
                TimeUnit.MILLISECONDS);
        return s;
    }

    /** One pass: how many keys it deleted, or -1 if another node holds the lease. */
    public int runOnce() {
        if (!store.tryLease(LEASE, nodeId, clock.instant(), ttl)) {
            LOG.debug("Another node holds the {} lease; no deletion pass here", LEASE);
            return -1;
        }
        return lifecycle.purgeExpiredKeys();
    }

    public String nodeId() {
        return nodeId;
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
