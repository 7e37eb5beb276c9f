package dev.trent.core.barrier;

import dev.trent.crypto.Pkcs11Token;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import javax.crypto.SecretKey;

/**
 * A root key that is a non-extractable AES-256 key on a PKCS#11 token (an HSM), used through the JDK's SunPKCS11
 * provider: it wraps the keyring with AES-GCM inside the token, so its bytes never reach Trent's memory. The key is
 * made on the token on first use when it has none of that label.
 */
public final class Pkcs11RootKeyProvider implements RootKeyProvider {
    /** The default {@code --pkcs11-key-label}. */
    public static final String DEFAULT_KEY_LABEL = "trent-root";

    private final Path library;
    private final String tokenLabel;
    private final String keyLabel;
    private final char[] pin;
    private final SecureRandom random;

    /** {@code pin} is copied. */
    public Pkcs11RootKeyProvider(Path library, String tokenLabel, String keyLabel, char[] pin, SecureRandom random) {
        this.library = library;
        this.tokenLabel = tokenLabel;
        this.keyLabel = keyLabel;
        this.pin = pin.clone();
        this.random = random;
    }

    @Override
    public String kind() {
        return "pkcs11";
    }

    @Override
    public String describe() {
        return "PKCS#11 key '" + keyLabel + "' on token '" + tokenLabel + "' (" + library + ")";
    }

    @Override
    public RootKey open(Map<String, String> stored) {
        Pkcs11Token token = Pkcs11Token.open(library, tokenLabel, pin, random);
        try {
            SecretKey key = token.findKey(keyLabel);
            if (key == null && !stored.isEmpty()) {
                throw new Pkcs11Token.Pkcs11Exception("the PKCS#11 token '" + tokenLabel + "' has no key '" + keyLabel
                        + "', the root key this data was sealed with; check --pkcs11-key-label and the token");
            }
            if (key == null) key = token.createKey(keyLabel);
            return new HsmRootKey(token, key, Map.of("token", tokenLabel, "key", keyLabel));
        } catch (RuntimeException e) {
            token.close();
            throw e;
        }
    }

    /** Zeroes this provider's copy of the PIN. */
    public void destroy() {
        Arrays.fill(pin, '\0');
    }

    private record HsmRootKey(Pkcs11Token token, SecretKey key, Map<String, String> parameters) implements RootKey {
        @Override
        public byte[] wrap(byte[] plaintext, byte[] aad) {
            try {
                return token.encrypt(key, plaintext, aad);
            } catch (GeneralSecurityException e) {
                throw new Pkcs11Token.Pkcs11Exception("the HSM failed to wrap the keyring: " + e.getMessage(), e);
            }
        }

        @Override
        public byte[] unwrap(byte[] wrapped, byte[] aad) {
            try {
                return token.decrypt(key, wrapped, aad);
            } catch (GeneralSecurityException e) {
                throw new Barrier.BarrierException("the keyring does not open under this root key (the HSM key '"
                        + parameters.get("key") + "' on token '" + token.label() + "')");
            }
        }

        @Override
        public void close() {
            token.close();
        }
    }
}
