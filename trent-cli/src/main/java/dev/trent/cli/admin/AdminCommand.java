package dev.trent.cli.admin;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code trent admin}: manage the credentials of a Trent data directory, whether its server runs or not. */
@Command(
        name = "admin",
        mixinStandardHelpOptions = true,
        versionProvider = dev.trent.cli.Main.Version.class,
        description = {
            "Manage the access keys of a Trent data directory with its root key, whether its server is running or"
                    + " not (a running server follows the changes within about a second).",
        },
        subcommands = {
            AdminSubcommands.CreateAccessKey.class,
            AdminSubcommands.ListAccessKeys.class,
            AdminSubcommands.DeactivateAccessKey.class,
            AdminSubcommands.ActivateAccessKey.class,
            AdminSubcommands.DeleteAccessKey.class,
            AdminSubcommands.ResetAdminCredentials.class
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  trent admin list-access-keys --data-dir /var/lib/trent",
            "  trent admin create-access-key --account 111122223333",
            "  trent admin deactivate-access-key --access-key-id AKIA...",
            "  trent admin delete-access-key --access-key-id AKIA...",
            "  trent admin reset-admin-credentials"
        })
public final class AdminCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return AdminSubcommand.EXIT_USAGE;
    }
}
