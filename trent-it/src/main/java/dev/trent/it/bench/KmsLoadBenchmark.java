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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Throughput benchmark of the Trent KMS server (not a test). Run it with:
 *
 * <pre>
 * ./mvnw -q -B -pl trent-it -am install -DskipTests
 * java -cp "trent-it/target/classes:$(cat trent-it/target/classpath.txt)" dev.trent.it.bench.KmsLoadBenchmark
 * </pre>
 *
 * <p>What it does, in one run:
 * <ol>
 *   <li>Starts two servers, each in its own child JVM on this JVM's classpath (so heap, GC, JIT and CPU time are
 *       apart from the load generator's): Trent ({@code dev.trent.cli.Main server --port 0 --data-dir <tmp>}, a
 *       fresh data directory, SigV4 verification on as always) and {@link BareNettyServer}, a Netty handler with
 *       Trent's pipeline shape that does no work: the machine's HTTP ceiling.</li>
 *   <li>Reads the admin credentials Trent wrote to {@code <data-dir>/admin-credentials.json}, creates a symmetric
 *       key with one signed {@code CreateKey}, and signs (with the AWS SDK's own SigV4 signer) one request each
 *       for Encrypt, Decrypt (of a ciphertext Encrypt returned) and GenerateDataKey (AES_256), all with an
 *       encryption context. Each is checked once, then replayed byte for byte: SigV4 signatures are valid for 15
 *       minutes, and each scenario is signed right before it runs.</li>
 *   <li>Measures the ceiling (the bare Netty server fed the same signed Encrypt bytes) and then each Trent
 *       scenario with {@link LoadClient}, a lean closed-loop Netty client: fixed number of keep-alive connections,
 *       one request in flight on each; warmup, then a measured window. Prints requests/s, p50/p99/p99.9/max
 *       latency, errors (any non-200: a benchmark that measures errors is wrong, so the run then fails), CPU used
 *       by client and server, and each scenario's throughput as a ratio of the ceiling.</li>
 *   <li>If {@code wrk} is installed, repeats the ceiling and Encrypt with wrk replaying the same signed request
 *       from a Lua script, to show that the Java client is not the bottleneck.</li>
 * </ol>
 * The exit status is 0 when every request of every scenario got a 200, 1 otherwise, 2 for bad options.
 */
public final class KmsLoadBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HOST = "127.0.0.1";
    private static final Pattern TRENT_READY = Pattern.compile("Trent is ready at https?://[^\\s]*:(\\d+)");
    private static final Pattern BARE_READY = Pattern.compile(Pattern.quote(BareNettyServer.READY) + "(\\d+)");
    /** The target of the issue: Encrypt at half the bare-Netty ceiling or more. */
    static final double TARGET_RATIO = 0.5;

    record Options(int duration, int warmup, int serverWarmup, int connections, int clientThreads, List<String> scenarios,
            int plaintextBytes, boolean noWrk, String wrkPath, int wrkThreads, List<String> trentJvmArgs,
            String region, boolean keepData) {}

    private record Scenario(String name, String operation, byte[] body, Consumer<JsonNode> check) {}

    private record Setup(Scenario encrypt, List<Scenario> selected) {}

    private record Row(String name, double rps, LatencyHistogram lat, long errors, String extra,
            double serverCpuMicrosPerRequest) {}

    private final Options o;
    private final List<String> problems = new ArrayList<>();

    private KmsLoadBenchmark(Options o) {
        this.o = o;
    }

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("KmsLoadBenchmark: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        if (o == null) {
            System.out.println(USAGE);
            return;
        }
        System.exit(new KmsLoadBenchmark(o).run());
    }

    // ------------------------------------------------------------------------------------------------ the run

    private int run() throws Exception {
        Path work = Files.createTempDirectory("trent-bench-");
        Path dataDir = work.resolve("data");
        printMachine();
        List<ChildJvm> children = new ArrayList<>();
        Thread killer = new Thread(() -> children.forEach(ChildJvm::close), "bench-cleanup");
        Runtime.getRuntime().addShutdownHook(killer);
        try {
            ChildJvm trent = ChildJvm.start("trent", o.trentJvmArgs(), "dev.trent.cli.Main",
                    List.of("server", "--port", "0", "--data-dir", dataDir.toString()), work.resolve("trent.log"),
                    TRENT_READY);
            children.add(trent);
            ChildJvm bare = ChildJvm.start("bare-netty", List.of(), BareNettyServer.class.getName(), List.of("0"),
                    work.resolve("bare-netty.log"), BARE_READY);
            children.add(bare);
            int trentPort = Integer.parseInt(trent.awaitReady(Duration.ofSeconds(120)).group(1));
            int barePort = Integer.parseInt(bare.awaitReady(Duration.ofSeconds(60)).group(1));
            System.out.printf(Locale.ROOT, "Trent:      pid %d, http://%s:%d, data %s, log %s%n", trent.pid(), HOST,
                    trentPort, dataDir, trent.log());
            System.out.printf(Locale.ROOT, "bare Netty: pid %d, http://%s:%d, log %s%n", bare.pid(), HOST, barePort,
                    bare.log());

            JsonNode admin = JSON.readTree(Files.readAllBytes(dataDir.resolve("admin-credentials.json")));
            Signer signer = new Signer(trentPort, o.region(), admin.get("AccessKeyId").asText(),
                    admin.get("SecretAccessKey").asText());
            Setup setup = setUp(signer);
            InetSocketAddress trentAddr = new InetSocketAddress(HOST, trentPort);
            InetSocketAddress bareAddr = new InetSocketAddress(HOST, barePort);

            byte[] sample = signer.sign("Encrypt", setup.encrypt().body()).bytes();
            System.out.printf(Locale.ROOT, "%nClient: lean Netty NIO load generator in this JVM, %d event-loop threads,"
                    + " %d keep-alive connections, closed loop (one request in flight per connection);%n"
                    + "Trent JIT warm-up %d s (all scenarios mixed), then per scenario warmup %d s and %d s measured."
                    + " Requests signed with SigV4%n(the AWS SDK's signer) once per scenario and replayed.%n",
                    o.clientThreads(), o.connections(), o.serverWarmup(), o.warmup(), o.duration());
            System.out.printf(Locale.ROOT, "Payloads: Encrypt %d-byte plaintext + 2-pair encryption context"
                    + " (request %d bytes on the wire); Decrypt of its ciphertext; GenerateDataKey AES_256.%n%n",
                    o.plaintextBytes(), sample.length);

            List<Row> rows = new ArrayList<>();
            double ceiling;
            try (LoadClient client = new LoadClient(o.clientThreads())) {
                // the ceiling: the bare server, fed the same signed Encrypt bytes
                SignedHttpRequest enc = signer.sign("Encrypt", setup.encrypt().body());
                RawHttp.Response r = RawHttp.exchange(HOST, barePort, enc.bytes());
                if (r.status() != 200) throw new IllegalStateException("bare Netty answered " + r.status());
                System.out.printf(Locale.ROOT, "running %-28s ...%n", "bare Netty (ceiling)");
                LoadClient.Result base = client.run(bareAddr, enc.bytes(), o.connections(), secs(o.warmup()),
                        secs(o.duration()), bare.handle());
                ceiling = base.requestsPerSecond();
                rows.add(row("bare Netty (ceiling)", base, ceiling));
                printRow(rows.getLast());

                if (o.serverWarmup() > 0) {
                    // JIT warm-up of every path measured, so the first scenario is not penalized for going first
                    List<byte[]> mix = new ArrayList<>();
                    for (Scenario s : setup.selected()) mix.add(signer.sign(s.operation(), s.body()).bytes());
                    System.out.printf(Locale.ROOT, "warming up Trent for %d s with a mix of the scenarios ...%n",
                            o.serverWarmup());
                    LoadClient.Result w = client.run(trentAddr, mix, o.connections(), Duration.ZERO,
                            secs(o.serverWarmup()), trent.handle());
                    if (w.errors() > 0) problems.add("Trent warm-up: " + w.errors() + " errors, e.g. " + w.errorSamples());
                }

                for (Scenario s : setup.selected()) {
                    SignedHttpRequest req = signer.sign(s.operation(), s.body());
                    check(s, RawHttp.exchange(HOST, trentPort, req.bytes()));
                    System.out.printf(Locale.ROOT, "running %-28s ...%n", "Trent " + s.name());
                    LoadClient.Result res = client.run(trentAddr, req.bytes(), o.connections(), secs(o.warmup()),
                            secs(o.duration()), trent.handle());
                    rows.add(row("Trent " + s.name(), res, ceiling));
                    printRow(rows.getLast());
                }
            }
            System.out.println();
            System.out.println("== Java client (" + o.connections() + " connections, " + o.clientThreads()
                    + " threads, " + o.duration() + " s measured) ==");
            printTable(rows, ceiling);

            Optional<Double> wrkRatio = Optional.empty();
            if (!o.noWrk()) {
                Optional<WrkRunner> wrk = WrkRunner.find(o.wrkPath());
                if (wrk.isEmpty()) {
                    System.out.println("\nwrk not found (install it, e.g. apt-get install -y wrk, or pass --wrk PATH):"
                            + " skipping the wrk cross-check.");
                } else {
                    wrkRatio = Optional.of(runWrk(wrk.get(), work, signer, setup.encrypt(), trentPort, barePort,
                            trent, bare));
                }
            }

            Optional<Row> encrypt = rows.stream().filter(r -> r.name().equals("Trent Encrypt")).findFirst();
            System.out.println();
            if (encrypt.isPresent()) {
                double ratio = encrypt.get().rps() / ceiling;
                System.out.printf(Locale.ROOT, "Target Encrypt >= %.2fx the bare-Netty ceiling: %s (%.2fx with the"
                        + " Java client%s)%n", TARGET_RATIO, ratio >= TARGET_RATIO ? "MET" : "NOT MET", ratio,
                        wrkRatio.map(w -> String.format(Locale.ROOT, ", %.2fx with wrk", w)).orElse(""));
            }
            System.out.println("load average at the end: " + loadAverage());
            if (!problems.isEmpty()) {
                System.out.println("\nINVALID RUN: " + String.join("; ", problems));
                return 1;
            }
            return 0;
        } finally {
            children.forEach(ChildJvm::close);
            try {
                Runtime.getRuntime().removeShutdownHook(killer);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
            if (o.keepData()) {
                System.out.println("kept " + work);
            } else {
                deleteTree(work);
            }
        }
    }

    /**
     * Creates the key and the request bodies. The ceiling and wrk always replay the Encrypt request, whether or not
     * the Encrypt scenario is selected.
     */
    private Setup setUp(Signer signer) throws IOException {
        ObjectNode create = JSON.createObjectNode().put("Description", "trent load benchmark")
                .put("KeyUsage", "ENCRYPT_DECRYPT").put("KeySpec", "SYMMETRIC_DEFAULT");
        RawHttp.Response created = RawHttp.exchange(HOST, signer.port, signer.sign("CreateKey", bytes(create)).bytes());
        if (created.status() != 200) {
            throw new IllegalStateException("CreateKey answered " + created.status() + ": " + created.bodyText());
        }
        String keyId = JSON.readTree(created.body()).path("KeyMetadata").path("KeyId").asText();

        byte[] plaintext = new byte[o.plaintextBytes()];
        new Random(42).nextBytes(plaintext);
        ObjectNode context = JSON.createObjectNode().put("app", "trent-bench").put("tenant", "t-0042");
        ObjectNode encrypt = JSON.createObjectNode().put("KeyId", keyId).put("Plaintext", plaintext);
        encrypt.set("EncryptionContext", context);
        RawHttp.Response enc = RawHttp.exchange(HOST, signer.port, signer.sign("Encrypt", bytes(encrypt)).bytes());
        if (enc.status() != 200) throw new IllegalStateException("Encrypt answered " + enc.status() + ": " + enc.bodyText());
        String ciphertext = JSON.readTree(enc.body()).path("CiphertextBlob").asText();
        ObjectNode decrypt = JSON.createObjectNode().put("CiphertextBlob", ciphertext);
        decrypt.set("EncryptionContext", context);
        ObjectNode dataKey = JSON.createObjectNode().put("KeyId", keyId).put("KeySpec", "AES_256");
        dataKey.set("EncryptionContext", context);

        Map<String, Scenario> all = new LinkedHashMap<>();
        all.put("encrypt", new Scenario("Encrypt", "Encrypt", bytes(encrypt),
                j -> require(j.path("CiphertextBlob").isTextual(), "Encrypt returned no CiphertextBlob: " + j)));
        all.put("decrypt", new Scenario("Decrypt", "Decrypt", bytes(decrypt),
                j -> require(Arrays.equals(Base64.getDecoder().decode(j.path("Plaintext").asText()), plaintext),
                        "Decrypt did not return the plaintext: " + j)));
        all.put("generate-data-key", new Scenario("GenerateDataKey", "GenerateDataKey", bytes(dataKey),
                j -> require(Base64.getDecoder().decode(j.path("Plaintext").asText()).length == 32
                        && j.path("CiphertextBlob").isTextual(), "GenerateDataKey returned no 32-byte key: " + j)));
        List<Scenario> selected = new ArrayList<>();
        for (String s : o.scenarios()) {
            Scenario sc = all.get(s);
            if (sc == null) throw new IllegalArgumentException("unknown scenario '" + s + "'; known: " + all.keySet());
            if (!selected.contains(sc)) selected.add(sc);
        }
        return new Setup(all.get("encrypt"), List.copyOf(selected));
    }

    private double runWrk(WrkRunner wrk, Path work, Signer signer, Scenario encrypt, int trentPort, int barePort,
            ChildJvm trent, ChildJvm bare) throws IOException, InterruptedException {
        System.out.println();
        System.out.println("== wrk cross-check (" + wrk.version() + "; " + o.wrkThreads() + " threads, "
                + o.connections() + " connections, " + o.duration() + " s, same signed Encrypt bytes) ==");
        SignedHttpRequest req = signer.sign("Encrypt", encrypt.body());
        Path script = work.resolve("encrypt.lua");
        Files.writeString(script, req.wrkScript(), StandardCharsets.UTF_8);
        int warm = Math.min(o.warmup(), 5);
        List<Row> rows = new ArrayList<>();
        double ceiling = 0;
        for (boolean isTrent : new boolean[] {false, true}) {
            String url = "http://" + HOST + ":" + (isTrent ? trentPort : barePort) + "/";
            ProcessHandle server = (isTrent ? trent : bare).handle();
            String name = isTrent ? "Trent Encrypt (wrk)" : "bare Netty (wrk)";
            System.out.println("running " + String.join(" ",
                    WrkRunner.command(wrk.path(), o.wrkThreads(), o.connections(), o.duration(), script, url)));
            if (warm > 0) wrk.run(o.wrkThreads(), o.connections(), warm, script, url, server);
            WrkRunner.Result r = wrk.run(o.wrkThreads(), o.connections(), o.duration(), script, url, server);
            if (!isTrent) ceiling = r.requestsPerSecond();
            if (r.non2xx() > 0) problems.add(name + ": " + r.non2xx() + " non-2xx responses");
            if (r.socketErrors() != null) problems.add(name + ": socket errors " + r.socketErrors());
            System.out.printf(Locale.ROOT, "  %-26s %10.0f req/s   p50 %s  p75 %s  p90 %s  p99 %s   non-2xx %d%s"
                    + "   x ceiling %.2f   cpu server %.2f, wrk+other %.2f cores   srv %.1f us/req%n", name, r.requestsPerSecond(),
                    ms(r.percentilesMs().get("50")), ms(r.percentilesMs().get("75")), ms(r.percentilesMs().get("90")),
                    ms(r.percentilesMs().get("99")), r.non2xx(),
                    r.socketErrors() == null ? "" : "  socket errors " + r.socketErrors(),
                    r.requestsPerSecond() / (isTrent ? ceiling : r.requestsPerSecond()), r.serverCpuCores(),
                    r.machineCpuCores() - r.serverCpuCores(), r.serverCpuCores() / r.requestsPerSecond() * 1e6);
            rows.add(new Row(name, r.requestsPerSecond(), null, r.non2xx(), null,
                    r.serverCpuCores() / r.requestsPerSecond() * 1e6));
        }
        return rows.get(1).rps() / ceiling;
    }

    // ------------------------------------------------------------------------------------------------ output

    private Row row(String name, LoadClient.Result r, double ceiling) {
        if (r.errors() > 0) {
            problems.add(name + ": " + r.errors() + " errors, e.g. " + r.errorSamples());
        }
        if (r.requests() == 0) problems.add(name + ": no successful request in the measured window");
        String extra = String.format(Locale.ROOT, "%.2f / %.2f / %.2f", r.clientCpuCores(), r.serverCpuCores(),
                r.otherCpuCores());
        return new Row(name, r.requestsPerSecond(), r.latency(), r.errors(), extra,
                r.serverCpuCores() / r.requestsPerSecond() * 1e6);
    }

    private void printRow(Row r) {
        System.out.printf(Locale.ROOT, "  %-26s %10.0f req/s   p50 %s  p99 %s  p99.9 %s  errors %d   cpu client/server/other"
                + " %s cores%n", r.name(), r.rps(), ms(r.lat().percentileNanos(50) / 1e6),
                ms(r.lat().percentileNanos(99) / 1e6), ms(r.lat().percentileNanos(99.9) / 1e6), r.errors(), r.extra());
        if (r.errors() > 0) System.out.println("    errors, e.g.: " + problems.getLast());
    }

    private static void printTable(List<Row> rows, double ceiling) {
        String fmt = "%-28s %9s %10s %10s %10s %10s %7s %9s %19s %12s%n";
        System.out.printf(Locale.ROOT, fmt, "scenario", "req/s", "p50", "p99", "p99.9", "max", "errors", "x ceiling",
                "cpu cli/srv/other", "srv us/req");
        for (Row r : rows) {
            System.out.printf(Locale.ROOT, fmt, r.name(), String.format(Locale.ROOT, "%.0f", r.rps()),
                    ms(r.lat().percentileNanos(50) / 1e6), ms(r.lat().percentileNanos(99) / 1e6),
                    ms(r.lat().percentileNanos(99.9) / 1e6), ms(r.lat().maxNanos() / 1e6), r.errors(),
                    String.format(Locale.ROOT, "%.2f", r.rps() / ceiling), r.extra(),
                    String.format(Locale.ROOT, "%.1f", r.serverCpuMicrosPerRequest()));
        }
        System.out.println("(cpu: cores used during the measured window by the load client, the server under test, and"
                + " everything else on the machine; srv us/req: server CPU time per request)");
    }

    private static String ms(Double millis) {
        return millis == null ? "-" : String.format(Locale.ROOT, "%.3fms", millis);
    }

    private void printMachine() {
        String cpu = "unknown CPU";
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            cpu = lines.filter(l -> l.startsWith("model name")).findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .orElse(cpu);
        } catch (IOException | UncheckedIOException ignored) {
            // not Linux
        }
        System.out.printf(Locale.ROOT, "Trent KMS load benchmark, %s%n", Instant.now());
        System.out.printf(Locale.ROOT, "machine: %d CPUs (%s), %s %s; JDK %s (%s); load average %s%n",
                Runtime.getRuntime().availableProcessors(), cpu, System.getProperty("os.name"),
                System.getProperty("os.version"), Runtime.version(), System.getProperty("java.vendor"), loadAverage());
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return String.format(Locale.ROOT, "%.2f",
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** Signs requests for the Trent server with the admin credentials. */
    private record Signer(int port, String region, String accessKeyId, String secret) {
        SignedHttpRequest sign(String operation, byte[] body) {
            return SignedHttpRequest.sign(HOST, port, region, accessKeyId, secret, operation, body);
        }
    }

    private static void check(Scenario s, RawHttp.Response r) throws IOException {
        if (r.status() != 200) {
            throw new IllegalStateException(s.operation() + " answered " + r.status() + ": " + r.bodyText());
        }
        s.check().accept(JSON.readTree(r.body()));
    }

    private static void require(boolean ok, String message) {
        if (!ok) throw new IllegalStateException(message);
    }

    private static byte[] bytes(JsonNode n) {
        try {
            return JSON.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Duration secs(int s) {
        return Duration.ofSeconds(s);
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
            usage: KmsLoadBenchmark [options]
              --duration S          measured seconds per scenario (default 15)
              --warmup S            warmup seconds per scenario (default 5)
              --server-warmup S     extra Trent JIT warm-up with a mix of all scenarios, before them (default 15)
              --connections N       keep-alive connections, one request in flight each (default 64)
              --client-threads N    event-loop threads of the Java load client (default 2)
              --scenarios LIST      comma-separated: encrypt,decrypt,generate-data-key (default all)
              --plaintext-bytes N   Encrypt plaintext size, 1..4096 (default 1024)
              --no-wrk              skip the wrk cross-check (it runs only if wrk is installed anyway)
              --wrk PATH            the wrk binary (default: wrk on the PATH)
              --wrk-threads N       wrk threads (default 2)
              --trent-jvm-arg ARG   extra JVM option for the Trent server, repeatable (e.g. for JFR)
              --region R            region the requests are signed for (default us-east-1)
              --keep-data           keep the temp directory (data, logs, wrk script)
            """;

    static Options parse(String[] args) {
        int duration = 15, warmup = 5, serverWarmup = 15, connections = 64, clientThreads = 2, plaintext = 1024, wrkThreads = 2;
        List<String> scenarios = List.of("encrypt", "decrypt", "generate-data-key");
        boolean noWrk = false, keep = false;
        String wrk = null, region = "us-east-1";
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
                case "--no-wrk" -> noWrk = true;
                case "--keep-data" -> keep = true;
                default -> {
                    if (v == null) {
                        if (i + 1 >= args.length) throw new IllegalArgumentException(a + " needs a value");
                        v = args[++i];
                    }
                    switch (a) {
                        case "--duration" -> duration = positive(a, v);
                        case "--warmup" -> warmup = nonNegative(a, v);
                        case "--server-warmup" -> serverWarmup = nonNegative(a, v);
                        case "--connections" -> connections = positive(a, v);
                        case "--client-threads" -> clientThreads = positive(a, v);
                        case "--plaintext-bytes" -> plaintext = positive(a, v);
                        case "--wrk-threads" -> wrkThreads = positive(a, v);
                        case "--scenarios" -> scenarios = Arrays.stream(v.split(",")).map(String::trim)
                                .filter(s -> !s.isEmpty()).map(s -> s.toLowerCase(Locale.ROOT)).toList();
                        case "--wrk" -> wrk = v;
                        case "--region" -> region = v;
                        case "--trent-jvm-arg" -> jvm.add(v);
                        default -> throw new IllegalArgumentException("unknown option " + a);
                    }
                }
            }
        }
        if (plaintext > 4096) throw new IllegalArgumentException("--plaintext-bytes: KMS Encrypt takes at most 4096");
        // each scenario is signed right before it runs; it must end inside SigV4's 15-minute window
        if (warmup + duration > 14 * 60) throw new IllegalArgumentException("--warmup + --duration must be under 14 minutes");
        if (scenarios.isEmpty()) throw new IllegalArgumentException("--scenarios is empty");
        if (serverWarmup > 14 * 60) throw new IllegalArgumentException("--server-warmup must be under 14 minutes");
        return new Options(duration, warmup, serverWarmup, connections, clientThreads, scenarios, plaintext, noWrk, wrk, wrkThreads,
                List.copyOf(jvm), region, keep);
    }

    private static int positive(String name, String v) {
        int n = nonNegative(name, v);
        if (n == 0) throw new IllegalArgumentException(name + " must be positive");
        return n;
    }

    private static int nonNegative(String name, String v) {
        try {
            int n = Integer.parseInt(v);
            if (n < 0) throw new IllegalArgumentException(name + " must not be negative");
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " takes a whole number, not '" + v + "'");
        }
    }

}
