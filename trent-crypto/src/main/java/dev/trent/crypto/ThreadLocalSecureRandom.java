package dev.trent.crypto;

import java.security.DrbgParameters;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.SecureRandomSpi;

/**
 * A {@link SecureRandom} that gives each thread its own NIST SP 800-90A DRBG (the JDK's "DRBG": Hash_DRBG
 * SHA-256, 256-bit strength, prediction resistance off, reseeded by the JDK), each seeded from the system's
 * entropy source.
 *
 * <p>Why: the default Linux SecureRandom (NativePRNG) serializes every {@code nextBytes} on global locks, which
 * blocks event-loop threads of a busy server. Per-thread generators share nothing on the hot path.
 */
public final class ThreadLocalSecureRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;

    public ThreadLocalSecureRandom() {
        super(new Spi(), null);
    }

    private static final class Spi extends SecureRandomSpi {
        private static final long serialVersionUID = 1L;

        private final transient ThreadLocal<SecureRandom> perThread = ThreadLocal.withInitial(Spi::newDrbg);

        private static SecureRandom newDrbg() {
            try {
                return SecureRandom.getInstance(
                        "DRBG", DrbgParameters.instantiation(256, DrbgParameters.Capability.RESEED_ONLY, null));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("the JDK's DRBG is not available", e);
            }
        }

        @Override
        protected void engineSetSeed(byte[] seed) {
            perThread.get().setSeed(seed);
        }

        @Override
        protected void engineNextBytes(byte[] bytes) {
            perThread.get().nextBytes(bytes);
        }

        @Override
        protected byte[] engineGenerateSeed(int numBytes) {
            return perThread.get().generateSeed(numBytes);
        }
    }

    @Override
    public String getAlgorithm() {
        return "DRBG (per thread)";
    }

    @Override
    public String toString() {
        return "ThreadLocalSecureRandom[DRBG per thread]";
    }
}
