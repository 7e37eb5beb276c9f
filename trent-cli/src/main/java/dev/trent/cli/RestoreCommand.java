package dev.trent.cli;

import dev.trent.core.barrier.Barrier;
import dev.trent.core.barrier.SealedStore;
import dev.trent.core.store.Store;
import dev.trent.core.store.StoreProvider;
import dev.trent.server.Backup;
import dev.trent.server.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code trent restore --input FILE}: a backup into an empty store, under the same root key. */
@Command(
        name = "restore",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {
            "Restore a backup (trent backup) into an empty store: a new data directory (SQLite) or an empty"
                    + " PostgreSQL database. Needs the root key the backup was made under. No server may run on the"
                    + " target. SQLite to PostgreSQL is a backup and a restore with --store postgresql://...",
        })
public final class RestoreCommand extends StoreCommand {
    @Option(
            names = {"--input", "-i"},
            paramLabel = "FILE",
            required = true,
            description = "The backup file to restore.")
    Path input;

    @Override
    String run(ServerConfig c) throws Exception {
        if (!Files.isRegularFile(input)) throw new UsageProblem("there is no backup file " + input);
        Function<Store, Barrier> barrier = barrier(c, true);
        Path dir = c.dataDir().toAbsolutePath();
        Store raw = StoreProvider.openStore(c.store(), dir, true);
        // the data directory's high-water mark follows the restored store (a server there starts as usual)
        Files.createDirectories(dir);
        Backup.Summary s = Backup.restore(input, raw, barrier, dir.resolve(SealedStore.HIGH_WATER_FILE));
        return "Restored " + s.records() + " records (a backup of store revision " + s.revision() + ", taken "
                + s.createdAt() + ") into "
                + StoreProvider.redact(c.store().equals("sqlite") ? "sqlite:" + dir : c.store());
    }
}
