package dev.trent.cli.crypto;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Stand-alone entry point for the envelope encryption commands
 * ({@code java -cp trent.jar dev.trent.cli.crypto.CryptoMain encrypt|decrypt ...}); the {@code trent} command
 * registers {@link EncryptCommand} and {@link DecryptCommand} as its own subcommands.
 */
@Command(name = "trent", mixinStandardHelpOptions = true,
        description = "Envelope encryption in the AWS Encryption SDK message format.",
        subcommands = {EncryptCommand.class, DecryptCommand.class})
public final class CryptoMain implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new CryptoMain()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }
}
