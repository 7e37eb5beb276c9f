package dev.trent.it.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.DrbgParameters;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The bare JCA primitive behind a Trent operation, measured single-threaded in the benchmark's JVM: what one core
 * does when it does nothing but that primitive. Each uses the JDK provider Trent uses for it (SunRsaSign, SunEC,
 * SunJCE) and the same kind of randomness (a SHA-256 Hash_DRBG, as Trent's per-thread generators), with one
 * {@link Signature} or {@link Mac} initialised once and reused, so it is the primitive's best case: no per-call
 * {@code getInstance}/{@code init}, no HTTP, SigV4, JSON or base64.
 */
enum RawPrimitive {
    RSA_2048_PKCS1_SHA256("SHA256withRSA, RSA-2048 (PKCS#1 v1.5)"),
    ECDSA_P256_SHA256("SHA256withECDSA, P-256"),
    ED25519("Ed25519"),
    HMAC_SHA256("HmacSHA256, 32-byte key");

    private final String description;

    RawPrimitive(String description) {
        this.description = description;
    }

    String description() {
        return description;
    }

    /** One operation over a message; returns something derived from the output so the JIT cannot drop it. */
    @FunctionalInterface
    interface Op {
        int apply(byte[] message) throws GeneralSecurityException;
    }

    /** A fresh key and an initialised primitive; also names the provider that serves it. */
    record Prepared(Op op, String provider) {}

    Prepared prepare() throws GeneralSecurityException {
        SecureRandom random = SecureRandom.getInstance(
                "DRBG", DrbgParameters.instantiation(256, DrbgParameters.Capability.RESEED_ONLY, null));
        return switch (this) {
            case RSA_2048_PKCS1_SHA256 -> {
                KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                g.initialize(2048, random);
                yield signing("SHA256withRSA", g.generateKeyPair(), random);
            }
            case ECDSA_P256_SHA256 -> {
                KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                g.initialize(new ECGenParameterSpec("secp256r1"), random);
                yield signing("SHA256withECDSA", g.generateKeyPair(), random);
            }
            case ED25519 ->
                signing("Ed25519", KeyPairGenerator.getInstance("Ed25519").generateKeyPair(), random);
            case HMAC_SHA256 -> {
                byte[] key = new byte[32];
                random.nextBytes(key);
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
                yield new Prepared(m -> mac.doFinal(m)[0], mac.getProvider().getName());
            }
        };
    }

    private static Prepared signing(String algorithm, KeyPair pair, SecureRandom random)
            throws GeneralSecurityException {
        Signature s = Signature.getInstance(algorithm);
        s.initSign(pair.getPrivate(), random);
        // the provider is chosen at initSign; name it after
        String provider = s.getProvider().getName();
        return new Prepared(
                m -> {
                    s.update(m);
                    return s.sign()[0];
                },
                provider);
    }

    /** Operations done, wall-clock seconds and this thread's CPU seconds over one window. */
    record Measurement(long ops, double seconds, double cpuSeconds) {}

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** Runs {@code op} over {@code message} on this thread: {@code warm} unmeasured, then {@code window} measured. */
    static Measurement measure(Op op, byte[] message, Duration warm, Duration window) throws GeneralSecurityException {
        int sink = 0;
        if (!warm.isZero()) sink += loop(op, message, System.nanoTime() + warm.toNanos())[0];
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        long[] done = loop(op, message, t0 + window.toNanos());
        long t1 = System.nanoTime();
        long cpu1 = THREADS.getCurrentThreadCpuTime();
        sink += (int) done[1];
        if (sink == 42) System.out.print(""); // keeps the results alive
        return new Measurement(done[0], (t1 - t0) / 1e9, (cpu1 - cpu0) / 1e9);
    }

    /** {ops, sink}: runs in batches of 8 between clock reads (an HMAC over 1 KiB takes about a microsecond). */
    private static long[] loop(Op op, byte[] message, long deadline) throws GeneralSecurityException {
        long ops = 0;
        long sink = 0;
        do {
            for (int i = 0; i < 8; i++) sink += op.apply(message);
            ops += 8;
        } while (System.nanoTime() < deadline);
        return new long[] {ops, sink};
    }
}
