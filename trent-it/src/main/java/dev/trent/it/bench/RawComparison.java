package dev.trent.it.bench;

import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The raw-JCA side of the Sign and GenerateMac scenarios: measures each {@link RawPrimitive} single-threaded in the
 * benchmark's JVM, in the same interleaved rounds as the HTTP figures (right after its scenario, while both servers
 * are idle), over the same message bytes, and prints the two side by side.
 *
 * <p>The ratio printed is HTTP req/s ÷ (raw ops/s per core × server cores used): the share of the server's CPU
 * that would be left for the primitive if it were all the server did. 1.0 means the request costs the server no
 * more than the bare primitive; 0.25 means the primitive is a quarter of what a request costs.
 */
final class RawComparison {
    /** One scenario's HTTP figures, all rounds together. */
    record HttpRow(String scenario, RawPrimitive raw, double requestsPerSecond, double serverCores) {}

    private static final class Sum {
        final RawPrimitive.Prepared prepared;
        long ops;
        double seconds;
        double cpuSeconds;

        Sum(RawPrimitive.Prepared prepared) {
            this.prepared = prepared;
        }

        double perCore() {
            return ops / cpuSeconds;
        }
    }

    private final byte[] message;
    private final Map<RawPrimitive, Sum> sums = new EnumMap<>(RawPrimitive.class);

    RawComparison(byte[] message) {
        this.message = message.clone();
    }

    /** Measures {@code p} for {@code window} (after {@code warm} unmeasured) and adds it to its total. */
    RawPrimitive.Measurement measure(RawPrimitive p, Duration warm, Duration window) throws GeneralSecurityException {
        Sum sum = sums.get(p);
        if (sum == null) {
            sum = new Sum(p.prepare());
            sums.put(p, sum);
        }
        RawPrimitive.Measurement m = RawPrimitive.measure(sum.prepared.op(), message, warm, window);
        sum.ops += m.ops();
        sum.seconds += m.seconds();
        sum.cpuSeconds += m.cpuSeconds();
        return m;
    }

    boolean isEmpty() {
        return sums.isEmpty();
    }

    void print(List<HttpRow> rows) {
        System.out.println();
        System.out.println(
                "== HTTP vs raw JCA (raw: one thread in the benchmark JVM, same " + message.length
                        + "-byte message, one initialised Signature/Mac reused; per core = ops per CPU-second of that thread) ==");
        String fmt = "%-22s %9s %9s %11s  %-40s %12s %10s %9s%n";
        System.out.printf(
                Locale.ROOT,
                fmt,
                "scenario",
                "req/s",
                "srv cores",
                "req/s/core",
                "raw primitive (provider)",
                "raw ops/s/core",
                "raw ops/s",
                "ratio");
        for (HttpRow r : rows) {
            Sum s = sums.get(r.raw());
            if (s == null) continue;
            System.out.printf(
                    Locale.ROOT,
                    fmt,
                    r.scenario(),
                    String.format(Locale.ROOT, "%.0f", r.requestsPerSecond()),
                    String.format(Locale.ROOT, "%.2f", r.serverCores()),
                    String.format(Locale.ROOT, "%.0f", r.requestsPerSecond() / r.serverCores()),
                    r.raw().description() + " (" + s.prepared.provider() + ")",
                    String.format(Locale.ROOT, "%.0f", s.perCore()),
                    String.format(Locale.ROOT, "%.0f", s.ops / s.seconds),
                    String.format(Locale.ROOT, "%.2f", r.requestsPerSecond() / (s.perCore() * r.serverCores())));
        }
        System.out.println("(ratio: HTTP req/s / (raw ops/s per core x server cores used); 1.00 = the server spends"
                + " nothing beyond the primitive;\n raw ops/s: wall-clock, below ops/s/core when the thread did not"
                + " get a whole core)");
    }
}
