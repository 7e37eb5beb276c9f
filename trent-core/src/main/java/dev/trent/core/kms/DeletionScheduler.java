package dev.trent.core.kms;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes keys whose deletion waiting period has ended. Time comes from the KeyService's injected Clock, so
 * tests move a clock and call {@link KeyService#purgeExpiredKeys()} (or wait one period) to see deletion.
 */
public final class DeletionScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeletionScheduler.class);
    private final ScheduledExecutorService executor;

    public DeletionScheduler(KeyService keys, Duration period) {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "trent-key-deletion");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(
                () -> {
                    try {
                        keys.purgeExpiredKeys();
                    } catch (RuntimeException e) {
                        LOG.error("Key deletion pass failed; will retry", e);
                    }
                },
                0,
                period.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
