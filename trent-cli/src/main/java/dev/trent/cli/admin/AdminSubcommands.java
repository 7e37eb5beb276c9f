package dev.trent.cli.admin;

import dev.trent.core.iam.AccessKey;
import dev.trent.core.iam.IdentityStore;
import dev.trent.server.AdminCredentials;
import dev.trent.server.DataDirectory;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code trent admin} commands, named and shaped after IAM's access-key operations and the aws CLI's output. */
final class AdminSubcommands {
    private AdminSubcommands() {}

    @Command(
            name = "create-access-key",
            mixinStandardHelpOptions = true,
            versionProvider = dev.trent.cli.Main.Version.class,
            description = {
                "Create an access key for the account's root user and print it, secret included, as the aws CLI"
                        + " prints IAM's CreateAccessKey. The secret is shown only now.",
                "A user has at most " + IdentityStore.ACCESS_KEYS_PER_USER + " access keys, as in IAM."
            })
    static final class CreateAccessKey extends AdminSubcommand {
        @Override
        String run(DataDirectory dir, IdentityStore identities) {
            AccessKey k = identities.createAccessKey(IdentityStore.rootArn(account(dir, identities)));
            Map<String, Object> key = new LinkedHashMap<>();
            key.put("UserName", k.userName());
            key.put("AccessKeyId", k.accessKeyId());
            key.put("Status", k.status());
            key.put("SecretAccessKey", k.secretAccessKey());
            key.put("CreateDate", AwsJson.timestamp(k.createdAt()));
            return AwsJson.write(Map.of("AccessKey", key));
        }
    }

    @Command(
            name = "list-access-keys",
            mixinStandardHelpOptions = true,
            versionProvider = dev.trent.cli.Main.Version.class,
            description = "List the access keys of the account's root user, oldest first (no secrets).")
    static final class ListAccessKeys extends AdminSubcommand {
        @Override
        String run(DataDirectory dir, IdentityStore identities) {
            List<Map<String, Object>> keys =
                    identities.accessKeys(IdentityStore.rootArn(account(dir, identities))).stream()
                            .map(AdminSubcommand::metadata)
                            .toList();
            return AwsJson.write(Map.of("AccessKeyMetadata", keys));
        }
    }

    /** A command on one access key. */
    abstract static class OnAccessKey extends AdminSubcommand {
        @Option(names = "--access-key-id", required = true, paramLabel = "ID", description = "The access key.")
        String accessKeyId;
    }

    @Command(
            name = "deactivate-access-key",
            mixinStandardHelpOptions = true,
            versionProvider = dev.trent.cli.Main.Version.class,
            description = "Make an access key Inactive: it stops authenticating (a running server within about a"
                    + " second). Prints nothing, as aws iam update-access-key.")
    static final class DeactivateAccessKey extends OnAccessKey {
        @Override
        String run(DataDirectory dir, IdentityStore identities) {
            identities.updateAccessKey(accessKey(identities, accessKeyId).accessKeyId(), false);
            return null;
        }
    }

    @Command(
            name = "activate-access-key",
            mixinStandardHelpOptions = true,
            versionProvider = dev.trent.cli.Main.Version.class,
            description = "Make an Inactive access key Active again. Prints nothing.")
    static final class ActivateAccessKey extends OnAccessKey {
        @Override
        String run(DataDirectory dir, IdentityStore identities) {
            identities.updateAccessKey(accessKey(identities, accessKeyId).accessKeyId(), true);
            return null;
        }
    }

    @Command(
            name = "delete-access-key",
            mixinStandardHelpOptions = true,
            versionProvider = dev.trent.cli.Main.Version.class,
            description = "Delete an access key for good. Prints nothing, as aws iam delete-access-key.")
    static final class DeleteAccessKey extends OnAccessKey {
        @Override
        String run(DataDirectory dir, IdentityStore identities) {
            identities.deleteAccessKey(accessKey(identities, accessKeyId).accessKeyId());
            return null;
        }
    }

    @Command(
            name = "reset-admin-credentials",
            mixinStandardHelpOptions = true,
            versionProvider = dev.trent.cli.Main.Version.class,
            description = {
                "Create a new access key for the account's root user and write it to <data-dir>/"
                        + "admin-credentials.json (mode 0600), replacing the file if there is one. Always works: when"
                        + " the root user already has " + IdentityStore.ACCESS_KEYS_PER_USER + " access keys, its"
                        + " oldest inactive key is deleted, else the key the old file names, else its oldest key. Other"
                        + " keys stay as they are.",
                "Prints the account, the new key's id, the file and any key deleted (never the secret)."
            })
    static final class ResetAdminCredentials extends AdminSubcommand {
        @Override
        String run(DataDirectory dir, IdentityStore identities) {
            AccessKey created;
            Optional<AccessKey> deleted = Optional.empty();
            // A data directory without accounts (none a server made) gets its first, as at a server's first start.
            Optional<AccessKey> first =
                    identities.hasAccounts() || account != null ? Optional.empty() : identities.bootstrap();
            if (first.isPresent()) {
                created = first.get();
            } else {
                IdentityStore.Replacement r = identities.replaceAccessKey(
                        IdentityStore.rootArn(account(dir, identities)),
                        AdminCredentials.accessKeyId(AdminCredentials.file(dir.path()))
                                .orElse(null));
                created = r.created();
                deleted = r.deleted();
            }
            Path file = AdminCredentials.file(dir.path());
            AdminCredentials.write(file, created);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("AccountId", created.accountId());
            out.put("AccessKeyId", created.accessKeyId());
            out.put("CredentialsFile", file.toString());
            deleted.ifPresent(d -> out.put("DeletedAccessKeyId", d.accessKeyId()));
            return AwsJson.write(out);
        }
    }
}
