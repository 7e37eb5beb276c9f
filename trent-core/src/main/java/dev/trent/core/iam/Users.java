package dev.trent.core.iam;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * IAM users: CreateUser, GetUser, ListUsers, UpdateUser, DeleteUser, and (from {@link Entities}) their inline and
 * attached policies and tags. Names are unique in an account case-insensitively. Quotas as in IAM: {@value
 * #USERS_PER_ACCOUNT} users per account, {@value #INLINE_POLICY_SIZE} non-white-space characters of inline policies
 * per user, {@value Entities#ATTACHED_POLICIES} attached managed policies.
 *
 * <p>A user is created with its account record rewritten at the version read (the per-account quota holds across
 * writers); a user cannot be deleted while it has access keys or policies ({@code DeleteConflict}), and since adding
 * an access key rewrites the user record, a deletion and a new key cannot both succeed.
 */
public final class Users extends Entities<IamUser> {
    public static final int USERS_PER_ACCOUNT = 5000;
    /** The aggregate size of a user's inline policies (UserPolicySize). */
    public static final int INLINE_POLICY_SIZE = 2048;

    private final Clock clock;
    private final SecureRandom random;

    Users(IamView view, ManagedPolicies policies, Clock clock, SecureRandom random) {
        super(view, policies, view.users, "user", INLINE_POLICY_SIZE);
        this.clock = clock;
        this.random = random;
    }

    /** CreateUser. */
    public IamUser create(String accountId, String name, String path, List<Map.Entry<String, String>> tags) {
        Map<String, String> tagMap = IamTags.merge(Map.of(), tags);
        String p = path == null ? "/" : path;
        return view.write(batch -> {
            Table.Row<AccountRecord> account = view.accounts.row(accountId);
            if (account == null) throw IamErrors.noSuchAccount(accountId);
            String id = Iam.entityId(accountId, name);
            if (view.users.row(id) != null) throw IamErrors.alreadyExists("user", name);
            if (count(accountId) >= USERS_PER_ACCOUNT) throw IamErrors.quota("UsersPerAccount", USERS_PER_ACCOUNT);
            IamUser user = new IamUser(
                    accountId, name, p, Iam.uniqueId("AIDA", random), clock.instant(), tagMap, Map.of(), List.of());
            batch.touch(view.accounts, accountId, account);
            batch.create(view.users, id, user);
            return user;
        });
    }

    /** ListUsers. */
    @Override
    public IamPage<IamUser> list(String accountId, String pathPrefix, String marker, Integer maxItems) {
        return super.list(accountId, pathPrefix, marker, maxItems);
    }

    /**
     * UpdateUser: a new name and/or path. The user's access keys follow it (their records name the user's ARN and
     * are rewritten in the same batch).
     */
    public IamUser update(String accountId, String name, String newName, String newPath) {
        return view.write(batch -> {
            Table.Row<IamUser> row = row(accountId, name);
            IamUser u = row.value();
            IamUser renamed = u.renamed(newName == null ? u.name() : newName, newPath == null ? u.path() : newPath);
            if (renamed.arn().equals(u.arn()) && renamed.name().equals(u.name())) return u;
            String oldId = Iam.entityId(accountId, u.name());
            String newId = Iam.entityId(accountId, renamed.name());
            if (oldId.equals(newId)) {
                batch.update(view.users, oldId, row, renamed);
            } else {
                if (view.users.row(newId) != null) throw IamErrors.alreadyExists("user", renamed.name());
                batch.delete(view.users, oldId, row);
                batch.create(view.users, newId, renamed);
            }
            for (Table.Row<AccessKey> k : view.accessKeys.rows()) {
                AccessKey key = k.value();
                if (!key.principalArn().equals(u.arn())) continue;
                batch.update(
                        view.accessKeys,
                        key.accessKeyId(),
                        k,
                        new AccessKey(
                                key.accessKeyId(),
                                key.secretAccessKey(),
                                key.accountId(),
                                renamed.arn(),
                                key.active(),
                                key.createdAt()));
            }
            return renamed;
        });
    }

    /** DeleteUser: refused while the user has access keys, inline policies or attached managed policies. */
    public void delete(String accountId, String name) {
        view.write(batch -> {
            Table.Row<IamUser> row = row(accountId, name);
            IamUser u = row.value();
            for (Table.Row<AccessKey> k : view.accessKeys.rows()) {
                if (k.value().principalArn().equals(u.arn())) {
                    throw IamErrors.deleteConflict("Cannot delete entity, must delete access keys first.");
                }
            }
            if (!u.inlinePolicies().isEmpty()) {
                throw IamErrors.deleteConflict("Cannot delete entity, must delete policies first.");
            }
            if (!u.attachedPolicies().isEmpty()) {
                throw IamErrors.deleteConflict("Cannot delete entity, must detach all policies first.");
            }
            batch.delete(view.users, Iam.entityId(accountId, u.name()), row);
            return null;
        });
    }
}
