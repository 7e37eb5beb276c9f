package dev.trent.core.fuzz;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts what a fuzz target saw (inputs, outcomes by label, the slowest input) and prints one summary line per
 * property, with the heap in use after a full collection, so a long run reports its figures and a growing heap
 * shows.
 */
public final class FuzzStats {
    private final String target;
    private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
    private final LongAdder inputs = new LongAdder();
    private volatile long slowestNanos;
    private final long startNanos = System.nanoTime();

    public FuzzStats(String target) {
        this.target = target;
    }

    /** Records one input, its outcome label (e.g. {@code 400 ValidationException}) and how long it took. */
    public void record(String outcome, long nanos) {
        inputs.increment();
        outcomes.computeIfAbsent(outcome, k -> new LongAdder()).increment();
        if (nanos > slowestNanos) slowestNanos = nanos;
    }

    public long inputs() {
        return inputs.sum();
    }

    /** The heap in use after a full collection, in MiB. */
    public static long heapAfterGcMiB() {
        System.gc();
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return heap.getUsed() >> 20;
    }

    /** One line: target, inputs, seconds, slowest input, heap after GC, and the outcome counts. */
    public String summary() {
        Map<String, Long> sorted = new TreeMap<>();
        outcomes.forEach((k, v) -> sorted.put(k, v.sum()));
        return String.format(
                "FUZZ %s: %d inputs in %.1f s, slowest %.1f ms, heap after GC %d MiB (max %d MiB); outcomes %s",
                target,
                inputs(),
                (System.nanoTime() - startNanos) / 1e9,
                slowestNanos / 1e6,
                heapAfterGcMiB(),
                Runtime.getRuntime().maxMemory() >> 20,
                sorted);
    }
}
