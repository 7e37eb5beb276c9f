package dev.trent.core.barrier;

import dev.trent.crypto.Argon2id;
import dev.trent.crypto.ConstantTime;
import dev.trent.crypto.Hkdf;
import dev.trent.crypto.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A root key derived from a passphrase with Argon2id ({@link Argon2id.Parameters#DEFAULT}: 64 MiB, 3 passes, 1
 * lane) and a random 16-byte salt. The salt, the parameters and a check value (16 bytes derived from the root key
 * with HKDF, so it says nothing about the key) are stored beside the keyring: a wrong passphrase is recognised
 * as such, not mistaken for a damaged keyring.
 */
public final class PassphraseRootKeyProvider implements RootKeyProvider {
    private static final byte[] CHECK_INFO = "trent/root-key/passphrase-check/v1".getBytes(StandardCharsets.UTF_8);
    private static final int CHECK_LENGTH = 16;
    /** The shortest passphrase accepted when a root key is first made. */
    public static final int MIN_LENGTH = 12;

    private final byte[] passphrase;
    private final SecureRandom random;
    private final Argon2id.Parameters parameters;

    /** {@code passphrase} is copied (as UTF-8); {@link #destroy} zeroes the copy. */
    public PassphraseRootKeyProvider(char[] passphrase, SecureRandom random, Argon2id.Parameters parameters) {
        java.nio.ByteBuffer b = StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(passphrase));
        this.passphrase = new byte[b.remaining()];
        b.get(this.passphrase);
        if (b.hasArray()) Arrays.fill(b.array(), (byte) 0);
        this.random = random;
        this.parameters = parameters;
    }

    @Override
    public String kind() {
        return "passphrase";
    }

    @Override
    public String describe() {
        return "passphrase (Argon2id)";
    }

    @Override
    public RootKey open(Map<String, String> stored) {
        boolean first = stored.isEmpty();
        if (first && passphrase.length < MIN_LENGTH) {
            throw new IllegalArgumentException(
                    "the unseal passphrase must be at least " + MIN_LENGTH + " characters long");
        }
        byte[] salt;
        Argon2id.Parameters p;
        if (first) {
            salt = new byte[Argon2id.SALT_LENGTH];
            random.nextBytes(salt);
            p = parameters;
        } else {
            try {
                salt = Base64.getDecoder().decode(stored.get("salt"));
                p = new Argon2id.Parameters(
                        Integer.parseInt(stored.get("memoryKiB")),
                        Integer.parseInt(stored.get("iterations")),
                        Integer.parseInt(stored.get("parallelism")));
            } catch (RuntimeException e) {
                throw new Barrier.BarrierException("the stored passphrase parameters are malformed");
            }
        }
        SecretBytes key = Argon2id.derive(passphrase, salt, p, 32);
        byte[] check = Hkdf.sha256(key.reveal(), new byte[0], CHECK_INFO, CHECK_LENGTH);
        String checkText = Base64.getEncoder().encodeToString(check);
        if (!first) {
            byte[] expected = Base64.getDecoder().decode(stored.getOrDefault("check", ""));
            if (!ConstantTime.equals(check, expected)) {
                key.destroy();
                throw new WrongRootKeyException("the unseal passphrase is wrong");
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        out.put("kdf", "argon2id");
        out.put("salt", Base64.getEncoder().encodeToString(salt));
        out.put("memoryKiB", Integer.toString(p.memoryKiB()));
        out.put("iterations", Integer.toString(p.iterations()));
        out.put("parallelism", Integer.toString(p.parallelism()));
        out.put("check", checkText);
        return new MemoryRootKey(key, random, out);
    }

    /** Zeroes this provider's copy of the passphrase. */
    public void destroy() {
        Arrays.fill(passphrase, (byte) 0);
    }
}
