package dev.trent.it.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trent.server.Transport;
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
 * ./mvnw -q -B -pl trent-it -am package -DskipTests
 * java --sun-misc-unsafe-memory-access=allow -cp "trent-it/target/classes:$(cat trent-it/target/classpath.txt)" \
 *     dev.trent.it.bench.KmsLoadBenchmark [--duration 15] [--connections 64] ...
 * </pre>
 * ({@code --sun-misc-unsafe-memory-access=allow} only silences JDK 23+'s warning about Netty; leave it out on JDK 21.)
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
 *       minutes, and each measurement is signed afresh right before it starts.</li>
 *   <li>Warms both servers up (JIT), then measures in interleaved rounds: each round runs the ceiling (the bare
 *       Netty server fed the same signed Encrypt bytes) and then each Trent scenario, with {@link LoadClient}, a
 *       lean closed-loop Netty client: a fixed number of keep-alive connections, one request in flight on each;
 *       a short warmup, then a measured window. Rounds make a drifting background load (a shared machine) hit
 *       the ceiling and the scenarios alike. Prints requests/s, p50/p99/p99.9/max latency, errors (any non-200:
 *       a benchmark that measures errors is wrong, so the run then fails), CPU used by client, server and the
 *       rest of the machine, the server's CPU time per request, and each scenario's throughput as a ratio of the
 *       ceiling.</li>
 *   <li>With {@code --scenarios sign-rsa2048,sign-p256,sign-ed25519,generate-mac} (see {@link SignAndMacScenarios})
 *       it also creates a signing or HMAC key per scenario, measures Sign / GenerateMac the same way, and right
 *       after each such scenario in each round measures the same primitive over the same message with bare JCA,
 *       single-threaded in this JVM ({@link RawPrimitive}); {@link RawComparison} prints the two side by side.</li>
 *   <li>If {@code wrk} is installed, repeats the ceiling and Encrypt (again in rounds) with wrk replaying the same
 *       signed request from a Lua script, to show that the Java client is not the bottleneck.</li>
 * </ol>
 * The Netty transport is chosen as for Trent ({@link Transport}: {@code -Dtrent.transport=auto|nio|epoll|io_uring}
 * on this JVM, else {@code TRENT_TRANSPORT}, else auto); {@link ChildJvm} passes the property on, so Trent, the bare
 * Netty server and the load client run on the same transport.
 *
 * <p>The exit status is 0 when every request of every scenario got a 200, 1 otherwise, 2 for bad options.
 */
public final class KmsLoadBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HOST = "127.0.0.1";
    private static final Pattern TRENT_READY = Pattern.compile("Trent is ready at https?://[^\\s]*:(\\d+)");
    private static final Pattern BARE_READY = Pattern.compile(Pattern.quote(BareNettyServer.READY) + "(\\d+)");
    /** The target of the issue: Encrypt at half the bare-Netty ceiling or more. */
    static final double TARGET_RATIO = 0.5;

    record Options(
            int duration,
            int rounds,
            int warmup,
            int serverWarmup,
            int connections,
            int clientThreads,
            List<String> scenarios,
            int plaintextBytes,
            boolean noWrk,
            String wrkPath,
            int wrkThreads,
            List<String> trentJvmArgs,
            String region,
            boolean keepData,
            String caller,
            String auditSink,
            boolean auditFsync,
            boolean compareAudit,
            String store,
            int nodes) {}

    /** One request replayed against Trent; {@code raw} is the bare primitive to print beside it, or null. */
    record Scenario(String name, String operation, byte[] body, Consumer<JsonNode> check, RawPrimitive raw) {
        Scenario(String name, String operation, byte[] body, Consumer<JsonNode> check) {
            this(name, operation, body, check, null);
        }
    }

    /** The scenarios; {@code message} is the Encrypt plaintext, also the message of Sign and GenerateMac. */
    private record Setup(Scenario encrypt, List<Scenario> selected, byte[] message) {}

    /** Every scenario name {@code --scenarios} takes, in their order. */
    static final List<String> SCENARIOS = Stream.concat(
                    Stream.of("encrypt", "decrypt", "generate-data-key", "create-key"),
                    SignAndMacScenarios.NAMES.stream())
            .toList();

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

    /**
     * A config file that raises the cryptographic request quotas for the benchmark's account (a "quota increase"):
     * AWS's defaults (100,000 symmetric requests a second in us-east-1, 1,000 for RSA, ECC and ML-DSA keys) would
     * throttle the Sign scenarios, or Encrypt in a Region with a lower default. Quotas stay on, so their cost is
     * measured. {@code settings} are more members of the file's object (e.g. the audit sink), or empty.
     */
    static Path serverConfig(Path work, String name, String settings) throws java.io.IOException {
        StringBuilder overrides = new StringBuilder();
        for (String quota : List.of(
                "kms-cryptographic-symmetric",
                "kms-cryptographic-rsa",
                "kms-cryptographic-ecc-sm2",
                "kms-cryptographic-ml-dsa")) {
            if (!overrides.isEmpty()) overrides.append(',');
            overrides.append("{\"quota\":\"").append(quota).append("\",\"value\":10000000}");
        }
        return Files.writeString(
                work.resolve(name),
                "{\"requestQuotas\":{\"overrides\":[" + overrides + "]}" + (settings.isEmpty() ? "" : ", " + settings)
                        + "}");
    }

    private int run() throws Exception {
        Path work = Files.createTempDirectory("trent-bench-");
        Path dataDir = work.resolve("data");
        printMachine();
        List<ChildJvm> children = new ArrayList<>();
        Thread killer = new Thread(() -> children.forEach(ChildJvm::close), "bench-cleanup");
        Runtime.getRuntime().addShutdownHook(killer);
        boolean completed = false;
        try {
            // the audit sink: the journal (the default) or none, to measure what auditing costs
            Path config = serverConfig(
                    work, "trent.json", "\"auditSink\": \"" + o.auditSink() + "\", \"auditFsync\": " + o.auditFsync());
            List<String> serverArgs = new ArrayList<>(
                    List.of("server", "--port", "0", "--data-dir", dataDir.toString(), "--config", config.toString()));
            if (o.store() != null) serverArgs.addAll(List.of("--store", o.store()));
            ChildJvm trent = ChildJvm.start(
                    "trent",
                    o.trentJvmArgs(),
                    "dev.trent.cli.Main",
                    serverArgs,
                    work.resolve("trent.log"),
                    TRENT_READY);
            children.add(trent);
            ChildJvm unaudited = null;
            if (o.compareAudit()) {
                Path config2 = serverConfig(work, "trent-unaudited.json", "\"auditSink\": \"none\"");
                unaudited = ChildJvm.start(
                        "trent-unaudited",
                        o.trentJvmArgs(),
                        "dev.trent.cli.Main",
                        List.of(
                                "server",
                                "--port",
                                "0",
                                "--data-dir",
                                work.resolve("data-unaudited").toString(),
                                "--config",
                                config2.toString()),
                        work.resolve("trent-unaudited.log"),
                        TRENT_READY);
                children.add(unaudited);
            }
            ChildJvm bare = ChildJvm.start(
                    "bare-netty",
                    List.of(),
                    BareNettyServer.class.getName(),
                    List.of("0"),
                    work.resolve("bare-netty.log"),
                    BARE_READY);
            children.add(bare);
            int trentPort =
                    Integer.parseInt(trent.awaitReady(Duration.ofSeconds(120)).group(1));
            List<InetSocketAddress> trentNodes = new ArrayList<>(List.of(new InetSocketAddress(HOST, trentPort)));
            for (int n = 2; n <= o.nodes(); n++) {
                // the other nodes of the cluster: their own data directories, the first node's root key
                ChildJvm node = ChildJvm.start(
                        "trent-" + n,
                        o.trentJvmArgs(),
                        "dev.trent.cli.Main",
                        List.of(
                                "server",
                                "--port",
                                "0",
                                "--data-dir",
                                work.resolve("data-" + n).toString(),
                                "--store",
                                o.store(),
                                "--root-key-file",
                                dataDir.resolve("root.key").toString()),
                        work.resolve("trent-" + n + ".log"),
                        TRENT_READY);
                children.add(node);
                trentNodes.add(new InetSocketAddress(
                        HOST,
                        Integer.parseInt(
                                node.awaitReady(Duration.ofSeconds(120)).group(1))));
            }
            if (o.nodes() > 1)
                System.out.printf(Locale.ROOT, "Trent nodes: %s (one store: %s)%n", trentNodes, o.store());
            int barePort =
                    Integer.parseInt(bare.awaitReady(Duration.ofSeconds(60)).group(1));
            System.out.printf(
                    Locale.ROOT,
                    "Trent:      pid %d, http://%s:%d, data %s, log %s, audit sink %s (fsync %s)%n",
                    trent.pid(),
                    HOST,
                    trentPort,
                    dataDir,
                    trent.log(),
                    o.auditSink(),
                    o.auditFsync());
            System.out.printf(
                    Locale.ROOT, "bare Netty: pid %d, http://%s:%d, log %s%n", bare.pid(), HOST, barePort, bare.log());

            JsonNode admin = JSON.readTree(Files.readAllBytes(dataDir.resolve("admin-credentials.json")));
            Signer adminSigner = new Signer(
                    trentPort,
                    o.region(),
                    admin.get("AccessKeyId").asText(),
                    admin.get("SecretAccessKey").asText());
            Signer signer = o.caller().equals("iam-user") ? iamUser(adminSigner) : adminSigner;
            Setup setup = setUp(adminSigner, signer);
            // the unaudited twin: its own data directory, credentials and key
            Signer signer2 = null;
            Setup setup2 = null;
            InetSocketAddress unauditedAddr = null;
            if (unaudited != null) {
                int port2 = Integer.parseInt(
                        unaudited.awaitReady(Duration.ofSeconds(120)).group(1));
                JsonNode admin2 = JSON.readTree(
                        Files.readAllBytes(work.resolve("data-unaudited").resolve("admin-credentials.json")));
                Signer adminSigner2 = new Signer(
                        port2,
                        o.region(),
                        admin2.get("AccessKeyId").asText(),
                        admin2.get("SecretAccessKey").asText());
                signer2 = o.caller().equals("iam-user") ? iamUser(adminSigner2) : adminSigner2;
                setup2 = setUp(adminSigner2, signer2);
                unauditedAddr = new InetSocketAddress(HOST, port2);
                System.out.printf(
                        Locale.ROOT,
                        "Trent, no audit sink: pid %d, http://%s:%d, log %s%n",
                        unaudited.pid(),
                        HOST,
                        port2,
                        unaudited.log());
            }
            InetSocketAddress bareAddr = new InetSocketAddress(HOST, barePort);

            byte[] sample = signer.sign("Encrypt", setup.encrypt().body()).bytes();
            System.out.printf(
                    Locale.ROOT,
                    "%nClient: lean Netty load generator in this JVM (transport %s, as the servers'), %d event-loop threads,"
                            + " %d keep-alive connections, closed loop (one request in flight per connection);%n"
                            + "JIT warm-up %d s per server (Trent: all scenarios mixed); then %d rounds, each measuring the ceiling and"
                            + " every scenario in turn%nfor %.1f s (after %d s warmup in round 1, 1 s later), %d s per row in"
                            + " all. Requests are signed with SigV4 (the AWS SDK's%nsigner) at the start of each measurement"
                            + " and replayed byte for byte.%n",
                    Transport.resolve(Transport.configured()).settingName(),
                    o.clientThreads(),
                    o.connections(),
                    o.serverWarmup(),
                    o.rounds(),
                    o.duration() / (double) o.rounds(),
                    o.warmup(),
                    o.duration());
            System.out.printf(
                    Locale.ROOT,
                    "Payloads: Encrypt %d-byte plaintext + 2-pair encryption context"
                            + " (request %d bytes on the wire); Decrypt of its ciphertext; GenerateDataKey AES_256;%n"
                            + "Sign (MessageType RAW) and GenerateMac over the same %d bytes.%n%n",
                    o.plaintextBytes(),
                    sample.length,
                    o.plaintextBytes());

            Agg ceiling;
            Agg unauditedRow = null;
            List<Agg> trentRows = new ArrayList<>();
            RawComparison raw = new RawComparison(setup.message());
            try (LoadClient client = new LoadClient(o.clientThreads())) {
                // checks before measuring: the bare server answers 200 to the signed bytes; each Trent request works
                RawHttp.Response r = RawHttp.exchange(HOST, barePort, sample);
                if (r.status() != 200) throw new IllegalStateException("bare Netty answered " + r.status());
                for (Scenario s : setup.selected()) {
                    check(
                            s,
                            RawHttp.exchange(
                                    HOST,
                                    trentPort,
                                    signer.sign(s.operation(), s.body()).bytes()));
                }
                if (o.serverWarmup() > 0) {
                    // JIT warm-up of every path measured, in both servers (an unwarmed ceiling would flatter Trent),
                    // so that the first round measures compiled code like the others
                    List<byte[]> mix = new ArrayList<>();
                    for (Scenario s : setup.selected())
                        mix.add(signer.sign(s.operation(), s.body()).bytes());
                    System.out.printf(
                            Locale.ROOT,
                            "warming up bare Netty, then Trent (a mix of the scenarios), %d s" + " each ...%n",
                            o.serverWarmup());
                    LoadClient.Result wb = client.run(
                            bareAddr, sample, o.connections(), Duration.ZERO, secs(o.serverWarmup()), bare.handle());
                    LoadClient.Result wt = client.run(
                            trentNodes, mix, o.connections(), Duration.ZERO, secs(o.serverWarmup()), trent.handle());
                    if (wb.errors() > 0)
                        problems.add("bare warm-up: " + wb.errors() + " errors, e.g. " + wb.errorSamples());
                    if (wt.errors() > 0)
                        problems.add("Trent warm-up: " + wt.errors() + " errors, e.g. " + wt.errorSamples());
                    if (unaudited != null) {
                        List<byte[]> mix2 = new ArrayList<>();
                        for (Scenario s : setup2.selected())
                            mix2.add(signer2.sign(s.operation(), s.body()).bytes());
                        LoadClient.Result wu = client.run(
                                unauditedAddr,
                                mix2,
                                o.connections(),
                                Duration.ZERO,
                                secs(o.serverWarmup()),
                                unaudited.handle());
                        if (wu.errors() > 0)
                            problems.add(
                                    "unaudited Trent warm-up: " + wu.errors() + " errors, e.g. " + wu.errorSamples());
                    }
                }

                ceiling = new Agg("bare Netty (ceiling)");
                for (Scenario s : setup.selected()) trentRows.add(new Agg("Trent " + s.name()));
                if (unaudited != null) unauditedRow = new Agg("Trent Encrypt, no audit sink");
                Duration slice = Duration.ofMillis(o.duration() * 1000L / o.rounds());
                for (int round = 0; round < o.rounds(); round++) {
                    // the first round warms each target up; later ones only let the new connections settle
                    Duration warm =
                            round == 0 ? secs(o.warmup()) : Duration.ofMillis(Math.min(1000, o.warmup() * 1000L));
                    StringBuilder line =
                            new StringBuilder(String.format(Locale.ROOT, "round %d/%d:", round + 1, o.rounds()));
                    // signed afresh every round: a round is far shorter than SigV4's 15-minute window
                    LoadClient.Result base = client.run(
                            bareAddr,
                            signer.sign("Encrypt", setup.encrypt().body()).bytes(),
                            o.connections(),
                            warm,
                            slice,
                            bare.handle());
                    ceiling.add(base);
                    line.append(String.format(
                            Locale.ROOT,
                            "  ceiling %.0f (cpu client %.2f, server %.2f, other %.2f)",
                            base.requestsPerSecond(),
                            base.clientCpuCores(),
                            base.serverCpuCores(),
                            base.otherCpuCores()));
                    for (int i = 0; i < setup.selected().size(); i++) {
                        Scenario s = setup.selected().get(i);
                        LoadClient.Result res = client.run(
                                trentNodes,
                                List.of(signer.sign(s.operation(), s.body()).bytes()),
                                o.connections(),
                                warm,
                                slice,
                                trent.handle());
                        trentRows.get(i).add(res, base.requestsPerSecond());
                        line.append(String.format(
                                Locale.ROOT,
                                "  %s %.0f (%.2fx; other %.2f)",
                                s.name(),
                                res.requestsPerSecond(),
                                res.requestsPerSecond() / base.requestsPerSecond(),
                                res.otherCpuCores()));
                        if (s.raw() != null) {
                            // the bare primitive, single-threaded here while both servers are idle
                            RawPrimitive.Measurement m = raw.measure(s.raw(), warm, slice);
                            line.append(String.format(Locale.ROOT, " [raw %.0f/s/core]", m.ops() / m.cpuSeconds()));
                        }
                    }
                    if (unaudited != null) {
                        LoadClient.Result res = client.run(
                                unauditedAddr,
                                signer2.sign("Encrypt", setup2.encrypt().body()).bytes(),
                                o.connections(),
                                warm,
                                slice,
                                unaudited.handle());
                        unauditedRow.add(res, base.requestsPerSecond());
                        line.append(String.format(
                                Locale.ROOT,
                                "  Encrypt, no audit sink %.0f (%.2fx)",
                                res.requestsPerSecond(),
                                res.requestsPerSecond() / base.requestsPerSecond()));
                    }
                    System.out.println(line);
                }
            }
            List<Agg> rows = new ArrayList<>();
            rows.add(ceiling);
            rows.addAll(trentRows);
            if (unauditedRow != null) rows.add(unauditedRow);
            for (Agg a : rows) a.checkInto(problems);
            System.out.println();
            System.out.println(
                    "== Java client (" + o.connections() + " connections, " + o.clientThreads() + " threads; "
                            + o.duration() + " s measured per row, in " + o.rounds() + " interleaved rounds) ==");
            printTable(rows, ceiling);
            if (!raw.isEmpty()) {
                List<RawComparison.HttpRow> httpRows = new ArrayList<>();
                for (int i = 0; i < setup.selected().size(); i++) {
                    Scenario s = setup.selected().get(i);
                    Agg a = trentRows.get(i);
                    if (s.raw() != null)
                        httpRows.add(
                                new RawComparison.HttpRow(s.name(), s.raw(), a.rps(), a.serverCpuSeconds / a.seconds));
                }
                raw.print(httpRows);
            }

            Optional<Double> wrkRatio = Optional.empty();
            if (!o.noWrk()) {
                Optional<WrkRunner> wrk = WrkRunner.find(o.wrkPath());
                if (wrk.isEmpty()) {
                    System.out.println("\nwrk not found (install it, e.g. apt-get install -y wrk, or pass --wrk PATH):"
                            + " skipping the wrk cross-check.");
                } else {
                    wrkRatio = Optional.of(
                            runWrk(wrk.get(), work, signer, setup.encrypt(), trentPort, barePort, trent, bare));
                }
            }

            Optional<Agg> encrypt = trentRows.stream()
                    .filter(r -> r.name.equals("Trent Encrypt"))
                    .findFirst();
            System.out.println();
            if (encrypt.isPresent()) {
                double ratio = encrypt.get().rps() / ceiling.rps();
                List<Double> measures =
                        new ArrayList<>(List.of(ratio, encrypt.get().medianRatio()));
                wrkRatio.ifPresent(measures::add);
                boolean all = measures.stream().allMatch(m -> m >= TARGET_RATIO);
                boolean none = measures.stream().noneMatch(m -> m >= TARGET_RATIO);
                System.out.printf(
                        Locale.ROOT,
                        "Target Encrypt >= %.2fx the bare-Netty ceiling: %s (%.2fx with the"
                                + " Java client, median of rounds %.2fx%s)%n",
                        TARGET_RATIO,
                        all ? "MET" : none ? "NOT MET" : "BORDERLINE (the measures disagree)",
                        ratio,
                        encrypt.get().medianRatio(),
                        wrkRatio.map(w -> String.format(Locale.ROOT, "; %.2fx with wrk", w))
                                .orElse(""));
            }
            if (encrypt.isPresent() && unauditedRow != null) {
                double audited = encrypt.get().rps() / unauditedRow.rps();
                System.out.printf(
                        Locale.ROOT,
                        "Audit: Encrypt audited / unaudited (same rounds) = %.2f (target >= 0.90: %s)%n",
                        audited,
                        audited >= 0.9 ? "MET" : "NOT MET");
            }
            System.out.println("load average at the end: " + loadAverage());
            completed = true;
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
            if (o.keepData() || !completed) {
                System.out.println("kept " + work + (completed ? "" : " (the run failed: see the logs there)"));
            } else {
                deleteTree(work);
            }
        }
    }

    /**
     * Creates the key and the request bodies. The ceiling and wrk always replay the Encrypt request, whether or not
     * the Encrypt scenario is selected.
     */
    /**
     * An IAM user allowed to use keys by an identity policy (the key's default key policy delegates to the account):
     * the benchmark's requests then go through key policy and IAM policy evaluation, as a real workload's do.
     */
    private Signer iamUser(Signer admin) throws IOException {
        String user = "bench-user";
        iam(admin, "Action=CreateUser&Version=2010-05-08&UserName=" + user);
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":["
                + "\"kms:Encrypt\",\"kms:Decrypt\",\"kms:GenerateDataKey*\",\"kms:Sign\",\"kms:GenerateMac\","
                + "\"kms:DescribeKey\"],\"Resource\":\"*\"}]}";
        iam(
                admin,
                "Action=PutUserPolicy&Version=2010-05-08&UserName=" + user + "&PolicyName=UseKeys&PolicyDocument="
                        + java.net.URLEncoder.encode(policy, StandardCharsets.UTF_8));
        String xml = iam(admin, "Action=CreateAccessKey&Version=2010-05-08&UserName=" + user);
        System.out.printf(Locale.ROOT, "Caller: IAM user %s (identity policy + default key policy)%n", user);
        return new Signer(admin.port, admin.region, xmlText(xml, "AccessKeyId"), xmlText(xml, "SecretAccessKey"));
    }

    private static String iam(Signer admin, String form) throws IOException {
        RawHttp.Response r = RawHttp.exchange(
                HOST,
                admin.port,
                SignedHttpRequest.signQuery(
                                HOST,
                                admin.port,
                                admin.accessKeyId,
                                admin.secret,
                                "iam",
                                form.getBytes(StandardCharsets.UTF_8))
                        .bytes());
        if (r.status() != 200) throw new IllegalStateException("IAM answered " + r.status() + ": " + r.bodyText());
        return r.bodyText();
    }

    private static String xmlText(String xml, String element) {
        int start = xml.indexOf("<" + element + ">");
        int end = xml.indexOf("</" + element + ">");
        if (start < 0 || end < 0) throw new IllegalStateException("no " + element + " in " + xml);
        return xml.substring(start + element.length() + 2, end);
    }

    private Setup setUp(Signer admin, Signer signer) throws IOException {
        ObjectNode create = JSON.createObjectNode()
                .put("Description", "trent load benchmark")
                .put("KeyUsage", "ENCRYPT_DECRYPT")
                .put("KeySpec", "SYMMETRIC_DEFAULT");
        RawHttp.Response created = RawHttp.exchange(
                HOST, admin.port, admin.sign("CreateKey", bytes(create)).bytes());
        if (created.status() != 200) {
            throw new IllegalStateException("CreateKey answered " + created.status() + ": " + created.bodyText());
        }
        String keyId =
                JSON.readTree(created.body()).path("KeyMetadata").path("KeyId").asText();

        byte[] plaintext = new byte[o.plaintextBytes()];
        new Random(42).nextBytes(plaintext);
        ObjectNode context = JSON.createObjectNode().put("app", "trent-bench").put("tenant", "t-0042");
        ObjectNode encrypt = JSON.createObjectNode().put("KeyId", keyId).put("Plaintext", plaintext);
        encrypt.set("EncryptionContext", context);
        RawHttp.Response enc = RawHttp.exchange(
                HOST, signer.port, signer.sign("Encrypt", bytes(encrypt)).bytes());
        if (enc.status() != 200)
            throw new IllegalStateException("Encrypt answered " + enc.status() + ": " + enc.bodyText());
        String ciphertext = JSON.readTree(enc.body()).path("CiphertextBlob").asText();
        ObjectNode decrypt = JSON.createObjectNode().put("CiphertextBlob", ciphertext);
        decrypt.set("EncryptionContext", context);
        ObjectNode dataKey = JSON.createObjectNode().put("KeyId", keyId).put("KeySpec", "AES_256");
        dataKey.set("EncryptionContext", context);

        Map<String, Scenario> all = new LinkedHashMap<>();
        all.put(
                "encrypt",
                new Scenario(
                        "Encrypt",
                        "Encrypt",
                        bytes(encrypt),
                        j -> require(
                                j.path("CiphertextBlob").isTextual(), "Encrypt returned no CiphertextBlob: " + j)));
        all.put(
                "decrypt",
                new Scenario(
                        "Decrypt",
                        "Decrypt",
                        bytes(decrypt),
                        j -> require(
                                Arrays.equals(
                                        Base64.getDecoder()
                                                .decode(j.path("Plaintext").asText()),
                                        plaintext),
                                "Decrypt did not return the plaintext: " + j)));
        all.put(
                "generate-data-key",
                new Scenario(
                        "GenerateDataKey",
                        "GenerateDataKey",
                        bytes(dataKey),
                        j -> require(
                                Base64.getDecoder().decode(j.path("Plaintext").asText()).length == 32
                                        && j.path("CiphertextBlob").isTextual(),
                                "GenerateDataKey returned no 32-byte key: " + j)));
        all.put(
                "create-key",
                new Scenario(
                        "CreateKey",
                        "CreateKey",
                        bytes(JSON.createObjectNode().put("Description", "trent load benchmark, CreateKey")),
                        j -> require(
                                j.path("KeyMetadata").path("KeyId").isTextual(), "CreateKey returned no KeyId: " + j)));
        // the sign and MAC scenarios create their keys only when selected
        SignAndMacScenarios.Call call = (operation, body) -> {
            RawHttp.Response r = RawHttp.exchange(
                    HOST, signer.port, signer.sign(operation, bytes(body)).bytes());
            if (r.status() != 200)
                throw new IllegalStateException(operation + " answered " + r.status() + ": " + r.bodyText());
            return JSON.readTree(r.body());
        };
        for (String name : SignAndMacScenarios.NAMES) {
            if (o.scenarios().contains(name)) all.put(name, SignAndMacScenarios.create(name, call, plaintext));
        }
        List<Scenario> selected = new ArrayList<>();
        for (String s : o.scenarios()) {
            Scenario sc = all.get(s);
            if (sc == null) throw new IllegalArgumentException("unknown scenario '" + s + "'; known: " + SCENARIOS);
            if (!selected.contains(sc)) selected.add(sc);
        }
        return new Setup(all.get("encrypt"), List.copyOf(selected), plaintext);
    }

    private double runWrk(
            WrkRunner wrk,
            Path work,
            Signer signer,
            Scenario encrypt,
            int trentPort,
            int barePort,
            ChildJvm trent,
            ChildJvm bare)
            throws IOException, InterruptedException {
        int slice = Math.max(1, o.duration() / o.rounds());
        System.out.println();
        System.out.println("== wrk cross-check (" + wrk.version() + "; " + o.wrkThreads() + " threads, "
                + o.connections() + " connections, same signed Encrypt bytes; " + slice * o.rounds()
                + " s per row in " + o.rounds() + " interleaved rounds) ==");
        String bareUrl = "http://" + HOST + ":" + barePort + "/";
        String trentUrl = "http://" + HOST + ":" + trentPort + "/";
        Path script = work.resolve("encrypt.lua");
        WrkAgg base = new WrkAgg("bare Netty (ceiling), wrk");
        WrkAgg enc = new WrkAgg("Trent Encrypt, wrk");
        for (int round = 0; round < o.rounds(); round++) {
            // signed afresh every round, like the Java client's requests
            Files.writeString(script, signer.sign("Encrypt", encrypt.body()).wrkScript(), StandardCharsets.UTF_8);
            if (round == 0) {
                System.out.println("command: "
                        + String.join(
                                " ",
                                WrkRunner.command(
                                        wrk.path(), o.wrkThreads(), o.connections(), slice, script, trentUrl)));
                int warm = Math.min(o.warmup(), 5);
                if (warm > 0) {
                    wrk.run(o.wrkThreads(), o.connections(), warm, script, bareUrl, bare.handle());
                    wrk.run(o.wrkThreads(), o.connections(), warm, script, trentUrl, trent.handle());
                }
            }
            WrkRunner.Result b = wrk.run(o.wrkThreads(), o.connections(), slice, script, bareUrl, bare.handle());
            WrkRunner.Result t = wrk.run(o.wrkThreads(), o.connections(), slice, script, trentUrl, trent.handle());
            base.add(b, b.requestsPerSecond());
            enc.add(t, b.requestsPerSecond());
            System.out.printf(
                    Locale.ROOT,
                    "round %d/%d:  ceiling %.0f  Encrypt %.0f (%.2fx)%n",
                    round + 1,
                    o.rounds(),
                    b.requestsPerSecond(),
                    t.requestsPerSecond(),
                    t.requestsPerSecond() / b.requestsPerSecond());
        }
        for (WrkAgg a : List.of(base, enc)) {
            if (a.non2xx > 0) problems.add(a.name + ": " + a.non2xx + " non-2xx responses");
            if (a.socketErrors != null) problems.add(a.name + ": socket errors " + a.socketErrors);
        }
        String fmt = "%-28s %9s %10s %10s %10s %7s %9s %19s %12s%n";
        System.out.println();
        System.out.printf(
                Locale.ROOT,
                fmt,
                "scenario (wrk)",
                "req/s",
                "p50",
                "p90",
                "p99",
                "non-2xx",
                "x ceiling",
                "cpu srv/wrk+other",
                "srv us/req");
        for (WrkAgg a : List.of(base, enc)) {
            System.out.printf(
                    Locale.ROOT,
                    fmt,
                    a.name,
                    String.format(Locale.ROOT, "%.0f", a.rps()),
                    ms(a.median("50")),
                    ms(a.median("90")),
                    ms(a.median("99")),
                    a.non2xx,
                    String.format(Locale.ROOT, "%.2f", a.rps() / base.rps()),
                    String.format(
                            Locale.ROOT,
                            "%.2f / %.2f",
                            a.serverCpuSeconds / a.seconds,
                            (a.machineCpuSeconds - a.serverCpuSeconds) / a.seconds),
                    String.format(Locale.ROOT, "%.1f", a.serverCpuSeconds / a.requests * 1e6));
        }
        System.out.println("(wrk latency percentiles: median over the rounds)");
        return enc.rps() / base.rps();
    }

    /** The rounds of one target measured with the Java client, added up. */
    private static final class Agg {
        final String name;
        final LatencyHistogram latency = new LatencyHistogram();
        final List<Double> ratios = new ArrayList<>();
        final List<String> errorSamples = new ArrayList<>();
        long requests;
        long errors;
        double seconds;
        double clientCpuSeconds;
        double serverCpuSeconds;
        double machineCpuSeconds;

        Agg(String name) {
            this.name = name;
        }

        void add(LoadClient.Result r) {
            add(r, Double.NaN);
        }

        void add(LoadClient.Result r, double ceilingThisRound) {
            requests += r.requests();
            errors += r.errors();
            seconds += r.seconds();
            latency.add(r.latency());
            clientCpuSeconds += r.clientCpuCores() * r.seconds();
            serverCpuSeconds += r.serverCpuCores() * r.seconds();
            machineCpuSeconds += r.machineCpuCores() * r.seconds();
            if (errorSamples.size() < 5) errorSamples.addAll(r.errorSamples());
            if (!Double.isNaN(ceilingThisRound)) ratios.add(r.requestsPerSecond() / ceilingThisRound);
        }

        double rps() {
            return requests / seconds;
        }

        double medianRatio() {
            return median(ratios);
        }

        void checkInto(List<String> problems) {
            if (errors > 0) problems.add(name + ": " + errors + " errors, e.g. " + errorSamples);
            if (requests == 0) problems.add(name + ": no successful request in the measured window");
        }
    }

    /** The rounds of one target measured with wrk, added up. */
    private static final class WrkAgg {
        final String name;
        final Map<String, List<Double>> percentiles = new LinkedHashMap<>();
        long requests;
        long non2xx;
        String socketErrors;
        double seconds;
        double serverCpuSeconds;
        double machineCpuSeconds;

        WrkAgg(String name) {
            this.name = name;
        }

        void add(WrkRunner.Result r, double ceilingThisRound) {
            double secs = r.requests() / r.requestsPerSecond();
            requests += r.requests();
            seconds += secs;
            non2xx += r.non2xx();
            if (r.socketErrors() != null) socketErrors = r.socketErrors();
            serverCpuSeconds += r.serverCpuCores() * secs;
            machineCpuSeconds += r.machineCpuCores() * secs;
            r.percentilesMs()
                    .forEach((p, v) -> percentiles
                            .computeIfAbsent(p, x -> new ArrayList<>())
                            .add(v));
        }

        double rps() {
            return requests / seconds;
        }

        Double median(String percentile) {
            List<Double> v = percentiles.get(percentile);
            return v == null ? null : KmsLoadBenchmark.median(v);
        }
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) return Double.NaN;
        List<Double> v = values.stream().sorted().toList();
        int n = v.size();
        return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    }

    // ------------------------------------------------------------------------------------------------ output

    private void printTable(List<Agg> rows, Agg ceiling) {
        String fmt = "%-28s %9s %10s %10s %10s %10s %7s %9s %19s %12s%n";
        System.out.printf(
                Locale.ROOT,
                fmt,
                "scenario",
                "req/s",
                "p50",
                "p99",
                "p99.9",
                "max",
                "errors",
                "x ceiling",
                "cpu cli/srv/other",
                "srv us/req");
        for (Agg r : rows) {
            System.out.printf(
                    Locale.ROOT,
                    fmt,
                    r.name,
                    String.format(Locale.ROOT, "%.0f", r.rps()),
                    ms(r.latency.percentileNanos(50) / 1e6),
                    ms(r.latency.percentileNanos(99) / 1e6),
                    ms(r.latency.percentileNanos(99.9) / 1e6),
                    ms(r.latency.maxNanos() / 1e6),
                    r.errors,
                    String.format(Locale.ROOT, "%.2f", r.rps() / ceiling.rps()),
                    String.format(
                            Locale.ROOT,
                            "%.2f / %.2f / %.2f",
                            r.clientCpuSeconds / r.seconds,
                            r.serverCpuSeconds / r.seconds,
                            (r.machineCpuSeconds - r.clientCpuSeconds - r.serverCpuSeconds) / r.seconds),
                    String.format(Locale.ROOT, "%.1f", r.serverCpuSeconds / r.requests * 1e6));
        }
        System.out.println("(cpu: cores used during the measured windows by the load client, the server under test and"
                + " everything else on the machine;\n srv us/req: server CPU time per request; x ceiling: req/s over the"
                + " ceiling's, all rounds together)");
    }

    private static String ms(Double millis) {
        return millis == null ? "-" : String.format(Locale.ROOT, "%.3fms", millis);
    }

    private void printMachine() {
        String cpu = "unknown CPU";
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            cpu = lines.filter(l -> l.startsWith("model name"))
                    .findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .orElse(cpu);
        } catch (IOException | UncheckedIOException ignored) {
            // not Linux
        }
        System.out.printf(Locale.ROOT, "Trent KMS load benchmark, %s%n", Instant.now());
        System.out.printf(
                Locale.ROOT,
                "machine: %d CPUs (%s), %s %s; JDK %s (%s); load average %s%n",
                Runtime.getRuntime().availableProcessors(),
                cpu,
                System.getProperty("os.name"),
                System.getProperty("os.version"),
                Runtime.version(),
                System.getProperty("java.vendor"),
                loadAverage());
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return String.format(
                    Locale.ROOT,
                    "%.2f",
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                            .getSystemLoadAverage());
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
              --duration S          measured seconds per row: the ceiling and each scenario (default 15)
              --rounds N            split each row's measured time into N rounds, interleaving ceiling and
                                    scenarios, so a noisy neighbour affects all alike (default 3)
              --warmup S            warmup seconds per row in the first round (default 5; later rounds 1)
              --server-warmup S     JIT warm-up of each server before round 1; Trent gets a mix of all
                                    scenarios (default 15)
              --connections N       keep-alive connections, one request in flight each (default 64)
              --client-threads N    event-loop threads of the Java load client (default 2)
              --scenarios LIST      comma-separated, from encrypt,decrypt,generate-data-key (the default) and
                                    sign-rsa2048,sign-p256,sign-ed25519,generate-mac (each also measured as the
                                    raw JCA primitive in this JVM, single-threaded, printed beside it); all = every one
              --plaintext-bytes N   Encrypt plaintext size, also the Sign/GenerateMac message, 1..4096 (default 1024)
              --no-wrk              skip the wrk cross-check (it runs only if wrk is installed anyway)
              --wrk PATH            the wrk binary (default: wrk on the PATH)
              --wrk-threads N       wrk threads (default 2)
              --trent-jvm-arg ARG   extra JVM option for the Trent server, repeatable (e.g. for JFR)
              --region R            region the requests are signed for (default us-east-1)
              --caller WHO          root (the admin credentials, default) or iam-user (an IAM user whose identity
                                    policy allows the calls, through the key's default key policy)
              --audit-sink SINK     journal (the default: every request audited, group-committed with fsync) or
                                    none (no audit trail; compare the two runs' ratios to the ceiling)
              --audit-fsync B       true (the default: each group commit is fsync'd before its requests are
                                    answered) or false (written to the OS before the answer, which survives
                                    kill -9 but not a power loss)
              --compare-audit       also run a second Trent with no audit sink (auditSink none) and measure its
                                    Encrypt in the same rounds: the ratio audited/unaudited is printed (the
                                    audit benchmark of docs/benchmarks.md)
              --keep-data           keep the temp directory (data, logs, wrk script)
              --store LOCATION      Trent's store (default: SQLite in the temp data directory), e.g.
                                    postgresql://postgres@127.0.0.1:5432/bench (an empty database)
              --nodes N             start N Trent nodes on that --store (sharing one root key); the client's
                                    connections go to them in turn (default 1)
            The Netty transport (auto|nio|epoll|io_uring) is the system property trent.transport of this JVM, else
            the environment variable TRENT_TRANSPORT, else auto; Trent, the bare Netty server and the load client
            all use it (the property is passed on to the child JVMs).
            """;

    static Options parse(String[] args) {
        int duration = 15, rounds = 3, warmup = 5, serverWarmup = 15;
        int connections = 64, clientThreads = 2, plaintext = 1024, wrkThreads = 2;
        List<String> scenarios = List.of("encrypt", "decrypt", "generate-data-key");
        boolean noWrk = false, keep = false;
        String wrk = null, region = "us-east-1", caller = "root", auditSink = "journal", store = null;
        boolean auditFsync = true, compareAudit = false;
        int nodes = 1;
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
                case "--compare-audit" -> compareAudit = true;
                default -> {
                    if (v == null) {
                        if (i + 1 >= args.length) throw new IllegalArgumentException(a + " needs a value");
                        v = args[++i];
                    }
                    switch (a) {
                        case "--duration" -> duration = positive(a, v);
                        case "--rounds" -> rounds = positive(a, v);
                        case "--warmup" -> warmup = nonNegative(a, v);
                        case "--server-warmup" -> serverWarmup = nonNegative(a, v);
                        case "--connections" -> connections = positive(a, v);
                        case "--client-threads" -> clientThreads = positive(a, v);
                        case "--plaintext-bytes" -> plaintext = positive(a, v);
                        case "--wrk-threads" -> wrkThreads = positive(a, v);
                        case "--scenarios" ->
                            scenarios = Arrays.stream(v.split(","))
                                    .map(String::trim)
                                    .filter(s -> !s.isEmpty())
                                    .map(s -> s.toLowerCase(Locale.ROOT))
                                    .toList();
                        case "--wrk" -> wrk = v;
                        case "--region" -> region = v;
                        case "--caller" -> {
                            if (!v.equals("root") && !v.equals("iam-user")) {
                                throw new IllegalArgumentException("--caller takes root or iam-user, not '" + v + "'");
                            }
                            caller = v;
                        }
                        case "--trent-jvm-arg" -> jvm.add(v);
                        case "--audit-sink" -> {
                            if (!v.equals("journal") && !v.equals("none")) {
                                throw new IllegalArgumentException(
                                        "--audit-sink takes journal or none, not '" + v + "'");
                            }
                            auditSink = v;
                        }
                        case "--audit-fsync" -> {
                            if (!v.equals("true") && !v.equals("false")) {
                                throw new IllegalArgumentException(
                                        "--audit-fsync takes true or false, not '" + v + "'");
                            }
                            auditFsync = Boolean.parseBoolean(v);
                        }
                        case "--store" -> store = v;
                        case "--nodes" -> nodes = positive(a, v);
                        default -> throw new IllegalArgumentException("unknown option " + a);
                    }
                }
            }
        }
        if (plaintext > 4096) throw new IllegalArgumentException("--plaintext-bytes: KMS Encrypt takes at most 4096");
        // each measurement is signed right before it starts and must end inside SigV4's 15-minute window
        if (warmup + duration > 14 * 60)
            throw new IllegalArgumentException("--warmup + --duration must be under 14 minutes");
        if (scenarios.isEmpty()) throw new IllegalArgumentException("--scenarios is empty");
        if (scenarios.equals(List.of("all"))) scenarios = SCENARIOS;
        for (String s : scenarios) {
            if (!SCENARIOS.contains(s))
                throw new IllegalArgumentException("--scenarios: unknown scenario '" + s + "'; known: " + SCENARIOS);
        }
        if (serverWarmup > 14 * 60) throw new IllegalArgumentException("--server-warmup must be under 14 minutes");
        if (rounds > duration) throw new IllegalArgumentException("--rounds must not exceed --duration (seconds)");
        if (nodes > 1 && (store == null || store.startsWith("sqlite"))) {
            throw new IllegalArgumentException(
                    "--nodes above 1 needs a --store several nodes can share (postgresql://...)");
        }
        return new Options(
                duration,
                rounds,
                warmup,
                serverWarmup,
                connections,
                clientThreads,
                scenarios,
                plaintext,
                noWrk,
                wrk,
                wrkThreads,
                List.copyOf(jvm),
                region,
                keep,
                caller,
                auditSink,
                auditFsync,
                compareAudit,
                store,
                nodes);
    }

    private static int positive(String name, String v) {
        int n = nonNegative(name, v);
        if (n == 0) throw new IllegalArgumentException(name + " must be positive");
        return n;
    }

    private static int nonNegative(String name, String v) {
        int n = wholeNumber(name, v);
        if (n < 0) throw new IllegalArgumentException(name + " must not be negative");
        return n;
    }

    /** The whole number of option {@code name}, or the benchmarks' usage error naming it. */
    static int wholeNumber(String name, String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " takes a whole number, not '" + v + "'");
        }
    }
}
