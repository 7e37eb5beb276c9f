package dev.trent.it.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Start-up time per root of trust: for {@code file}, {@code passphrase} and {@code pkcs11} (SoftHSM2, when
 * installed), a data directory is made by a first start, then the server is started {@code --runs} more times on
 * it; each time is from launching the JVM to the line "Trent is ready". The JVM's own start is in every number
 * alike, so the differences are the root key's cost (an Argon2id derivation, an HSM login and unwrap).
 *
 * <pre>
 * java --sun-misc-unsafe-memory-access=allow -cp "trent-it/target/classes:$(cat trent-it/target/classpath.txt)" \
 *     dev.trent.it.bench.StartupBenchmark --runs 5
 * </pre>
 *
 * With {@code SOFTHSM2_CONF=/tmp/trent-bench-softhsm2.conf} (a file it may overwrite) in the environment, the
 * in-process measurements include {@code pkcs11} too:
 *
 * <pre>
 * SOFTHSM2_CONF=/tmp/trent-bench-softhsm2.conf java --add-exports jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=ALL-UNNAMED ...
 * </pre>
 */
public final class StartupBenchmark {
    private static final Pattern READY = Pattern.compile("Trent is ready at");
    private static final Path SOFTHSM = Path.of("/usr/lib/softhsm/libsofthsm2.so");

    private StartupBenchmark() {}

    public static void main(String[] args) throws Exception {
        int runs = args.length == 2 && args[0].equals("--runs") ? Integer.parseInt(args[1]) : 5;
        Path work = Files.createTempDirectory("trent-startup-bench");
        Map<String, List<String>> flags = new java.util.LinkedHashMap<>();
        Map<String, Map<String, String>> envs = new HashMap<>();
        flags.put("file", List.of());
        envs.put("file", Map.of());
        flags.put("passphrase", List.of("--root-of-trust", "passphrase"));
        envs.put("passphrase", Map.of("TRENT_UNSEAL_PASSPHRASE", "a benchmark passphrase"));
        if (Files.isRegularFile(SOFTHSM)) {
            // in-process (the second table) SoftHSM2 reads SOFTHSM2_CONF of this JVM: written there when set
            String env = System.getenv("SOFTHSM2_CONF");
            Path conf = env != null ? Path.of(env) : work.resolve("softhsm2.conf");
            Files.createDirectories(work.resolve("tokens"));
            Files.writeString(
                    conf, "directories.tokendir = " + work.resolve("tokens") + "\nobjectstore.backend = file\n");
            ProcessBuilder init = new ProcessBuilder(
                            "softhsm2-util",
                            "--init-token",
                            "--free",
                            "--label",
                            "bench",
                            "--pin",
                            "1234",
                            "--so-pin",
                            "5678")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            init.environment().put("SOFTHSM2_CONF", conf.toString());
            if (init.start().waitFor() == 0) {
                flags.put(
                        "pkcs11",
                        List.of(
                                "--root-of-trust",
                                "pkcs11",
                                "--pkcs11-library",
                                SOFTHSM.toString(),
                                "--pkcs11-token-label",
                                "bench"));
                envs.put("pkcs11", Map.of("SOFTHSM2_CONF", conf.toString(), "TRENT_PKCS11_PIN", "1234"));
            }
        } else {
            System.out.println("SoftHSM2 is not installed: pkcs11 is not measured");
        }
        System.out.printf(
                "%-12s %10s %10s %10s   (ms from JVM launch to ready; %d runs after a first start)%n",
                "root", "min", "median", "max", runs);
        for (var e : flags.entrySet()) {
            Path data = work.resolve("data-" + e.getKey());
            List<Long> times = new ArrayList<>();
            for (int i = 0; i <= runs; i++) {
                long t = startOnce(data, e.getValue(), envs.get(e.getKey()), work.resolve(e.getKey() + i + ".log"));
                if (i > 0) times.add(t);
            }
            times.sort(null);
            System.out.printf(
                    "%-12s %10d %10d %10d%n",
                    e.getKey(), times.get(0), times.get(times.size() / 2), times.get(times.size() - 1));
        }
        System.out.printf(
                "%n%-12s %10s %10s %10s   (ms to open the root key and unwrap the keyring, in this JVM)%n",
                "root", "min", "median", "max");
        for (var e : flags.entrySet()) {
            Path data = work.resolve("data-" + e.getKey());
            List<Long> times = new ArrayList<>();
            for (int i = 0; i <= runs; i++) {
                long t = openOnce(data, e.getKey(), envs.get(e.getKey()));
                if (i > 0) times.add(t);
            }
            times.sort(null);
            System.out.printf(
                    "%-12s %10.1f %10.1f %10.1f%n",
                    e.getKey(),
                    times.get(0) / 1e6,
                    times.get(times.size() / 2) / 1e6,
                    times.get(times.size() - 1) / 1e6);
        }
        if (envs.containsKey("pkcs11")) hsmAesGcm(envs.get("pkcs11"));
    }

    /** Nanoseconds for one opening of the root of trust of {@code data} (the server is not running). */
    private static long openOnce(Path data, String kind, Map<String, String> env) {
        java.security.SecureRandom random = new java.security.SecureRandom();
        dev.trent.core.store.Store store = dev.trent.core.store.StoreProvider.openStore("sqlite", data, false);
        try {
            long start = System.nanoTime();
            dev.trent.core.barrier.RootKeyProvider p = switch (kind) {
                case "file" -> new dev.trent.core.barrier.KeyFileRootKeyProvider(data.resolve("root.key"), random);
                case "passphrase" ->
                    new dev.trent.core.barrier.PassphraseRootKeyProvider(
                            env.get("TRENT_UNSEAL_PASSPHRASE").toCharArray(),
                            random,
                            dev.trent.crypto.Argon2id.Parameters.DEFAULT);
                default ->
                    new dev.trent.core.barrier.Pkcs11RootKeyProvider(
                            SOFTHSM,
                            "bench",
                            "trent-root",
                            env.get("TRENT_PKCS11_PIN").toCharArray(),
                            random);
            };
            try (dev.trent.core.barrier.RootOfTrust r = dev.trent.core.barrier.RootOfTrust.open(
                    store,
                    p,
                    k -> {
                        throw new IllegalStateException(k);
                    },
                    random)) {
                return System.nanoTime() - start;
            }
        } finally {
            store.close();
        }
    }

    /** AES-256-GCM of 32 bytes: the JDK in memory vs SoftHSM2 through SunPKCS11 (what an HSM-bound key costs). */
    private static void hsmAesGcm(Map<String, String> env) throws Exception {
        java.security.SecureRandom random = new java.security.SecureRandom();
        try (dev.trent.crypto.Pkcs11Token token = dev.trent.crypto.Pkcs11Token.open(
                SOFTHSM, "bench", env.get("TRENT_PKCS11_PIN").toCharArray(), random)) {
            javax.crypto.SecretKey hsmKey = token.findKey("trent-root");
            dev.trent.crypto.AesGcm jca =
                    new dev.trent.crypto.AesGcm(dev.trent.crypto.SecretBytes.random(random, 32), random);
            byte[] plain = new byte[32];
            byte[] aad = new byte[16];
            int n = 2000;
            for (int i = 0; i < n; i++) {
                jca.encrypt(plain, aad);
                token.encrypt(hsmKey, plain, aad);
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < n * 10; i++) jca.encrypt(plain, aad);
            long jcaNs = (System.nanoTime() - t0) / (n * 10L);
            long t1 = System.nanoTime();
            for (int i = 0; i < n; i++) token.encrypt(hsmKey, plain, aad);
            long hsmNs = (System.nanoTime() - t1) / n;
            System.out.printf(
                    "%nAES-256-GCM of 32 bytes: JDK %.1f us, SoftHSM2 via SunPKCS11 %.1f us per call%n",
                    jcaNs / 1e3, hsmNs / 1e3);
        }
    }

    private static long startOnce(Path data, List<String> flags, Map<String, String> env, Path log) throws Exception {
        List<String> args = new ArrayList<>(List.of("server", "--port", "0", "--data-dir", data.toString()));
        args.addAll(flags);
        long start = System.nanoTime();
        try (ChildJvm jvm = ChildJvm.start(
                "trent",
                List.of("--add-exports", "jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=ALL-UNNAMED"),
                "dev.trent.cli.Main",
                args,
                env,
                log,
                READY)) {
            jvm.awaitReady(Duration.ofSeconds(120));
            return Duration.ofNanos(System.nanoTime() - start).toMillis();
        }
    }
}
