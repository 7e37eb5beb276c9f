package dev.trent.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trent.core.iam.AccessKey;
import dev.trent.core.iam.IdentityStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The administrator's credentials file, {@code <data-dir>/admin-credentials.json} (mode 0600): the account and a
 * root access key of it, written at the first start and by {@code trent admin reset-admin-credentials}.
 */
public final class AdminCredentials {
    private static final Logger LOG = LoggerFactory.getLogger(AdminCredentials.class);

    private AdminCredentials() {}

    /** The credentials file of the data directory {@code dataDir}. */
    public static Path file(Path dataDir) {
        return dataDir.resolve(TrentServer.ADMIN_CREDENTIALS_FILE);
    }

    /**
     * What the server does at start. Normally: on first start (no account yet) create an account and an access key
     * for its root user and write them to the file. In dev mode: create the dev account if it does not exist and, if
     * there is no credentials file, write one with a new access key of the dev account's root user (no other
     * account is created).
     */
    static void atStart(IdentityStore identities, Path dataDir, boolean dev, String devAccount) {
        Path file = file(dataDir);
        if (dev) {
            if (identities.createAccount(devAccount)) LOG.info("Created the dev account {}", devAccount);
            if (Files.exists(file)) return;
            IdentityStore.Replacement r = identities.replaceAccessKey(IdentityStore.rootArn(devAccount));
            write(file, r.created());
            r.deleted()
                    .ifPresent(old -> LOG.info(
                            "Deleted access key {} of account {} to stay within the quota of {} access keys",
                            old.accessKeyId(),
                            devAccount,
                            IdentityStore.ACCESS_KEYS_PER_USER));
            LOG.info(
                    "Created an access key {} for the root user of the dev account {}; the credentials are in {}"
                            + " (mode 0600)",
                    r.created().accessKeyId(),
                    devAccount,
                    file);
            return;
        }
        identities
                .bootstrap()
                .ifPresentOrElse(
                        k -> {
                            write(file, k);
                            LOG.info(
                                    "Created account {} and an access key {} for its root user; the credentials are"
                                            + " in {} (mode 0600)",
                                    k.accountId(),
                                    k.accessKeyId(),
                                    file);
                        },
                        () -> {
                            // Identities are created once per store: a node joining a cluster finds them made.
                            if (!Files.exists(file)) {
                                LOG.info(
                                        "The store's account and admin credentials were made before (by another"
                                                + " node of the cluster, or an earlier start); this data directory"
                                                + " has no {}: use the one of the node that made them, or make new"
                                                + " ones with trent admin reset-admin-credentials",
                                        TrentServer.ADMIN_CREDENTIALS_FILE);
                            }
                        });
    }

    /** The access key id the credentials file names, if it exists and names one. */
    public static Optional<String> accessKeyId(Path file) {
        try {
            JsonNode id = new ObjectMapper().readTree(Files.readAllBytes(file)).get("AccessKeyId");
            return id != null && id.isTextual() ? Optional.of(id.asText()) : Optional.empty();
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    /** Writes {@code key} to {@code file} atomically, readable by the owner only. */
    public static void write(Path file, AccessKey key) {
        String json = "{\n  \"AccountId\": \"" + key.accountId() + "\",\n  \"AccessKeyId\": \"" + key.accessKeyId()
                + "\",\n  \"SecretAccessKey\": \"" + key.secretAccessKey() + "\"\n}\n";
        try {
            AtomicFiles.write(file, json.getBytes(StandardCharsets.UTF_8), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
