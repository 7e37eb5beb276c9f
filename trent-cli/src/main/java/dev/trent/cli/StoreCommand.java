package dev.trent.cli;

import dev.trent.core.barrier.Barrier;
import dev.trent.core.barrier.KeyFileRootKeyProvider;
import dev.trent.core.barrier.RootOfTrust;
import dev.trent.core.store.Store;
import dev.trent.server.ServerConfig;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What {@code trent backup} and {@code trent restore} share: the data directory, store and root key options (as the
 * server takes them, the flags over the config file), and one-line errors: exit code 2 for a mistake in the command
 * line, 1 for a failure.
 */
abstract class StoreCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(StoreCommand.class);

    @Spec
    CommandSpec spec;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "The server's data directory (default ./trent-data, or the config file's dataDir).")
    Path dataDir;

    @Option(
            names = "--store",
            paramLabel = "LOCATION",
            description = "The store, if not the default (sqlite: <data-dir>/trent.db;"
                    + " postgresql://USER[:PASSWORD]@HOST[:PORT]/DB, the password also from TRENT_STORE_PASSWORD).")
    String store;

    @Option(
            names = "--root-key-file",
            paramLabel = "FILE",
            description = "The root key file (default <data-dir>/root.key).")
    Path rootKeyFile;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "The server's JSON config file, for its dataDir, store and rootKeyFile; flags win.")
    Path config;

    /** A mistake in the command line: one line, exit code 2. */
    static final class UsageProblem extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageProblem(String message) {
            super(message, null, false, false);
        }
    }

    abstract String run(ServerConfig settings) throws Exception;

    @Override
    public final Integer call() {
        try {
            String out = run(settings());
            PrintWriter w = spec.commandLine().getOut();
            w.println(out);
            w.flush();
            return 0;
        } catch (UsageProblem e) {
            return fail(2, e.getMessage(), e);
        } catch (Exception e) {
            String m = e.getMessage();
            return fail(1, m == null || m.isBlank() ? e.getClass().getSimpleName() : m, e);
        }
    }

    private int fail(int exit, String message, Throwable cause) {
        LOG.debug("trent {} failed", spec.name(), cause);
        PrintWriter err = spec.commandLine().getErr();
        err.println("trent " + spec.name() + ": " + message.strip().replaceAll("\\s*\\R\\s*", " "));
        err.flush();
        return exit;
    }

    private ServerConfig settings() {
        ServerConfig c = ServerConfig.defaults();
        try {
            if (config != null) c = ServerConfig.fromFile(config, c);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new UsageProblem(e.getMessage());
        }
        if (dataDir != null) c = c.withDataDir(dataDir);
        if (store != null) c = c.toBuilder().store(store).build();
        if (rootKeyFile != null) c = c.toBuilder().rootKeyFile(rootKeyFile).build();
        return c;
    }

    /**
     * What opens the barrier of a raw store (its keyring record) with the configured root key file, or null when
     * there is no root key file and it is optional.
     */
    static Function<Store, Barrier> barrier(ServerConfig c, boolean required) {
        Path file = c.rootKeyPath();
        if (!Files.isRegularFile(file)) {
            if (!required) return null;
            throw new UsageProblem("there is no root key " + file + ": pass --root-key-file naming the root key the"
                    + " backup was made under (or put it in the data directory as root.key)");
        }
        SecureRandom random = new SecureRandom();
        return raw -> RootOfTrust.open(
                        raw,
                        new KeyFileRootKeyProvider(file, random),
                        kind -> {
                            throw new UsageProblem("the root key of this store is held by --root-of-trust " + kind
                                    + "; backup and restore open stores of --root-of-trust file only");
                        },
                        random)
                .detachBarrier();
    }
}
