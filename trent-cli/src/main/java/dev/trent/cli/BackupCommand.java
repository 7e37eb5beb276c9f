package dev.trent.cli;

import dev.trent.core.barrier.Barrier;
import dev.trent.core.store.Store;
import dev.trent.core.store.StoreProvider;
import dev.trent.server.Backup;
import dev.trent.server.ServerConfig;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code trent backup --output FILE}: a consistent, sealed snapshot of the store, while the server runs. */
@Command(
        name = "backup",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {
            "Write a consistent snapshot of the store to a file, while the server runs (several nodes may too).",
            "The file holds the records as the store does, sealed under the root key: restoring needs the same root"
                    + " key. With the root key at hand the snapshot is checked before it is written."
        })
public final class BackupCommand extends StoreCommand {
    @Option(
            names = {"--output", "-o"},
            paramLabel = "FILE",
            required = true,
            description = "The backup file to write (mode 0600).")
    Path output;

    @Override
    String run(ServerConfig c) throws Exception {
        Function<Store, Barrier> barrier = barrier(c, false);
        try (Store raw = StoreProvider.openStore(c.store(), c.dataDir().toAbsolutePath(), false)) {
            Backup.Summary s = Backup.write(raw, barrier, output, Instant.now());
            return "Backed up " + s.records() + " records (store revision " + s.revision() + ") of "
                    + StoreProvider.redact(c.store().equals("sqlite") ? "sqlite:" + c.dataDir() : c.store()) + " to "
                    + output + (barrier == null ? " (not checked: no root key at " + c.rootKeyPath() + ")" : "");
        }
    }
}
