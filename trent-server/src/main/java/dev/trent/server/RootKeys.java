package dev.trent.server;

import dev.trent.core.barrier.KeyFileRootKeyProvider;
import dev.trent.core.barrier.PassphraseRootKeyProvider;
import dev.trent.core.barrier.Pkcs11RootKeyProvider;
import dev.trent.core.barrier.RootKeyProvider;
import dev.trent.crypto.Argon2id;
import java.security.SecureRandom;
import java.util.function.Function;

/**
 * The root key providers of a configuration ({@code --root-of-trust}), with their secrets from the environment:
 * the unseal passphrase from {@value #PASSPHRASE_VARIABLE}, the PKCS#11 PIN from {@value #PIN_VARIABLE}.
 */
final class RootKeys {
    static final String PASSPHRASE_VARIABLE = "TRENT_UNSEAL_PASSPHRASE";
    static final String PIN_VARIABLE = "TRENT_PKCS11_PIN";

    private final ServerConfig config;
    private final SecureRandom random;
    private final Function<String, String> env;

    RootKeys(ServerConfig config, SecureRandom random, Function<String, String> env) {
        this.config = config;
        this.random = random;
        this.env = env;
    }

    /** The key file provider of the configuration (also the one of data directories from earlier builds). */
    KeyFileRootKeyProvider keyFile() {
        return new KeyFileRootKeyProvider(config.rootKeyPath(), random);
    }

    /** Whether a passphrase is at hand (the environment variable is set). */
    boolean hasPassphrase() {
        String p = env.apply(PASSPHRASE_VARIABLE);
        return p != null && !p.isEmpty();
    }

    /** The provider of {@code kind} from this configuration's settings; a passphrase from the environment. */
    RootKeyProvider provider(String kind) {
        return switch (kind) {
            case "file" -> keyFile();
            case "passphrase" -> {
                if (!hasPassphrase()) {
                    throw new StartupException("the root key is derived from a passphrase; set " + PASSPHRASE_VARIABLE);
                }
                yield passphrase(env.apply(PASSPHRASE_VARIABLE).toCharArray());
            }
            case "pkcs11" -> {
                if (config.pkcs11Library() == null || config.pkcs11TokenLabel() == null) {
                    throw new StartupException(
                            "the root key is on a PKCS#11 token: give --pkcs11-library and" + " --pkcs11-token-label");
                }
                String pin = env.apply(PIN_VARIABLE);
                if (pin == null || pin.isEmpty()) {
                    throw new StartupException(
                            "the root key is on a PKCS#11 token: set " + PIN_VARIABLE + " to the token's user PIN");
                }
                yield new Pkcs11RootKeyProvider(
                        config.pkcs11Library(),
                        config.pkcs11TokenLabel(),
                        config.pkcs11KeyLabel(),
                        pin.toCharArray(),
                        random);
            }
            default -> throw new StartupException("unknown root of trust '" + kind + "'");
        };
    }

    /** The passphrase provider for {@code passphrase} (the unseal endpoint's). */
    PassphraseRootKeyProvider passphrase(char[] passphrase) {
        return new PassphraseRootKeyProvider(passphrase, random, Argon2id.Parameters.DEFAULT);
    }
}
