package dev.trent.cli;

import dev.trent.core.barrier.Barrier;
import dev.trent.core.barrier.KeyFileRootKeyProvider;
import dev.trent.core.barrier.RootOfTrust;
import dev.trent.core.store.Store;
import dev.trent.server.ServerConfig;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
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

    @Mixin
    StoreOptions where;

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
            String out = run(where.settings(UsageProblem::new));
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
        return StoreOptions.fail(spec, "trent " + spec.name(), exit, message);
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
