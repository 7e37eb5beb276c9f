package dev.trent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyState;

/**
 * Durability under {@code kill -9}: Trent runs as a separate JVM, several clients create, disable, enable and
 * encrypt, the process is killed in the middle of that, and after a restart on the same data directory every
 * acknowledged change is there (a change in flight at the kill may or may not have landed) and every
 * acknowledged ciphertext decrypts. Three rounds.
 */
class CrashRecoveryTest {
    private static final Pattern READY = Pattern.compile("Trent is ready at http://127\\.0\\.0\\.1:(\\d+)");
    private static final int THREADS = 4;
    private static final int ROUNDS = 3;

    @TempDir
    Path dir;

    /** A key as the clients know it: the last acknowledged state, and the state a request in flight asks for. */
    static final class KeyModel {
        final String id;
        volatile KeyState acked = KeyState.ENABLED;
        volatile KeyState inFlight;

        KeyModel(String id) {
            this.id = id;
        }
    }

    record Sealed(String keyId, SdkBytes blob, SdkBytes plaintext, Map<String, String> context) {}

    /** Trent in its own JVM. */
    static final class TrentProcess implements AutoCloseable {
        final Process process;
        final Path log;
        final int port;

        TrentProcess(Path dataDir, Path log, String... extraArgs) throws IOException, InterruptedException {
            this(dataDir, log, Map.of(), extraArgs);
        }

        /** Trent with {@code server --port 0 --data-dir DIR EXTRA...}, its environment plus {@code env}. */
        TrentProcess(Path dataDir, Path log, Map<String, String> env, String... extraArgs)
                throws IOException, InterruptedException {
            this.log = log;
            String java =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            List<String> cmd = new ArrayList<>(List.of(
                    java,
                    "-XX:TieredStopAtLevel=1",
                    "-XX:+UseSerialGC",
                    "-Xmx256m",
                    "--enable-native-access=ALL-UNNAMED",
                    "-cp",
                    cp,
                    "dev.trent.cli.Main",
                    "server",
                    "--port",
                    "0",
                    "--data-dir",
                    dataDir.toString(),
                    // these tests check durability under concurrent writes, not rates
                    "--no-request-quotas"));
            cmd.addAll(List.of(extraArgs));
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().putAll(env);
            process = pb.redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            Matcher m = READY.matcher("");
            while (!m.reset(Files.readString(log, StandardCharsets.UTF_8)).find()) {
                if (!process.isAlive())
                    throw new AssertionError("Trent exited with " + process.exitValue() + ":\n" + tail());
                if (System.nanoTime() > deadline) throw new AssertionError("Trent did not start in 90 s:\n" + tail());
                Thread.sleep(50);
            }
            port = Integer.parseInt(m.group(1));
        }

        String tail() {
            try {
                String s = Files.readString(log, StandardCharsets.UTF_8);
                return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
            } catch (IOException e) {
                return e.toString();
            }
        }

        URI endpoint() {
            return URI.create("http://127.0.0.1:" + port);
        }

        /** SIGKILL: no shutdown hook, no flush, no close. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(20, TimeUnit.SECONDS))
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void acknowledgedWorkSurvivesKillMinusNine() throws Exception {
        Path data = dir.resolve("data");
        Map<String, KeyModel> keys = new ConcurrentHashMap<>();
        List<Sealed> sealed = new CopyOnWriteArrayList<>();
        int inFlightResolvedEitherWay = 0;

        TrentProcess trent = start(data, 0);
        RunningTrent.Credentials admin = RunningTrent.readAdmin(data);
        try {
            for (int round = 1; round <= ROUNDS; round++) {
                Workload w = new Workload(trent.endpoint(), admin, keys, sealed, round);
                w.start();
                // kill once the clients are well under way, while requests are in flight
                w.awaitOperations(60 + 20 * round, Duration.ofSeconds(60));
                trent.kill();
                w.join();
                assertThat(w.failures)
                        .as("unexpected service errors in round %d (server log:\n%s)", round, trent.tail())
                        .isEmpty();

                trent = start(data, round);
                try (KmsClient kms = RunningTrent.client(
                        trent.endpoint(), Region.US_EAST_1, admin.accessKeyId(), admin.secretAccessKey())) {
                    for (KeyModel k : keys.values()) {
                        KeyState actual = kms.describeKey(b -> b.keyId(k.id))
                                .keyMetadata()
                                .keyState();
                        if (k.inFlight == null) {
                            assertThat(actual)
                                    .as("key %s after round %d", k.id, round)
                                    .isEqualTo(k.acked);
                        } else {
                            assertThat(actual)
                                    .as("key %s (in flight: %s) after round %d", k.id, k.inFlight, round)
                                    .isIn(k.acked, k.inFlight);
                            inFlightResolvedEitherWay++;
                        }
                        // every key ends the round enabled, so the next round (and decryption) can use it
                        if (actual == KeyState.DISABLED) kms.enableKey(b -> b.keyId(k.id));
                        k.acked = KeyState.ENABLED;
                        k.inFlight = null;
                    }
                    for (Sealed s : sealed) {
                        SdkBytes plain = kms.decrypt(
                                        b -> b.ciphertextBlob(s.blob()).encryptionContext(s.context()))
                                .plaintext();
                        assertThat(plain).as("ciphertext under %s", s.keyId()).isEqualTo(s.plaintext());
                    }
                    assertThat(kms.listKeysPaginator(b -> b.limit(1000)).keys().stream()
                                    .count())
                            .isGreaterThanOrEqualTo(keys.size());
                }
            }
        } finally {
            trent.close();
        }
        assertThat(keys).hasSizeGreaterThan(ROUNDS * 5);
        assertThat(sealed).hasSizeGreaterThan(ROUNDS * 5);
        System.out.printf(
                "crash recovery: %d keys, %d ciphertexts, %d changes in flight at a kill%n",
                keys.size(), sealed.size(), inFlightResolvedEitherWay);
    }

    private TrentProcess start(Path data, int round) throws IOException, InterruptedException {
        return new TrentProcess(data, dir.resolve("trent-" + round + ".log"));
    }

    /** Client threads that each own their keys, so "the last acknowledged state" of a key is well defined. */
    static final class Workload {
        final URI endpoint;
        final RunningTrent.Credentials admin;
        final Map<String, KeyModel> keys;
        final List<Sealed> sealed;
        final int round;
        final AtomicInteger operations = new AtomicInteger();
        final List<Throwable> failures = new CopyOnWriteArrayList<>();
        final AtomicBoolean stop = new AtomicBoolean();
        final List<Thread> threads = new ArrayList<>();

        Workload(
                URI endpoint,
                RunningTrent.Credentials admin,
                Map<String, KeyModel> keys,
                List<Sealed> sealed,
                int round) {
            this.endpoint = endpoint;
            this.admin = admin;
            this.keys = keys;
            this.sealed = sealed;
            this.round = round;
        }

        void start() {
            for (int t = 0; t < THREADS; t++) {
                int n = t;
                threads.add(
                        Thread.ofPlatform().name("workload-" + round + "-" + n).start(() -> run(n)));
            }
        }

        void awaitOperations(int n, Duration max) throws InterruptedException {
            long deadline = System.nanoTime() + max.toNanos();
            while (operations.get() < n && failures.isEmpty() && System.nanoTime() < deadline) Thread.sleep(5);
        }

        void join() throws InterruptedException {
            stop.set(true);
            for (Thread t : threads) t.join(TimeUnit.SECONDS.toMillis(60));
        }

        private void run(int thread) {
            Random rnd = new Random(round * 31L + thread);
            List<KeyModel> mine = new ArrayList<>();
            try (KmsClient kms =
                    RunningTrent.client(endpoint, Region.US_EAST_1, admin.accessKeyId(), admin.secretAccessKey())) {
                int counter = 0;
                while (!stop.get()) {
                    int r = rnd.nextInt(10);
                    if (mine.isEmpty() || r < 3) {
                        String id = kms.createKey(b -> b.description("crash round " + round))
                                .keyMetadata()
                                .keyId();
                        KeyModel k = new KeyModel(id);
                        keys.put(id, k);
                        mine.add(k);
                    } else if (r < 6) {
                        KeyModel k = mine.get(rnd.nextInt(mine.size()));
                        KeyState target = k.acked == KeyState.ENABLED ? KeyState.DISABLED : KeyState.ENABLED;
                        k.inFlight = target;
                        if (target == KeyState.DISABLED) kms.disableKey(b -> b.keyId(k.id));
                        else kms.enableKey(b -> b.keyId(k.id));
                        k.acked = target;
                        k.inFlight = null;
                    } else {
                        List<KeyModel> usable = mine.stream()
                                .filter(k -> k.acked == KeyState.ENABLED)
                                .toList();
                        if (usable.isEmpty()) continue;
                        KeyModel k = usable.get(rnd.nextInt(usable.size()));
                        byte[] p = new byte[1 + rnd.nextInt(64)];
                        rnd.nextBytes(p);
                        Map<String, String> ctx =
                                new HashMap<>(Map.of("round", String.valueOf(round), "n", thread + "-" + counter++));
                        SdkBytes blob = kms.encrypt(b -> b.keyId(k.id)
                                        .plaintext(SdkBytes.fromByteArray(p))
                                        .encryptionContext(ctx))
                                .ciphertextBlob();
                        sealed.add(new Sealed(k.id, blob, SdkBytes.fromByteArray(p), ctx));
                    }
                    operations.incrementAndGet();
                }
            } catch (SdkServiceException e) {
                // the server answered, and not with success: never expected in this workload
                failures.add(e);
            } catch (RuntimeException connectionLost) {
                // the kill: this thread's last request is in flight; its change may or may not have landed
            }
        }
    }
}
