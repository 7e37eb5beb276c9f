package dev.trent.core.kms;

import dev.trent.core.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
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
    private final String lease;
    private final IntSupplier purge;
    private final Clock clock;
    private final String nodeId;
    private final Duration ttl;
    private ScheduledExecutorService executor;
    private volatile boolean failing;

    /** A scheduler that runs only when asked ({@link #runOnce()}); {@link #start} runs it every period. */
    public DeletionScheduler(Store store, KeyLifecycle lifecycle, Clock clock, String nodeId, Duration period) {
        this(store, LEASE, lifecycle::purgeExpiredKeys, clock, nodeId, period);
    }

    /**
     * A scheduler of other deletions (secrets at the end of their recovery window): {@code purge} deletes what is
     * due and returns how many, under the store lease {@code lease}.
     */
    public DeletionScheduler(
            Store store, String lease, IntSupplier purge, Clock clock, String nodeId, Duration period) {
        this.store = store;
        this.lease = lease;
        this.purge = purge;
        this.clock = clock;
        this.nodeId = nodeId;
        this.ttl = period.multipliedBy(TTL_PERIODS);
    }

    /** A scheduler that runs a pass now and then every {@code period}, until closed. */
    public static DeletionScheduler start(
            Store store, KeyLifecycle lifecycle, Clock clock, String nodeId, Duration period) {
        return start(new DeletionScheduler(store, lifecycle, clock, nodeId, period), period);
    }

    /** Runs {@code s} now and then every {@code period}, until closed. */
    public static DeletionScheduler start(DeletionScheduler s, Duration period) {
        s.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "trent-deletion-" + s.lease);
            t.setDaemon(true);
            return t;
        });
        s.executor.scheduleWithFixedDelay(
                () -> {
                    try {
                        s.runOnce();
                        if (s.failing) LOG.info("Deletion passes ({}) work again", s.lease);
                        s.failing = false;
                    } catch (RuntimeException e) {
                        // one line when passes start failing (a store out of reach), not a stack trace every period
                        if (!s.failing) LOG.warn("Deletion pass ({}) failed; will retry: {}", s.lease, e.toString());
                        LOG.debug("Deletion pass ({}) failed", s.lease, e);
                        s.failing = true;
                    }
                },
                0,
                period.toMillis(),
                TimeUnit.MILLISECONDS);
        return s;
    }

    /** One pass: how many keys (or secrets) it deleted, or -1 if another node holds the lease. */
    public int runOnce() {
        if (!store.tryLease(lease, nodeId, clock.instant(), ttl)) {
            LOG.debug("Another node holds the {} lease; no deletion pass here", lease);
            return -1;
        }
        return purge.getAsInt();
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
            store.releaseLease(lease, nodeId);
        } catch (RuntimeException e) {
            LOG.debug("Could not release the {} lease", lease, e);
        }
    }
}
