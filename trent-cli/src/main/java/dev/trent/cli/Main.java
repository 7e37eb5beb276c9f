package dev.trent.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code trent} command. */
@Command(
        name = "trent",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Trent: a self-hosted key management service that speaks the AWS KMS API.",
        subcommands = {
            ServerCommand.class,
            UnsealCommand.class,
            RotateRootKeyCommand.class,
            dev.trent.cli.crypto.EncryptCommand.class,
            dev.trent.cli.crypto.DecryptCommand.class,
            dev.trent.cli.admin.AdminCommand.class,
            dev.trent.cli.audit.AuditCommand.class,
            BackupCommand.class,
            RestoreCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        java.util.Optional<String> badLevel = Logging.fromEnvironment(System.getenv());
        if (badLevel.isPresent()) {
            System.err.println("trent: " + badLevel.get());
            System.exit(2);
        }
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, for tests and for embedding. */
    public static CommandLine commandLine() {
        return new CommandLine(new Main());
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    /** The project version from the jar manifest's {@code Implementation-Version} (set by the build). */
    public static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null || v.isBlank() ? "unknown" : v;
    }

    /** {@code trent --version} (and the subcommands'): "trent VERSION", "unknown" when run from classes. */
    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"trent " + version()};
        }
    }
}
