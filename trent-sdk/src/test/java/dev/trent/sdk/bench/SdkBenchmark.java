package dev.trent.sdk.bench;

import com.amazonaws.encryptionsdk.AwsCrypto;
import com.amazonaws.encryptionsdk.CommitmentPolicy;
import com.amazonaws.encryptionsdk.CryptoAlgorithm;
import com.amazonaws.encryptionsdk.CryptoInputStream;
import com.amazonaws.encryptionsdk.CryptoOutputStream;
import dev.trent.sdk.AlgorithmSuite;
import dev.trent.sdk.DecryptOptions;
import dev.trent.sdk.DecryptingInputStream;
import dev.trent.sdk.EncryptingOutputStream;
import dev.trent.sdk.TrentCrypto;
import dev.trent.sdk.keyring.RawAesKeyring;
import dev.trent.sdk.materials.DefaultCryptoMaterialsManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.cryptography.materialproviders.IKeyring;
import software.amazon.cryptography.materialproviders.MaterialProviders;
import software.amazon.cryptography.materialproviders.model.AesWrappingAlg;
import software.amazon.cryptography.materialproviders.model.CreateRawAesKeyringInput;
import software.amazon.cryptography.materialproviders.model.MaterialProvidersConfig;

/**
 * Throughput benchmark (not a test): encrypts and decrypts an N MiB stream (default 1024) with the Trent SDK, the
 * official AWS Encryption SDK for Java and raw JDK AES-256-GCM, all in this JVM, with raw AES keyrings so that no
 * server is involved. Usage: {@code SdkBenchmark [MiB] [rounds]}. Needs about 2.5 x MiB of heap (ciphertext is kept
 * in memory so disk speed does not count): run with {@code -Xmx4g} for 1 GiB.
 */
public final class SdkBenchmark {
    private static final int CHUNK = 1 << 20;
    private static final byte[] KEY = new byte[32];
    private static final Map<String, String> EC = Map.of("purpose", "benchmark");
    private static byte[] pattern;

    private SdkBenchmark() {}

    public static void main(String[] args) throws Exception {
        long mib = args.length > 0 ? Long.parseLong(args[0]) : 1024;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        long size = mib << 20;
        new SecureRandom().nextBytes(KEY);
        pattern = new byte[CHUNK];
        new SecureRandom().nextBytes(pattern);

        System.out.printf(
                Locale.ROOT,
                "Java %s, %s, %d CPUs, max heap %d MiB; stream %d MiB, best of %d rounds%n",
                System.getProperty("java.version"),
                System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20,
                mib,
                rounds);

        // Pre-allocate the in-memory ciphertext store, then warm up every path on a smaller stream.
        ChunkStore.chunk((int) ((size + size / 50 + (1 << 20)) / ChunkStore.SIZE) + 1);
        long warm = Math.min(size, 128L << 20);
        for (AlgorithmSuite s : suites()) {
            trent(s, warm, 4096);
            official(s, warm, 4096);
        }
        rawGcm(warm, CHUNK);
        rawGcm(warm, 65536);
        rawGcm(warm, 4096);
        sha384(warm);

        double[] raw1m = best(rounds, () -> rawGcm(size, CHUNK));
        double[] raw64k = best(rounds, () -> rawGcm(size, 65536));
        double[] raw4k = best(rounds, () -> rawGcm(size, 4096));
        // Two references: raw AES-GCM at the same granularity as the SDK's frames (one Cipher.init and one tag per
        // frame: apples to apples), and the best the JDK cipher reached at any chunk size (best case).
        double[] raw = {
            Math.max(raw1m[0], Math.max(raw64k[0], raw4k[0])), Math.max(raw1m[1], Math.max(raw64k[1], raw4k[1]))
        };
        double sha384 = best(rounds, () -> new double[] {sha384(size), 0})[0];
        System.out.printf(Locale.ROOT, "%n%-52s %12s %12s%n", "", "encrypt MB/s", "decrypt MB/s");
        row("raw JDK AES-256-GCM, 1 MiB per init+tag", raw1m, null, null, null);
        row("raw JDK AES-256-GCM, 64 KiB per init+tag", raw64k, null, null, null);
        row("raw JDK AES-256-GCM, 4 KiB per init+tag", raw4k, null, null, null);
        row("raw JDK AES-256-GCM, best of the above", raw, null, null, null);
        row("JDK SHA-384 alone (ceiling of signed suites)", new double[] {sha384, sha384}, null, null, null);
        for (AlgorithmSuite s : suites()) {
            double[] ours = best(rounds, () -> trent(s, size, 4096));
            double[] theirs = best(rounds, () -> official(s, size, 4096));
            System.out.println();
            row("official ESDK 3.0.2  0x" + s.hexId() + " frame 4096", theirs, raw4k, raw, null);
            row("Trent SDK            0x" + s.hexId() + " frame 4096", ours, raw4k, raw, theirs);
            if (s == AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY) {
                double[] big = best(rounds, () -> trent(s, size, 65536));
                row("Trent SDK            0x" + s.hexId() + " frame 65536", big, raw64k, raw, null);
            }
        }
    }

    private static List<AlgorithmSuite> suites() {
        String only = System.getProperty("bench.suite");
        List<AlgorithmSuite> all = List.of(
                AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384,
                AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY);
        return only == null ? all : List.of(AlgorithmSuite.parse(only));
    }

    /**
     * Prints a row; {@code sameFrames} is raw AES-GCM with one init+tag per frame of the same size (apples to
     * apples), {@code bestRaw} the best raw AES-GCM figure.
     */
    private static void row(String label, double[] mbps, double[] sameFrames, double[] bestRaw, double[] official) {
        StringBuilder sb =
                new StringBuilder(String.format(Locale.ROOT, "%-52s %12.0f %12.0f", label, mbps[0], mbps[1]));
        if (sameFrames != null) {
            sb.append(String.format(
                    Locale.ROOT,
                    "   vs raw GCM same frames: %.2fx / %.2fx",
                    mbps[0] / sameFrames[0],
                    mbps[1] / sameFrames[1]));
        }
        if (bestRaw != null) {
            sb.append(String.format(
                    Locale.ROOT, "   vs best raw GCM: %.2fx / %.2fx", mbps[0] / bestRaw[0], mbps[1] / bestRaw[1]));
        }
        if (official != null) {
            sb.append(String.format(
                    Locale.ROOT, "   vs official: %.2fx / %.2fx", mbps[0] / official[0], mbps[1] / official[1]));
        }
        System.out.println(sb);
    }

    /** MB/s of JDK SHA-384 over the stream: what every signed suite must hash, whatever its AES-GCM speed. */
    static double sha384(long size) throws Exception {
        java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-384");
        byte[] buf = new byte[64 * 1024];
        PatternInput src = new PatternInput(size);
        long t0 = System.nanoTime();
        int n;
        while ((n = src.read(buf, 0, buf.length)) > 0) {
            md.update(buf, 0, n);
        }
        md.digest();
        return mbps(size, System.nanoTime() - t0);
    }

    interface Run {
        double[] run() throws Exception;
    }

    private static double[] best(int rounds, Run r) throws Exception {
        double[] best = {0, 0};
        for (int i = 0; i < rounds; i++) {
            double[] v = r.run();
            best[0] = Math.max(best[0], v[0]);
            best[1] = Math.max(best[1], v[1]);
            System.gc();
        }
        return best;
    }

    private static double mbps(long bytes, long nanos) {
        return bytes / 1e6 / (nanos / 1e9);
    }

    /** Trent SDK: encrypt the stream into memory, then decrypt it back into a sink. */
    static double[] trent(AlgorithmSuite suite, long size, int frame) throws IOException {
        TrentCrypto crypto = TrentCrypto.builder()
                .encryptionAlgorithm(suite)
                .frameLength(frame)
                .build();
        var cmm = new DefaultCryptoMaterialsManager(new RawAesKeyring("bench", "key", KEY));
        ChunkStore ct = new ChunkStore();
        long t0 = System.nanoTime();
        try (EncryptingOutputStream out = crypto.encryptingStream(cmm, ct, EC, size)) {
            copy(new PatternInput(size), out);
        }
        long t1 = System.nanoTime();
        CountingSink sink = new CountingSink();
        try (DecryptingInputStream in = crypto.decryptingStream(cmm, ct.input(), DecryptOptions.defaults())) {
            copy(in, sink);
        }
        long t2 = System.nanoTime();
        check(sink.count, size);
        return new double[] {mbps(size, t1 - t0), mbps(size, t2 - t1)};
    }

    /** The official AWS Encryption SDK for Java with its raw AES keyring. */
    static double[] official(AlgorithmSuite suite, long size, int frame) throws IOException {
        AwsCrypto crypto = AwsCrypto.builder()
                .withCommitmentPolicy(CommitmentPolicy.RequireEncryptRequireDecrypt)
                .withEncryptionAlgorithm(CryptoAlgorithm.valueOf("ALG_" + suite.name()))
                .withEncryptionFrameSize(frame)
                .build();
        MaterialProviders mpl = MaterialProviders.builder()
                .MaterialProvidersConfig(MaterialProvidersConfig.builder().build())
                .build();
        IKeyring keyring = mpl.CreateRawAesKeyring(CreateRawAesKeyringInput.builder()
                .keyNamespace("bench")
                .keyName("key")
                .wrappingKey(ByteBuffer.wrap(KEY))
                .wrappingAlg(AesWrappingAlg.ALG_AES256_GCM_IV12_TAG16)
                .build());
        ChunkStore ct = new ChunkStore();
        long t0 = System.nanoTime();
        try (CryptoOutputStream<?> out = crypto.createEncryptingStream(keyring, ct, EC)) {
            copy(new PatternInput(size), out);
        }
        long t1 = System.nanoTime();
        CountingSink sink = new CountingSink();
        try (CryptoInputStream<?> in = crypto.createDecryptingStream(keyring, ct.input())) {
            copy(in, sink);
        }
        long t2 = System.nanoTime();
        check(sink.count, size);
        return new double[] {mbps(size, t1 - t0), mbps(size, t2 - t1)};
    }

    /** Raw JDK AES-256-GCM over the same stream, one init and tag per {@code chunk} bytes, no message format. */
    static double[] rawGcm(long size, int chunk) throws Exception {
        SecretKeySpec key = new SecretKeySpec(KEY, "AES");
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        byte[] iv = new byte[12];
        byte[] in = new byte[chunk];
        byte[] out = new byte[chunk + 16];
        ChunkStore ct = new ChunkStore();
        PatternInput src = new PatternInput(size);
        long t0 = System.nanoTime();
        long seq = 0;
        int n;
        while ((n = src.readNBytes(in, 0, chunk)) > 0) {
            ByteBuffer.wrap(iv).putLong(4, ++seq);
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            int k = c.doFinal(in, 0, n, out, 0);
            ct.write(out, 0, k);
        }
        long t1 = System.nanoTime();
        InputStream cin = ct.input();
        byte[] buf = new byte[chunk + 16];
        byte[] plain = new byte[chunk];
        long total = 0;
        seq = 0;
        long remaining = size;
        while (remaining > 0) {
            int len = (int) Math.min(chunk, remaining);
            cin.readNBytes(buf, 0, len + 16);
            ByteBuffer.wrap(iv).putLong(4, ++seq);
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, iv));
            total += c.doFinal(buf, 0, len + 16, plain, 0);
            remaining -= len;
        }
        long t2 = System.nanoTime();
        check(total, size);
        return new double[] {mbps(size, t1 - t0), mbps(size, t2 - t1)};
    }

    private static void check(long got, long want) {
        if (got != want) {
            throw new IllegalStateException("round trip lost data: " + got + " != " + want);
        }
    }

    private static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buf = new byte[64 * 1024];
        int n;
        while ((n = in.read(buf)) >= 0) {
            out.write(buf, 0, n);
        }
    }

    /** Plaintext source: a random 1 MiB block repeated, so producing input costs only a copy. */
    static final class PatternInput extends InputStream {
        private long remaining;
        private int pos;

        PatternInput(long size) {
            this.remaining = size;
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (remaining == 0) {
                return -1;
            }
            int n = (int) Math.min(Math.min(len, remaining), CHUNK - pos);
            System.arraycopy(pattern, pos, b, off, n);
            pos = (pos + n) % CHUNK;
            remaining -= n;
            return n;
        }
    }

    /** Ciphertext kept in memory in 64 MiB chunks. */
    static final class ChunkStore extends OutputStream {
        private static final int SIZE = 64 << 20;
        private static final List<byte[]> POOL = new ArrayList<>();
        private final List<byte[]> chunks = new ArrayList<>();
        private int used = SIZE;
        private long total;

        /** Chunks are recycled between runs so that timings do not include first-touch page faults. */
        private static synchronized byte[] chunk(int index) {
            while (POOL.size() <= index) {
                byte[] c = new byte[SIZE];
                for (int i = 0; i < SIZE; i += 4096) {
                    c[i] = 1;
                }
                POOL.add(c);
            }
            return POOL.get(index);
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            while (len > 0) {
                if (used == SIZE) {
                    chunks.add(chunk(chunks.size()));
                    used = 0;
                }
                int n = Math.min(len, SIZE - used);
                System.arraycopy(b, off, chunks.get(chunks.size() - 1), used, n);
                used += n;
                off += n;
                len -= n;
                total += n;
            }
        }

        InputStream input() {
            return new InputStream() {
                private long pos;

                @Override
                public int read() {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    if (pos >= total) {
                        return -1;
                    }
                    int ci = (int) (pos / SIZE);
                    int co = (int) (pos % SIZE);
                    int n = (int) Math.min(Math.min(len, SIZE - co), total - pos);
                    System.arraycopy(chunks.get(ci), co, b, off, n);
                    pos += n;
                    return n;
                }
            };
        }
    }

    static final class CountingSink extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
