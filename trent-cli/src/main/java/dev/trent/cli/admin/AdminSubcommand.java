package dev.trent.cli.admin;

import dev.trent.cli.StoreOptions;
import dev.trent.core.ServiceException;
import dev.trent.core.iam.AccessKey;
import dev.trent.core.iam.IdentityStore;
import dev.trent.server.DataDirectory;
import dev.trent.server.ServerConfig;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What every {@code trent admin} command shares: the data directory options, opening it beside a running server or
 * not ({@link DataDirectory#open}), the account to act on, the output, and one-line errors: exit code 2 for a mistake
 * in the command line or the directory named, 1 for an operation that failed.
 */
abstract class AdminSubcommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(AdminSubcommand.class);
    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions where;

    @Option(
            names = "--account",
            paramLabel = "ACCOUNT_ID",
            description = "The account to act on; needed when the data directory holds more than one.")
    String account;

    /** A mistake in the command line or in the data directory named: printed as one line, exit code 2. */
    static final class UsageProblem extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageProblem(String message) {
            super(message, null, false, false);
        }
    }

    /** Does the work; returns what to print on standard output (null: nothing). */
    abstract String run(DataDirectory dir, IdentityStore identities);

    @Override
    public final Integer call() {
        try {
            if (account != null && !IdentityStore.isAccountId(account)) {
                throw new UsageProblem("--account must be an AWS account id (12 digits), not '" + account + "'");
            }
            ServerConfig c = where.settings(UsageProblem::new);
            try (DataDirectory dir = DataDirectory.open(c.dataDir(), c.store(), c.rootKeyFile(), new SecureRandom())) {
                IdentityStore identities = new IdentityStore(dir.store(), Clock.systemUTC(), new SecureRandom());
                String out = run(dir, identities);
                if (out != null) {
                    PrintWriter w = spec.commandLine().getOut();
                    w.print(out);
                    w.flush();
                }
                return EXIT_OK;
            }
        } catch (UsageProblem | DataDirectory.NotADataDirectoryException e) {
            return fail(EXIT_USAGE, e.getMessage(), e);
        } catch (ServiceException e) {
            return fail(EXIT_FAILED, e.errorCode() + ": " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            return fail(EXIT_FAILED, e.getMessage(), e);
        } catch (RuntimeException e) {
            String m = e.getMessage();
            return fail(EXIT_FAILED, m == null || m.isBlank() ? e.getClass().getSimpleName() : m, e);
        }
    }

    private int fail(int exit, String message, Throwable cause) {
        LOG.debug("trent admin {} failed", spec.name(), cause);
        return StoreOptions.fail(spec, "trent admin " + spec.name(), exit, message);
    }

    /** The account to act on: {@code --account}, else the only one. */
    String account(DataDirectory dir, IdentityStore identities) {
        List<String> all = identities.accountIds();
        if (account != null) {
            if (!identities.hasAccount(account)) {
                throw new UsageProblem("there is no account " + account + " in " + dir.path() + " (accounts: "
                        + String.join(", ", all) + ")");
            }
            return account;
        }
        if (all.size() == 1) return all.getFirst();
        if (all.isEmpty()) {
            throw new UsageProblem(
                    dir.path() + " holds no account yet: trent admin reset-admin-credentials creates one");
        }
        throw new UsageProblem(dir.path() + " holds " + all.size() + " accounts (" + String.join(", ", all)
                + "): name one with --account ACCOUNT_ID");
    }

    /** The access key {@code id}, which must belong to {@code --account} when that is given. */
    AccessKey accessKey(IdentityStore identities, String id) {
        return identities
                .accessKey(id)
                .filter(k -> account == null || k.accountId().equals(account))
                .orElseThrow(() -> dev.trent.core.iam.IamErrors.noSuchAccessKey(id));
    }

    /** IAM's AccessKeyMetadata of {@code k}. */
    static Map<String, Object> metadata(AccessKey k) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("UserName", k.userName());
        m.put("AccessKeyId", k.accessKeyId());
        m.put("Status", k.status());
        m.put("CreateDate", AwsJson.timestamp(k.createdAt()));
        return m;
    }
}
