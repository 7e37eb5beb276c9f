package dev.trent.it.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Soak test of the Trent KMS server (not a test in the build: it runs for minutes). Run it with:
 *
 * <pre>
 * ./mvnw -q -B -pl trent-it -am package -DskipTests
 * java --sun-misc-unsafe-memory-access=allow -cp "trent-it/target/classes:$(cat trent-it/target/classpath.txt)" \
 *     dev.trent.it.bench.SoakBenchmark [--duration 600] ...
 * </pre>
 *
 * <ol>
 *   <li>Starts Trent in a child JVM ({@link ChildJvm}, a fresh data directory), creates a key, and signs (with the AWS
 *       SDK's signer, {@link SignedHttpRequest}) the mixed load: Encrypt, Decrypt and GenerateDataKey (the data
 *       plane, on {@code --connections} keep-alive connections split evenly) and CreateKey and ListKeys (one
 *       connection each, paced at {@code --create-key-rate} and {@code --list-keys-rate} per second: AWS's own
 *       quotas make them rare next to the data plane, and every CreateKey adds a key the server keeps). Requests are
 *       re-signed every interval, well inside SigV4's 15 minutes.</li>
 *   <li>Measures the maximum: the data plane closed-loop (one request in flight per connection, as fast as the
 *       answers come) for {@code --max-seconds} after a {@code --warmup}.</li>
 *   <li>Soaks: paces the data plane at {@code --load-fraction} (80 %) of that maximum for {@code --duration} seconds
 *       ({@link LoadClient.Session}), printing for every {@code --interval}: throughput (and its share of the
 *       target), errors (any answer but 200, any dropped connection), p50/p99 latency, the control-plane rates, the
 *       server's CPU, and its live heap (the total of {@code jcmd <pid> GC.class_histogram}, taken after a full GC) with its
 *       resident memory.</li>
 *   <li>The verdict: PASS when no request failed and the heap is flat: the last interval's heap after GC is within
 *       {@code --heap-tolerance} % (20) of the second interval's (the first still warms up).</li>
 * </ol>
 * The exit status is 0 for PASS, 1 for FAIL, 2 for bad options.
 */
public final class SoakBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HOST = "127.0.0.1";
    private static final Pattern TRENT_READY = Pattern.compile("Trent is ready at https?://[^\\s]*:(\\d+)");
    /** The last line of {@code GC.class_histogram}: {@code Total <instances> <bytes>}. */
    private static final Pattern LIVE_TOTAL = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)\\s*$");
    /** The data-plane streams come first in the session; then CreateKey, then ListKeys. */
    private static final int DATA_PLANE = 3;

    private static final int CREATE_KEY = 3;
    private static final int LIST_KEYS = 4;

    record Options(
            int duration,
            int interval,
            int warmup,
            int maxSeconds,
            double loadFraction,
            int connections,
            int clientThreads,
            double createKeyRate,
            double listKeysRate,
            double heapTolerance,
            int plaintextBytes,
            List<String> trentJvmArgs,
            String region,
            boolean keepData) {}

    /** One request of the mix: its operation and body. */
    private record Request(String operation, byte[] body) {}

    /** One heap sample of the server. */
    /** The live heap, resident memory, and the live bytes by class (from the same class histogram). */
    private record Heap(long usedAfterGc, long resident, Map<String, Long> byClass) {}

    private final Options o;

    private SoakBenchmark(Options o) {
        this.o = o;
    }

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("SoakBenchmark: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        if (o == null) {
            System.out.println(USAGE);
            return;
        }
        System.exit(new SoakBenchmark(o).run());
    }

    private int run() throws Exception {
        Path work = Files.createTempDirectory("trent-soak-");
        Path dataDir = work.resolve("data");
        System.out.printf(
                Locale.ROOT,
                "Trent soak, %s; %d CPUs, JDK %s; load average %s%n",
                Instant.now(),
                Runtime.getRuntime().availableProcessors(),
                Runtime.version(),
                loadAverage());
        boolean completed = false;
        ChildJvm trent = ChildJvm.start(
                "trent",
                o.trentJvmArgs(),
                "dev.trent.cli.Main",
                List.of("server", "--port", "0", "--data-dir", dataDir.toString()),
                work.resolve("trent.log"),
                TRENT_READY);
        Thread killer = new Thread(trent::close, "soak-cleanup");
        Runtime.getRuntime().addShutdownHook(killer);
        try {
            int port =
                    Integer.parseInt(trent.awaitReady(Duration.ofSeconds(120)).group(1));
            System.out.printf(
                    Locale.ROOT,
                    "Trent: pid %d, http://%s:%d, JVM options %s, log %s%n",
                    trent.pid(),
                    HOST,
                    port,
                    o.trentJvmArgs().isEmpty() ? "(defaults)" : String.join(" ", o.trentJvmArgs()),
                    trent.log());
            JsonNode admin = JSON.readTree(Files.readAllBytes(dataDir.resolve("admin-credentials.json")));
            String accessKeyId = admin.get("AccessKeyId").asText();
            String secret = admin.get("SecretAccessKey").asText();
            List<Request> mix = setUp(port, accessKeyId, secret);
            int perOp = Math.max(1, o.connections() / DATA_PLANE);
            List<LoadClient.Stream> streams = new ArrayList<>();
            for (int i = 0; i < mix.size(); i++) {
                Request r = mix.get(i);
                byte[] signed = sign(port, accessKeyId, secret, r);
                if (i < DATA_PLANE) streams.add(new LoadClient.Stream(r.operation(), signed, perOp, 0));
                else
                    streams.add(new LoadClient.Stream(
                            r.operation(), signed, 1, i == CREATE_KEY ? o.createKeyRate() : o.listKeysRate()));
            }
            System.out.printf(
                    Locale.ROOT,
                    "Load: Encrypt (%d-byte plaintext), Decrypt, GenerateDataKey on %d connections each; CreateKey at"
                            + " %.1f/s and ListKeys at %.1f/s on one each; %d client threads%n",
                    o.plaintextBytes(),
                    perOp,
                    o.createKeyRate(),
                    o.listKeysRate(),
                    o.clientThreads());

            InetSocketAddress target = new InetSocketAddress(HOST, port);
            List<Heap> heaps = new ArrayList<>();
            long errors = 0;
            List<String> errorSamples = new ArrayList<>();
            double achievedMin = Double.MAX_VALUE;
            long keysCreated = 0;
            try (LoadClient client = new LoadClient(o.clientThreads());
                    LoadClient.Session session = client.start(target, streams, trent.handle())) {
                // 1. the maximum, closed loop
                System.out.printf(
                        Locale.ROOT,
                        "%nMeasuring the maximum (data plane closed-loop): %d s warm-up, %d s measured ...%n",
                        o.warmup(),
                        o.maxSeconds());
                long t0 = System.nanoTime();
                sleepUntil(t0 + secs(o.warmup()));
                LoadClient.Snapshot warm = session.snapshot();
                errors += note(warm, errorSamples);
                resign(session, mix, port, accessKeyId, secret);
                sleepUntil(t0 + secs(o.warmup() + o.maxSeconds()));
                LoadClient.Snapshot max = session.snapshot();
                errors += note(max, errorSamples);
                keysCreated += warm.perStream().get(CREATE_KEY).count()
                        + max.perStream().get(CREATE_KEY).count();
                double maxRate = dataPlane(max);
                double targetRate = o.loadFraction() * maxRate;
                System.out.printf(
                        Locale.ROOT,
                        "maximum: %.0f req/s (Encrypt %.0f, Decrypt %.0f, GenerateDataKey %.0f), p99 %s, server CPU"
                                + " %.2f cores, %d errors%n",
                        maxRate,
                        max.requestsPerSecond(0),
                        max.requestsPerSecond(1),
                        max.requestsPerSecond(2),
                        ms(max.all().percentileNanos(99)),
                        max.serverCpuCores(),
                        max.errors());

                // 2. the soak, paced
                for (int i = 0; i < DATA_PLANE; i++) session.pace(i, targetRate / (DATA_PLANE * perOp));
                System.out.printf(
                        Locale.ROOT,
                        "%nSoak at %.0f %% of the maximum: target %.0f req/s for %d s, a line every %d s%n",
                        o.loadFraction() * 100,
                        targetRate,
                        o.duration(),
                        o.interval());
                String fmt = "%6s %9s %8s %7s %9s %9s %10s %10s %8s %12s %9s %8s%n";
                System.out.printf(
                        Locale.ROOT,
                        fmt,
                        "t (s)",
                        "req/s",
                        "% target",
                        "errors",
                        "p50",
                        "p99",
                        "CreateKey",
                        "ListKeys",
                        "srv cpu",
                        "heap (MiB)",
                        "RSS (MiB)",
                        "keys");
                session.snapshot(); // from here on
                long start = System.nanoTime();
                int intervals = (int) Math.ceil(o.duration() / (double) o.interval());
                for (int n = 1; n <= intervals; n++) {
                    resign(session, mix, port, accessKeyId, secret);
                    long end = start + secs(Math.min(o.duration(), n * o.interval()));
                    sleepUntil(end);
                    LoadClient.Snapshot s = session.snapshot();
                    errors += note(s, errorSamples);
                    keysCreated += s.perStream().get(CREATE_KEY).count();
                    double rate = dataPlane(s);
                    achievedMin = Math.min(achievedMin, rate / targetRate);
                    Heap heap = heap(trent.pid());
                    heaps.add(heap);
                    System.out.printf(
                            Locale.ROOT,
                            fmt,
                            String.valueOf(Math.round((end - start) / 1e9)),
                            String.format(Locale.ROOT, "%.0f", rate),
                            String.format(Locale.ROOT, "%.0f", 100 * rate / targetRate),
                            String.valueOf(s.errors()),
                            ms(s.all().percentileNanos(50)),
                            ms(s.all().percentileNanos(99)),
                            String.format(Locale.ROOT, "%.1f/s", s.requestsPerSecond(CREATE_KEY)),
                            String.format(Locale.ROOT, "%.1f/s", s.requestsPerSecond(LIST_KEYS)),
                            String.format(Locale.ROOT, "%.2f", s.serverCpuCores()),
                            mib(heap.usedAfterGc()),
                            mib(heap.resident()),
                            String.valueOf(keysCreated));
                    if (s.errors() > 0) System.out.println("       errors, e.g. " + s.errorSamples());
                }
            }
            completed = true;
            return verdict(errors, errorSamples, heaps, achievedMin, keysCreated);
        } finally {
            trent.close();
            try {
                Runtime.getRuntime().removeShutdownHook(killer);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
            if (o.keepData() || !completed) {
                System.out.println("kept " + work + (completed ? "" : " (the run failed: see the logs there)"));
            } else {
                deleteTree(work);
            }
        }
    }

    private int verdict(
            long errors, List<String> errorSamples, List<Heap> heaps, double achievedMin, long keysCreated) {
        System.out.println();
        List<String> failures = new ArrayList<>();
        if (errors > 0) failures.add(errors + " failed requests, e.g. " + errorSamples);
        String heapLine;
        if (heaps.size() < 2 || heaps.stream().anyMatch(h -> h.usedAfterGc() < 0)) {
            heapLine = "heap: not enough samples to judge (needs two intervals and jcmd)";
            failures.add(heapLine);
        } else {
            long second = heaps.get(1).usedAfterGc();
            long last = heaps.getLast().usedAfterGc();
            double growth = 100.0 * (last - second) / second;
            heapLine = String.format(
                    Locale.ROOT,
                    "heap after GC: %s MiB in the second interval, %s MiB in the last (%+.1f %%; tolerance %.0f %%),"
                            + " with %d keys created meanwhile",
                    mib(second),
                    mib(last),
                    growth,
                    o.heapTolerance(),
                    keysCreated);
            if (growth > o.heapTolerance())
                failures.add("the heap grew " + String.format(Locale.ROOT, "%.1f %%", growth));
        }
        System.out.println(heapLine);
        if (heaps.size() >= 2) {
            List<String> grew = growth(heaps.get(1), heaps.getLast(), 8);
            if (!grew.isEmpty()) {
                System.out.println("live bytes that grew most from the second interval to the last, by class:");
                grew.forEach(System.out::println);
            }
        }
        System.out.printf(
                Locale.ROOT,
                "throughput: the slowest interval reached %.0f %% of the target%n",
                100 * (achievedMin == Double.MAX_VALUE ? 0 : achievedMin));
        System.out.println("load average at the end: " + loadAverage());
        if (failures.isEmpty()) {
            System.out.println("SOAK PASS: zero errors, flat heap");
            return 0;
        }
        System.out.println("SOAK FAIL: " + String.join("; ", failures));
        return 1;
    }

    /** Counts a snapshot's errors into the run's and keeps a few samples. */
    private static long note(LoadClient.Snapshot s, List<String> samples) {
        if (samples.size() < 5) samples.addAll(s.errorSamples());
        return s.errors();
    }

    private static double dataPlane(LoadClient.Snapshot s) {
        double sum = 0;
        for (int i = 0; i < DATA_PLANE; i++) sum += s.requestsPerSecond(i);
        return sum;
    }

    // ------------------------------------------------------------------------------------------------ set-up

    /** Creates the key, checks each request of the mix once, and returns the mix in the session's stream order. */
    private List<Request> setUp(int port, String accessKeyId, String secret) throws IOException {
        ObjectNode create = JSON.createObjectNode().put("Description", "trent soak");
        JsonNode created = call(port, accessKeyId, secret, new Request("CreateKey", bytes(create)));
        String keyId = created.path("KeyMetadata").path("KeyId").asText();
        byte[] plaintext = new byte[o.plaintextBytes()];
        new Random(42).nextBytes(plaintext);
        ObjectNode context = JSON.createObjectNode().put("app", "trent-soak").put("tenant", "t-0042");
        ObjectNode encrypt = JSON.createObjectNode().put("KeyId", keyId).put("Plaintext", plaintext);
        encrypt.set("EncryptionContext", context);
        JsonNode enc = call(port, accessKeyId, secret, new Request("Encrypt", bytes(encrypt)));
        ObjectNode decrypt = JSON.createObjectNode()
                .put("CiphertextBlob", enc.path("CiphertextBlob").asText());
        decrypt.set("EncryptionContext", context);
        ObjectNode dataKey = JSON.createObjectNode().put("KeyId", keyId).put("KeySpec", "AES_256");
        dataKey.set("EncryptionContext", context);
        ObjectNode newKey = JSON.createObjectNode().put("Description", "trent soak, created under load");
        ObjectNode list = JSON.createObjectNode().put("Limit", 100);

        List<Request> mix = List.of(
                new Request("Encrypt", bytes(encrypt)),
                new Request("Decrypt", bytes(decrypt)),
                new Request("GenerateDataKey", bytes(dataKey)),
                new Request("CreateKey", bytes(newKey)),
                new Request("ListKeys", bytes(list)));
        List<Predicate<JsonNode>> checks = List.of(
                j -> j.path("CiphertextBlob").isTextual(),
                j -> Arrays.equals(
                        Base64.getDecoder().decode(j.path("Plaintext").asText()), plaintext),
                j -> Base64.getDecoder().decode(j.path("Plaintext").asText()).length == 32,
                j -> j.path("KeyMetadata").path("KeyId").isTextual(),
                j -> j.path("Keys").isArray());
        for (int i = 0; i < mix.size(); i++) {
            JsonNode answer = call(port, accessKeyId, secret, mix.get(i));
            if (!checks.get(i).test(answer))
                throw new IllegalStateException(mix.get(i).operation() + " answered wrongly: " + answer);
        }
        return mix;
    }

    private JsonNode call(int port, String accessKeyId, String secret, Request r) throws IOException {
        RawHttp.Response res = RawHttp.exchange(HOST, port, sign(port, accessKeyId, secret, r));
        if (res.status() != 200)
            throw new IllegalStateException(r.operation() + " answered " + res.status() + ": " + res.bodyText());
        return JSON.readTree(res.body());
    }

    private byte[] sign(int port, String accessKeyId, String secret, Request r) {
        return SignedHttpRequest.sign(HOST, port, o.region(), accessKeyId, secret, r.operation(), r.body())
                .bytes();
    }

    /** Signs every request of the mix afresh (SigV4 signatures are valid for 15 minutes). */
    private void resign(LoadClient.Session session, List<Request> mix, int port, String accessKeyId, String secret) {
        for (int i = 0; i < mix.size(); i++) session.replace(i, sign(port, accessKeyId, secret, mix.get(i)));
    }

    // ------------------------------------------------------------------------------------------------ the heap

    /** The server's heap after a full GC and its resident memory, or -1 where they cannot be read. */
    static Heap heap(long pid) {
        long used = -1;
        Map<String, Long> byClass = Map.of();
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (Files.isExecutable(jcmd)) {
            try {
                // The class histogram walks the live objects right after its own full GC, in one safepoint: unlike
                // GC.run followed by GC.heap_info, it does not count what the load allocated in between.
                String histogram = exec(jcmd.toString(), Long.toString(pid), "GC.class_histogram");
                Matcher m = LIVE_TOTAL.matcher(histogram);
                if (m.find()) used = Long.parseLong(m.group(1));
                byClass = byClass(histogram);
            } catch (IOException e) {
                System.out.println("       jcmd failed: " + e.getMessage());
            }
        }
        return new Heap(used, residentBytes(pid), byClass);
    }

    /** A histogram row: {@code   1:   12345   678901  java.lang.String (java.base@25)}. */
    private static final Pattern HISTOGRAM_ROW = Pattern.compile("(?m)^\\s*\\d+:\\s+\\d+\\s+(\\d+)\\s+(\\S+)");

    private static Map<String, Long> byClass(String histogram) {
        Map<String, Long> out = new HashMap<>();
        Matcher m = HISTOGRAM_ROW.matcher(histogram);
        while (m.find()) out.merge(m.group(2), Long.parseLong(m.group(1)), Long::sum);
        return out;
    }

    /** The classes whose live bytes grew most from {@code from} to {@code to}, as printable lines. */
    private static List<String> growth(Heap from, Heap to, int limit) {
        return to.byClass().entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - from.byClass().getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(limit)
                .map(e -> String.format(Locale.ROOT, "  %+10.1f KiB  %s", e.getValue() / 1024.0, e.getKey()))
                .toList();
    }

    private static String exec(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + out.strip());
            }
            return out;
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static long residentBytes(long pid) {
        try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(pid), "status"))) {
            return lines.filter(l -> l.startsWith("VmRSS:"))
                    .findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("\\D", "")) * 1024)
                    .orElse(-1L);
        } catch (IOException | UncheckedIOException | NumberFormatException e) {
            return -1;
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static String mib(long bytes) {
        return bytes < 0 ? "-" : String.format(Locale.ROOT, "%.1f", bytes / 1048576.0);
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.2fms", nanos / 1e6);
    }

    private static long secs(long s) {
        return TimeUnit.SECONDS.toNanos(s);
    }

    private static void sleepUntil(long deadline) {
        for (long left; (left = deadline - System.nanoTime()) > 0; ) LockSupport.parkNanos(left);
    }

    private static byte[] bytes(JsonNode n) {
        try {
            return JSON.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: it is a temp directory
        }
    }

    // ------------------------------------------------------------------------------------------------ options

    static final String USAGE = """
            usage: SoakBenchmark [options]
              --duration S          seconds of soak at the paced load (default 600)
              --interval S          seconds per report line and heap sample (default 60); the heap verdict compares
                                    the last interval with the second
              --warmup S            seconds of closed-loop warm-up before the maximum is measured (default 15)
              --max-seconds S       seconds over which the maximum is measured (default 20)
              --load-fraction F     the soak's data-plane load as a fraction of the maximum (default 0.8)
              --connections N       data-plane keep-alive connections, split over Encrypt, Decrypt and
                                    GenerateDataKey (default 63)
              --client-threads N    event-loop threads of the load client (default 2)
              --create-key-rate R   CreateKey requests per second, on one connection (default 2)
              --list-keys-rate R    ListKeys requests per second, on one connection (default 20)
              --heap-tolerance PCT  how much the heap after GC may grow from the second interval to the last
                                    (default 20)
              --plaintext-bytes N   Encrypt plaintext size, 1..4096 (default 1024)
              --trent-jvm-arg ARG   extra JVM option for the Trent server, repeatable (e.g. -Xmx512m)
              --region R            region the requests are signed for (default us-east-1)
              --keep-data           keep the temp directory (data, server log)
            """;

    static Options parse(String[] args) {
        int duration = 600, interval = 60, warmup = 15, maxSeconds = 20, connections = 63, clientThreads = 2;
        int plaintext = 1024;
        double fraction = 0.8, createKeyRate = 2, listKeysRate = 20, heapTolerance = 20;
        String region = "us-east-1";
        boolean keep = false;
        List<String> jvm = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                v = a.substring(eq + 1);
                a = a.substring(0, eq);
            }
            switch (a) {
                case "-h", "--help" -> {
                    return null;
                }
                case "--keep-data" -> keep = true;
                default -> {
                    if (v == null) {
                        if (i + 1 >= args.length) throw new IllegalArgumentException(a + " needs a value");
                        v = args[++i];
                    }
                    switch (a) {
                        case "--duration" -> duration = positive(a, v);
                        case "--interval" -> interval = positive(a, v);
                        case "--warmup" -> warmup = positive(a, v);
                        case "--max-seconds" -> maxSeconds = positive(a, v);
                        case "--connections" -> connections = positive(a, v);
                        case "--client-threads" -> clientThreads = positive(a, v);
                        case "--plaintext-bytes" -> plaintext = positive(a, v);
                        case "--load-fraction" -> fraction = decimal(a, v);
                        case "--create-key-rate" -> createKeyRate = decimal(a, v);
                        case "--list-keys-rate" -> listKeysRate = decimal(a, v);
                        case "--heap-tolerance" -> heapTolerance = decimal(a, v);
                        case "--region" -> region = v;
                        case "--trent-jvm-arg" -> jvm.add(v);
                        default -> throw new IllegalArgumentException("unknown option " + a);
                    }
                }
            }
        }
        if (plaintext > 4096) throw new IllegalArgumentException("--plaintext-bytes: KMS Encrypt takes at most 4096");
        if (fraction > 1) throw new IllegalArgumentException("--load-fraction must be at most 1");
        // requests are re-signed every interval and must stay inside SigV4's 15-minute window
        if (interval > 600) throw new IllegalArgumentException("--interval must be at most 600 seconds");
        if (warmup + maxSeconds > 600)
            throw new IllegalArgumentException("--warmup + --max-seconds must be at most 600 seconds");
        if (interval > duration) throw new IllegalArgumentException("--interval must not exceed --duration");
        if (connections < DATA_PLANE)
            throw new IllegalArgumentException("--connections must be at least " + DATA_PLANE);
        return new Options(
                duration,
                interval,
                warmup,
                maxSeconds,
                fraction,
                connections,
                clientThreads,
                createKeyRate,
                listKeysRate,
                heapTolerance,
                plaintext,
                List.copyOf(jvm),
                region,
                keep);
    }

    private static int positive(String name, String v) {
        int n = KmsLoadBenchmark.wholeNumber(name, v);
        if (n <= 0) throw new IllegalArgumentException(name + " must be positive");
        return n;
    }

    private static double decimal(String name, String v) {
        try {
            double d = Double.parseDouble(v);
            if (!(d > 0) || Double.isInfinite(d)) throw new IllegalArgumentException(name + " must be positive");
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " takes a number, not '" + v + "'");
        }
    }
}
