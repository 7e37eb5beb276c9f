package dev.trent.server;

import dev.trent.core.store.Store;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a store that can be out of reach (a database server: {@link Store#shared()}) answers, checked every
 * {@link #PERIOD} on a daemon thread so the health check answers from memory on the event loop. It logs one line
 * when the store stops answering and one when it answers again. An embedded store is always reachable and gets no
 * thread.
 */
final class StoreHealth implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StoreHealth.class);
    static final Duration PERIOD = Duration.ofSeconds(2);

    private final ScheduledExecutorService executor;
    private volatile boolean reachable = true;

    private StoreHealth(Store store) {
        if (!store.shared()) {
            executor = null;
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("trent-store-health").factory());
        executor.scheduleWithFixedDelay(
                () -> check(store), PERIOD.toMillis(), PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    static StoreHealth watch(Store store) {
        return new StoreHealth(store);
    }

    private void check(Store store) {
        boolean now;
        try {
            now = store.reachable();
        } catch (RuntimeException e) {
            now = false;
        }
        if (now != reachable) {
            if (now) LOG.info("The store answers again");
            else
                LOG.warn("The store does not answer; requests that need it fail until it does (the keys in memory"
                        + " keep serving)");
        }
        reachable = now;
    }

    /** {@code ok} or {@code unreachable}, as of the last check. */
    String status() {
        return reachable ? "ok" : "unreachable";
    }

    boolean reachable() {
        return reachable;
    }

    @Override
    public void close() {
        if (executor != null) executor.shutdownNow();
    }
}
