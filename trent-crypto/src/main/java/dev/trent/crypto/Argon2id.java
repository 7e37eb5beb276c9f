package dev.trent.crypto;

import java.util.Arrays;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id (RFC 9106), the memory-hard password hash, from BouncyCastle: turns a passphrase and a salt into key
 * bytes. Its cost is the parameters ({@link Parameters}); a guess at the passphrase costs an attacker the same.
 */
public final class Argon2id {
    /** The salt length new parameters get (RFC 9106 recommends 16 bytes). */
    public static final int SALT_LENGTH = 16;

    private Argon2id() {}

    /**
     * The cost of one derivation.
     *
     * @param memoryKiB memory in KiB (RFC 9106's second recommended option: 64 MiB)
     * @param iterations passes over the memory
     * @param parallelism lanes
     */
    public record Parameters(int memoryKiB, int iterations, int parallelism) {
        /**
         * RFC 9106 section 4's second recommended option, the one for memory-constrained environments (64 MiB, 3
         * passes), with one lane: above OWASP's minimum (19 MiB, 2 passes, 1 lane).
         */
        public static final Parameters DEFAULT = new Parameters(64 * 1024, 3, 1);

        public Parameters {
            if (memoryKiB < 8 * parallelism || iterations < 1 || parallelism < 1 || memoryKiB > 4 * 1024 * 1024) {
                throw new IllegalArgumentException("Argon2id parameters out of range");
            }
        }
    }

    /** Derives {@code length} bytes from {@code passphrase} (UTF-8 bytes; not modified) and {@code salt}. */
    public static SecretBytes derive(byte[] passphrase, byte[] salt, Parameters p, int length) {
        Argon2BytesGenerator g = new Argon2BytesGenerator();
        g.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt)
                .withMemoryAsKB(p.memoryKiB())
                .withIterations(p.iterations())
                .withParallelism(p.parallelism())
                .build());
        byte[] out = new byte[length];
        try {
            g.generateBytes(passphrase, out);
            return SecretBytes.wrap(out);
        } catch (RuntimeException e) {
            Arrays.fill(out, (byte) 0);
            throw e;
        }
    }
}
