package dev.trent.cli;

import dev.trent.server.ServerConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The root-of-trust options, shared by {@code trent server} and {@code trent rotate-root-key}. */
final class RootOfTrustOptions {
    @Option(
            names = "--root-of-trust",
            paramLabel = "KIND",
            description = "Where the root key lives: file (default), passphrase (Argon2id; unseal with trent unseal)"
                    + " or pkcs11 (an HSM key; PIN in TRENT_PKCS11_PIN).")
    String rootOfTrust;

    @Option(
            names = "--root-key-file",
            paramLabel = "PATH",
            description = "The root key file of --root-of-trust file (default <data-dir>/root.key). The nodes of one"
                    + " cluster use copies of the same root key.")
    Path rootKeyFile;

    @Option(names = "--pkcs11-library", paramLabel = "LIB", description = "The PKCS#11 library of the HSM.")
    Path pkcs11Library;

    @Option(names = "--pkcs11-token-label", paramLabel = "LABEL", description = "The label of the HSM token.")
    String pkcs11TokenLabel;

    @Option(
            names = "--pkcs11-key-label",
            paramLabel = "LABEL",
            description = "The label of the root key on the token (default trent-root; made if absent).")
    String pkcs11KeyLabel;

    /** {@code c} with the options given on the command line. */
    ServerConfig applyTo(ServerConfig c) {
        ServerConfig.Builder b = c.toBuilder();
        if (rootOfTrust != null) b.rootOfTrust(rootOfTrust);
        if (rootKeyFile != null) b.rootKeyFile(rootKeyFile);
        if (pkcs11Library != null) b.pkcs11Library(pkcs11Library);
        if (pkcs11TokenLabel != null) b.pkcs11TokenLabel(pkcs11TokenLabel);
        if (pkcs11KeyLabel != null) b.pkcs11KeyLabel(pkcs11KeyLabel);
        return b.build();
    }
}
