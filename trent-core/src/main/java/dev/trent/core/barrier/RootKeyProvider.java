package dev.trent.core.barrier;

import java.util.Map;

/**
 * Where the barrier's root key comes from: a key file ({@code file}), a passphrase ({@code passphrase}), or an HSM
 * ({@code pkcs11}). The root key wraps the barrier's {@link Keyring}, whose keys seal every record.
 */
public interface RootKeyProvider {
    /** The {@code --root-of-trust} name: {@code file}, {@code passphrase} or {@code pkcs11}. */
    String kind();

    /** A short description for logs, never containing secrets (e.g. "key file /var/lib/trent/root.key"). */
    String describe();

    /**
     * Opens the root key. {@code stored} is what {@link RootKey#parameters()} returned when the keyring was last
     * wrapped, or empty on first use, when the root key is created (a new salt, a new HSM key) if need be.
     *
     * @throws WrongRootKeyException if this is not the root key the parameters were made for (a wrong passphrase)
     */
    RootKey open(Map<String, String> stored);

    /** The root key is not the one the keyring was wrapped with (a wrong passphrase, another HSM key). */
    final class WrongRootKeyException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public WrongRootKeyException(String message) {
            super(message);
        }
    }
}
