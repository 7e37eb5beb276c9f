package dev.trent.it.bench;

/**
 * A log-linear histogram of latencies in nanoseconds (the layout of HdrHistogram, without the dependency): values
 * below 64 ns have a bucket each; above, every power of two is split into 64 equal buckets, so a reported
 * percentile is within 1/64 (1.6 %) of the true value. Fixed size (about 30 KB), no allocation when recording.
 *
 * <p>Not thread-safe: each connection of the load client records into its own and they are merged at the end.
 */
final class LatencyHistogram {
    private static final int SUB_BITS = 6;
    private static final int SUB = 1 << SUB_BITS;

    private final long[] counts = new long[(64 - SUB_BITS + 1) * SUB];
    private long total;
    private long sum;
    private long max;

    void record(long nanos) {
        long v = Math.max(0, nanos);
        counts[index(v)]++;
        total++;
        sum += v;
        if (v > max) max = v;
    }

    void add(LatencyHistogram other) {
        for (int i = 0; i < counts.length; i++) counts[i] += other.counts[i];
        total += other.total;
        sum += other.sum;
        max = Math.max(max, other.max);
    }

    long count() {
        return total;
    }

    long maxNanos() {
        return max;
    }

    double meanNanos() {
        return total == 0 ? 0 : (double) sum / total;
    }

    /** The latency at or below which {@code percent} % of the recorded values lie (bucket midpoint). */
    long percentileNanos(double percent) {
        if (total == 0) return 0;
        long rank = Math.max(1, (long) Math.ceil(percent / 100.0 * total));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) return Math.min(max, (lower(i) + upper(i)) / 2);
        }
        return max;
    }

    static int index(long v) {
        if (v < SUB) return (int) v;
        int e = 63 - Long.numberOfLeadingZeros(v);
        int shift = e - SUB_BITS;
        int mantissa = (int) (v >>> shift); // in [SUB, 2 * SUB)
        return (shift + 1) * SUB + (mantissa - SUB);
    }

    static long lower(int i) {
        if (i < SUB) return i;
        int shift = i / SUB - 1;
        long mantissa = SUB + (i % SUB);
        return mantissa << shift;
    }

    static long upper(int i) {
        if (i < SUB) return i;
        int shift = i / SUB - 1;
        long mantissa = SUB + (i % SUB);
        return ((mantissa + 1) << shift) - 1;
    }
}
