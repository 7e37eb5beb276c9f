package dev.trent.core.store;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a view's {@code refresh()} (which reads the store's change feed) every {@code interval} on one daemon
 * thread, until closed. A failing refresh is retried at the next interval; it is logged once as a warning when it
 * starts failing (then at debug level while it keeps failing) and once when it recovers, so a store that is down
 * costs a few log lines, not one a second.
 *
 * <p>Given the store, it also refreshes as soon as the store says its feed moved ({@link Store#onChange}, e.g.
 * PostgreSQL's LISTEN/NOTIFY), so another node's change is seen within milliseconds; the interval stays the bound
 * when a hint is lost. Hints that arrive while a refresh is already queued are merged into it.
 */
public final class FeedFollower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FeedFollower.class);

    private final ScheduledExecutorService executor;
    private final String what;
    private final AtomicBoolean woken = new AtomicBoolean();
    private final Store.Subscription subscription;
    private boolean failing;

    private FeedFollower(String threadName, String what, Duration interval, Runnable refresh, Store store) {
        this.what = what;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(
                () -> run(refresh), interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        subscription = store == null ? () -> {} : store.onChange(() -> wake(refresh));
    }

    private void wake(Runnable refresh) {
        if (!woken.compareAndSet(false, true)) return; // one queued refresh reads every change up to its start
        try {
            executor.execute(() -> {
                woken.set(false);
                run(refresh);
            });
        } catch (RejectedExecutionException closed) {
            woken.set(false);
        }
    }

    /**
     * Starts following.
     *
     * @param threadName the refresher thread's name
     * @param what what is being kept current, for the log ("the key registry")
     */
    public static FeedFollower start(String threadName, String what, Duration interval, Runnable refresh) {
        return new FeedFollower(threadName, what, interval, refresh, null);
    }

    /** Starts following, and refreshes at once whenever {@code store} says its feed moved. */
    public static FeedFollower start(String threadName, String what, Duration interval, Runnable refresh, Store store) {
        return new FeedFollower(threadName, what, interval, refresh, store);
    }

    private synchronized void run(Runnable refresh) {
        try {
            refresh.run();
            if (failing) {
                failing = false;
                LOG.info("Following the store's changes for {} works again", what);
            }
        } catch (RuntimeException e) {
            if (!failing) {
                failing = true;
                LOG.warn("Following the store's changes for {} failed ({}); retrying", what, e.toString());
            }
            LOG.debug("Refresh of {} failed", what, e);
        }
    }

    /** Stops following and waits (up to 5 s) for a refresh in progress to end. */
    @Override
    public void close() {
        subscription.close();
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
