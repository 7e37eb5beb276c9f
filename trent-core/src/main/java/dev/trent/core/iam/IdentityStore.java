package dev.trent.core.iam;

import dev.trent.core.store.Store;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The identities of a Trent: accounts, their root users' and IAM users' access keys, IAM users, roles, managed
 * policies, role sessions and organizations. This class owns the one {@link IamView} they are all held in and offers
 * the account and access-key operations that authentication and {@code trent admin} use; the IAM, STS and
 * Organizations operations are in the areas it hands out: {@link #users()}, {@link #roles()}, {@link #policies()},
 * {@link #iamAccessKeys()}, {@link #sessions()}, {@link #organizations()}, and {@link #directory()} answers
 * authorization's questions (identity policies, principal tags).
 *
 * <p>An access key belongs to a principal: an account's root user ({@code arn:aws:iam::<account>:root}) or an IAM
 * user. It is {@code Active} or {@code Inactive} and has a creation date. As in IAM, a user has at most {@link
 * #ACCESS_KEYS_PER_USER} access keys; the root user too. The keys {@code trent admin} makes for the root user are the
 * same records IAM's {@code CreateAccessKey} makes.
 *
 * <p>Everything is held in memory (authentication is on the hot path: reads take no lock and touch no store) and
 * written to the store first, with preconditions, then published (see {@link IamView}). A new access key must be
 * absent, and its batch rewrites the owner's record (for the root user the account record, for a user the user
 * record) at the version this view holds, so two writers counting a user's keys at once cannot both add one past the
 * quota, and a user cannot be deleted while a key is being added: the loser re-reads and decides again. Writes of
 * other processes (the {@code trent admin} commands beside a running server, other nodes) arrive through the
 * store's change feed ({@link #refresh()}, run every {@link #DEFAULT_REFRESH_INTERVAL} by {@link #startRefreshing}).
 *
 * <p>Records (sealed by the barrier): {@code iam/accounts/<account>}, {@code iam/access-keys/<access key id>},
 * {@code iam/users/<account>/<lower-case name>}, {@code iam/roles/<account>/<lower-case name>}, {@code
 * iam/policies/<account>/<lower-case name>}, {@code iam/sts/token-keys/<id>}, {@code org/organizations/<id>},
 * {@code org/accounts/<account>}, {@code org/create-account-status/<id>}.
 */
public final class IdentityStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IdentityStore.class);
    public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofSeconds(1);
    /** IAM's quota of access keys per user (AccessKeysPerUser), which applies to the root user too. */
    public static final int ACCESS_KEYS_PER_USER = 2;
    /** The {@code UserName} of an account's root user (as in IAM's credential report). */
    public static final String ROOT_USER_NAME = "<root_account>";

    private static final Pattern ACCOUNT_ID = Pattern.compile("[0-9]{12}");
    private static final Pattern ROOT_ARN = Pattern.compile("arn:aws:iam::([0-9]{12}):root");
    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
    private static final char[] SECRET_CHARS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();

    /** What {@link #replaceAccessKey} did: the new key, and the key it deleted to stay within the quota. */
    public record Replacement(AccessKey created, Optional<AccessKey> deleted) {}

    private final IamView view;
    private final Clock clock;
    private final SecureRandom random;
    private final Users users;
    private final Roles roles;
    private final ManagedPolicies policies;
    private final IamAccessKeys iamAccessKeys;
    private final IamDirectory directory;
    private final RoleSessions sessions;
    private final Organizations organizations;

    /** Loads the view from {@code store}. */
    public IdentityStore(Store store, Clock clock, SecureRandom random) {
        this.clock = clock;
        this.random = random;
        this.view = new IamView(store, random);
        this.policies = new ManagedPolicies(view, clock, random);
        this.users = new Users(view, policies, clock, random);
        this.roles = new Roles(view, policies, clock, random);
        this.iamAccessKeys = new IamAccessKeys(this, view);
        this.directory = new IamDirectory(view, policies);
        this.sessions = new RoleSessions(view, new SessionTokens(view, clock, random), directory, clock, random);
        this.organizations = new Organizations(this, view, roles, clock, random);
        LOG.debug(
                "Loaded {} accounts, {} access keys, {} users, {} roles and {} managed policies",
                view.accounts.size(),
                view.accessKeys.size(),
                view.users.size(),
                view.roles.size(),
                view.policies.size());
    }

    // ------------------------------------------------------------------ areas

    public Users users() {
        return users;
    }

    public Roles roles() {
        return roles;
    }

    public ManagedPolicies policies() {
        return policies;
    }

    /** IAM's access-key operations (CreateAccessKey, ListAccessKeys, ...), by user name. */
    public IamAccessKeys iamAccessKeys() {
        return iamAccessKeys;
    }

    /** The identity policies and principal tags of users and roles, for authorization. */
    public IamDirectory directory() {
        return directory;
    }

    /** STS: AssumeRole and the role sessions' tokens. */
    public RoleSessions sessions() {
        return sessions;
    }

    /** AWS Organizations: organizations and the accounts they create. */
    public Organizations organizations() {
        return organizations;
    }

    // ------------------------------------------------------------------ reads (no lock, no store)

    public Optional<AccessKey> accessKey(String accessKeyId) {
        return view.accessKeys.find(accessKeyId);
    }

    /** The access keys of {@code principalArn}, oldest first. */
    public List<AccessKey> accessKeys(String principalArn) {
        return heldBy(principalArn).stream().map(Table.Row::value).toList();
    }

    /** The IAM user {@code arn} names, or empty. */
    public Optional<IamUser> userByArn(String arn) {
        return Optional.ofNullable(view.userByArn(arn));
    }

    /** The role {@code arn} names, or empty. */
    public Optional<IamRole> roleByArn(String arn) {
        return Optional.ofNullable(view.roleByArn(arn));
    }

    public boolean hasAccounts() {
        return view.accounts.size() > 0;
    }

    public boolean hasAccount(String accountId) {
        return view.accounts.row(accountId) != null;
    }

    public List<String> accountIds() {
        return view.accounts.values().stream()
                .map(AccountRecord::accountId)
                .sorted()
                .toList();
    }

    /** When the account was created, or empty if there is no such account. */
    public Optional<Instant> accountCreated(String accountId) {
        return view.accounts.find(accountId).map(AccountRecord::createdAt);
    }

    /** The ARN of the root user of {@code accountId}. */
    public static String rootArn(String accountId) {
        return "arn:aws:iam::" + accountId + ":root";
    }

    /** Whether {@code s} is an AWS account id: 12 digits. */
    public static boolean isAccountId(String s) {
        return s != null && ACCOUNT_ID.matcher(s).matches();
    }

    /** Whether {@code principalArn} is an account's root user. */
    public static boolean isRootArn(String principalArn) {
        return ROOT_ARN.matcher(principalArn).matches();
    }

    /** IAM's {@code UserName} for a principal: the user's name, or {@link #ROOT_USER_NAME} for a root user. */
    static String userName(String principalArn) {
        if (isRootArn(principalArn)) return ROOT_USER_NAME;
        return principalArn.substring(principalArn.lastIndexOf('/') + 1);
    }

    // ------------------------------------------------------------------ writes

    /**
     * Creates the first account and an access key for its root user, if there is no account yet. Returns the new
     * key, or empty when Trent was already initialised (by this process or another).
     */
    public Optional<AccessKey> bootstrap() {
        return view.write(batch -> {
            if (view.accounts.size() > 0) return Optional.empty();
            String accountId = randomDigits(12);
            Instant now = clock.instant();
            AccessKey key = newAccessKey(accountId, rootArn(accountId), now);
            batch.create(view.accounts, accountId, new AccountRecord(accountId, now));
            batch.create(view.accessKeys, key.accessKeyId(), key);
            return Optional.of(key);
        });
    }

    /** Creates the account {@code accountId} (with no access keys) if it does not exist. Returns whether it did. */
    public boolean createAccount(String accountId) {
        if (!isAccountId(accountId)) throw new IllegalArgumentException("an account id is 12 digits: " + accountId);
        return view.write(batch -> {
            if (view.accounts.row(accountId) != null) return false;
            batch.create(view.accounts, accountId, new AccountRecord(accountId, clock.instant()));
            return true;
        });
    }

    /** A new 12-digit account id no account has (for Organizations' CreateAccount). */
    String newAccountId() {
        while (true) {
            String id = randomDigits(12);
            if (view.accounts.row(id) == null) return id;
        }
    }

    /**
     * Creates an active access key for {@code principalArn} (a root user or an IAM user).
     *
     * @throws dev.trent.core.ServiceException {@code NoSuchEntity} if the account or user does not exist, {@code
     *     LimitExceeded} if the principal already has {@link #ACCESS_KEYS_PER_USER} keys
     */
    public AccessKey createAccessKey(String principalArn) {
        return write(principalArn, held -> {
                    if (held.size() >= ACCESS_KEYS_PER_USER) throw IamErrors.accessKeysPerUser();
                    return null;
                })
                .created();
    }

    /**
     * Creates an active access key for {@code principalArn} that always succeeds: when the principal is at the quota,
     * the same batch deletes one of its keys: the oldest inactive one if there is one, else the key
     * {@code replacing} names (the key the new one replaces, e.g. the one in the old credentials file; may be null),
     * else the oldest. This is how lost administrator credentials are replaced ({@code trent admin
     * reset-admin-credentials}).
     */
    public Replacement replaceAccessKey(String principalArn, String replacing) {
        return write(principalArn, held -> {
            if (held.size() < ACCESS_KEYS_PER_USER) return null;
            return held.stream()
                    .filter(h -> !h.value().active())
                    .findFirst()
                    .or(() -> held.stream()
                            .filter(h -> h.value().accessKeyId().equals(replacing))
                            .findFirst())
                    .orElse(held.getFirst());
        });
    }

    /** {@link #replaceAccessKey(String, String)} replacing no key in particular. */
    public Replacement replaceAccessKey(String principalArn) {
        return replaceAccessKey(principalArn, null);
    }

    private interface Victim {
        /** The key to delete in the same batch (null: none), or throws if no key may be created. */
        Table.Row<AccessKey> choose(List<Table.Row<AccessKey>> heldOldestFirst);
    }

    private Replacement write(String principalArn, Victim victim) {
        return view.write(batch -> {
            String accountId = touchOwner(batch, principalArn);
            Table.Row<AccessKey> deleted = victim.choose(heldBy(principalArn));
            AccessKey key = newAccessKey(accountId, principalArn, clock.instant());
            if (deleted != null) batch.delete(view.accessKeys, deleted.value().accessKeyId(), deleted);
            batch.create(view.accessKeys, key.accessKeyId(), key);
            return new Replacement(key, Optional.ofNullable(deleted).map(Table.Row::value));
        });
    }

    /**
     * Adds to {@code batch} the rewrite of the record that owns {@code principalArn}'s access keys (the account for
     * a root user, the user record for a user) at the version read; returns the account id.
     */
    private String touchOwner(Batch batch, String principalArn) {
        var root = ROOT_ARN.matcher(principalArn);
        if (root.matches()) {
            String accountId = root.group(1);
            Table.Row<AccountRecord> owner = view.accounts.row(accountId);
            if (owner == null) throw IamErrors.noSuchAccount(accountId);
            batch.touch(view.accounts, accountId, owner);
            return accountId;
        }
        IamUser user = view.userByArn(principalArn);
        Iam.ParsedArn arn = Iam.parse(principalArn);
        if (user == null || arn == null) {
            throw IamErrors.noSuchEntity("user", arn == null ? principalArn : arn.name());
        }
        String id = Iam.entityId(user.accountId(), user.name());
        batch.touch(view.users, id, view.users.row(id));
        return user.accountId();
    }

    /**
     * Sets the status of an access key (IAM's UpdateAccessKey): an inactive key no longer authenticates. Setting the
     * status it has already is no change.
     *
     * @throws dev.trent.core.ServiceException {@code NoSuchEntity} if there is no such key
     */
    public AccessKey updateAccessKey(String accessKeyId, boolean active) {
        return view.write(batch -> {
            Table.Row<AccessKey> h = view.accessKeys.row(accessKeyId);
            if (h == null) throw IamErrors.noSuchAccessKey(accessKeyId);
            if (h.value().active() == active) return h.value();
            AccessKey updated = h.value().withActive(active);
            batch.update(view.accessKeys, accessKeyId, h, updated);
            return updated;
        });
    }

    /**
     * Deletes an access key (IAM's DeleteAccessKey).
     *
     * @throws dev.trent.core.ServiceException {@code NoSuchEntity} if there is no such key
     */
    public AccessKey deleteAccessKey(String accessKeyId) {
        return view.write(batch -> {
            Table.Row<AccessKey> h = view.accessKeys.row(accessKeyId);
            if (h == null) throw IamErrors.noSuchAccessKey(accessKeyId);
            batch.delete(view.accessKeys, accessKeyId, h);
            return h.value();
        });
    }

    private List<Table.Row<AccessKey>> heldBy(String principalArn) {
        List<Table.Row<AccessKey>> out = new ArrayList<>();
        for (Table.Row<AccessKey> h : view.accessKeys.rows()) {
            if (h.value().principalArn().equals(principalArn)) out.add(h);
        }
        out.sort(Comparator.comparing((Table.Row<AccessKey> h) -> h.value().createdAt())
                .thenComparing(h -> h.value().accessKeyId()));
        return out;
    }

    // ------------------------------------------------------------------ following the store

    /**
     * Brings the view up to date with the store's change feed (see {@link IamView#refresh()}).
     */
    public void refresh() {
        view.refresh();
    }

    /** Refreshes every {@code interval} on a daemon thread until {@link #close()}. */
    public void startRefreshing(Duration interval) {
        view.startRefreshing(interval);
    }

    /** Stops the refresher, if one runs. */
    @Override
    public void close() {
        view.close();
    }

    // ------------------------------------------------------------------ records

    private AccessKey newAccessKey(String accountId, String principalArn, Instant now) {
        StringBuilder id = new StringBuilder("AKIA");
        for (int i = 0; i < 16; i++) id.append(BASE32[random.nextInt(BASE32.length)]);
        return new AccessKey(id.toString(), newSecret(random), accountId, principalArn, true, now);
    }

    /** A secret access key as AWS makes them: 40 characters of base64's alphabet. */
    static String newSecret(SecureRandom random) {
        StringBuilder secret = new StringBuilder(40);
        for (int i = 0; i < 40; i++) secret.append(SECRET_CHARS[random.nextInt(SECRET_CHARS.length)]);
        return secret.toString();
    }

    private String randomDigits(int n) {
        StringBuilder sb = new StringBuilder(n);
        sb.append((char) ('1' + random.nextInt(9)));
        for (int i = 1; i < n; i++) sb.append((char) ('0' + random.nextInt(10)));
        return sb.toString();
    }
}
