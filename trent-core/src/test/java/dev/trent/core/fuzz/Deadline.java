package dev.trent.core.fuzz;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one fuzz input on a thread of its own and fails if it does not finish in time: a hang is a failure, not a
 * build that never ends. The limit is generous (inputs take microseconds to milliseconds; the machine is shared).
 */
public final class Deadline {
    public static final Duration PER_INPUT = Duration.ofSeconds(10);
    private static ExecutorService executor = newExecutor();

    private Deadline() {}

    private static ExecutorService newExecutor() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-input");
            t.setDaemon(true);
            return t;
        });
    }

    /** The result of {@code work}, or its exception as thrown; an {@link AssertionError} if it runs too long. */
    public static synchronized <T> T within(Callable<T> work) throws Exception {
        Future<T> f = executor.submit(work);
        try {
            return f.get(PER_INPUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException hang) {
            f.cancel(true);
            executor.shutdownNow();
            executor = newExecutor(); // the stuck thread is abandoned (daemon)
            throw new AssertionError("the input did not finish within " + PER_INPUT + ": a hang");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) throw ex;
            if (e.getCause() instanceof Error err) throw err;
            throw e;
        }
    }

    /** {@link #within(Callable)} for work without a result. */
    public static void run(ThrowingRunnable work) throws Exception {
        within(() -> {
            work.run();
            return null;
        });
    }

    /** Work that may throw. */
    @FunctionalInterface
    public interface ThrowingRunnable {
        void run() throws Exception;
    }
}
