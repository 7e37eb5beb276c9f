package dev.trent.cli;

import dev.trent.server.RootKeyRotation;
import dev.trent.server.ServerConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code trent rotate-root-key}: re-seals every record of a data directory under a new barrier keyring term, beside
 * the running server (which follows the new keyring) or not. See docs/root-of-trust.md.
 */
@Command(
        name = "rotate-root-key",
        mixinStandardHelpOptions = true,
        description = "Rotate the root key: a new keyring term, every record re-sealed under it, the old term dropped;"
                + " works while the server runs.")
final class RotateRootKeyCommand implements Callable<Integer> {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RotateRootKeyCommand.class);

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory (default ./trent-data).")
    Path dataDir;

    @Option(names = "--config", paramLabel = "FILE", description = "The server's JSON config file.")
    Path config;

    @Option(names = "--store", paramLabel = "LOCATION", description = "The server's store (default sqlite).")
    String store;

    @Mixin
    RootOfTrustOptions rootOfTrust = new RootOfTrustOptions();

    @Override
    public Integer call() {
        try {
            ServerConfig c = ServerConfig.defaults();
            if (config != null) c = ServerConfig.fromFile(config, c);
            if (dataDir != null) c = c.withDataDir(dataDir);
            if (store != null) c = c.toBuilder().store(store).build();
            c = rootOfTrust.applyTo(c);
            c.validate();
            int n = RootKeyRotation.run(c, new dev.trent.crypto.ThreadLocalSecureRandom());
            System.out.println("Rotated the root key of " + c.dataDir().toAbsolutePath() + ": " + n
                    + " records re-sealed under the new keyring term.");
            return 0;
        } catch (RuntimeException e) {
            LOG.debug("rotate-root-key failed", e);
            System.err.println("trent rotate-root-key: " + ServerCommand.oneLine(e));
            return 1;
        }
    }
}
