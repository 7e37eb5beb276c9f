package dev.trent.cli;

import dev.trent.server.ServerConfig;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The options of the commands that open a server's store beside it ({@code trent admin ...}, {@code trent backup},
 * {@code trent restore}): the data directory, the store, the root key and the config file, as the server takes
 * them (a picocli mixin); and their one-line errors.
 */
public final class StoreOptions {
    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "The server's data directory (default ./trent-data, or the config file's dataDir).")
    Path dataDir;

    @Option(
            names = "--store",
            paramLabel = "LOCATION",
            description = "The server's store, if not the default (sqlite: <data-dir>/trent.db;"
                    + " postgresql://USER[:PASSWORD]@HOST[:PORT]/DB, the password also from TRENT_STORE_PASSWORD).")
    String store;

    @Option(
            names = "--root-key-file",
            paramLabel = "FILE",
            description = "The server's root key file, if not <data-dir>/root.key.")
    Path rootKeyFile;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "The server's JSON config file, for its dataDir, store and rootKeyFile; flags win.")
    Path config;

    /**
     * The settings: the flags over the config file over the defaults; a config file that cannot be read is
     * {@code usage}'s exception (a mistake in the command line).
     */
    public ServerConfig settings(Function<String, RuntimeException> usage) {
        ServerConfig c = ServerConfig.defaults();
        try {
            if (config != null) c = ServerConfig.fromFile(config, c);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw usage.apply(e.getMessage());
        }
        if (dataDir != null) c = c.withDataDir(dataDir);
        if (store != null) c = c.toBuilder().store(store).build();
        if (rootKeyFile != null) c = c.toBuilder().rootKeyFile(rootKeyFile).build();
        return c;
    }

    /** Prints {@code "<command>: <message>"} on one line to the command's error output; returns {@code exit}. */
    public static int fail(CommandSpec spec, String command, int exit, String message) {
        PrintWriter err = spec.commandLine().getErr();
        err.println(command + ": " + message.strip().replaceAll("\\s*\\R\\s*", " "));
        err.flush();
        return exit;
    }
}
