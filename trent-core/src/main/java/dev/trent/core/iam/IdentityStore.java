package dev.trent.core.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trent.core.Json;
import dev.trent.core.store.FeedFollower;
import dev.trent.core.store.PreconditionFailedException;
import dev.trent.core.store.Store;
import dev.trent.core.store.Store.Mutation;
import dev.trent.core.store.Store.Precondition;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accounts and their access keys: the store of credentials that authentication reads and that IAM (users, their
 * keys) builds on.
 *
 * <p>An access key belongs to a principal: an account's root user ({@code arn:aws:iam::<account>:root}) today, IAM
 * users later. It is {@code Active} or {@code Inactive} and has a creation date. As in IAM, a user has at most
 * {@link #ACCESS_KEYS_PER_USER} access keys; the root user too.
 *
 * <p>Everything is held in memory (authentication is on the hot path: reads take no lock and touch no store) and
 * written to the store first, with preconditions, then published. A new access key must be absent, and its batch
 * rewrites the owner's record (for the root user the account record) at the version this view holds, so two
 * writers counting a user's keys at once cannot both add one past the quota: the loser re-reads and counts again.
 * A status change or deletion requires the key at the version read. Writes of other processes (the {@code trent
 * admin} commands beside a running server, other nodes) arrive through the store's change feed ({@link #refresh()},
 * run every {@link #DEFAULT_REFRESH_INTERVAL} by {@link #startRefreshing}); writes and refreshes are serialised by
 * one lock, so the view never goes back in time.
 *
 * <p>Records (sealed by the barrier): {@code iam/accounts/<account>} and {@code iam/access-keys/<access key id>}.
 */
public final class IdentityStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IdentityStore.class);
    public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofSeconds(1);
    /** IAM's quota of access keys per user (AccessKeysPerUser), which applies to the root user too. */
    public static final int ACCESS_KEYS_PER_USER = 2;
    /** The {@code UserName} of an account's root user (as in IAM's credential report). */
    public static final String ROOT_USER_NAME = "<root_account>";

    static final String ACCOUNTS = "iam/accounts/";
    static final String ACCESS_KEYS = "iam/access-keys/";
    private static final int MAX_ATTEMPTS = 8;
    private static final int FEED_PAGE = 1000;
    private static final Pattern ACCOUNT_ID = Pattern.compile("[0-9]{12}");
    private static final Pattern ROOT_ARN = Pattern.compile("arn:aws:iam::([0-9]{12}):root");
    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
    private static final char[] SECRET_CHARS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();

    /** An account as the view holds it: the version is the store revision that last wrote its record. */
    private record Account(String accountId, Instant createdAt, long version) {}

    /** An access key and the store revision that last wrote it. */
    private record Held(AccessKey key, long version) {}

    /** What {@link #replaceAccessKey} did: the new key, and the key it deleted to stay within the quota. */
    public record Replacement(AccessKey created, Optional<AccessKey> deleted) {}

    private final Store store;
    private final Clock clock;
    private final SecureRandom random;
    private final ConcurrentHashMap<String, Held> accessKeys = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Account> accounts = new ConcurrentHashMap<>();
    private final ReentrantLock writeLock = new ReentrantLock();
    /** The newest store revision the view has followed (guarded by {@link #writeLock}). */
    private long lastSeen;
    /** The newest revision this view wrote itself (guarded by {@link #writeLock}): a head behind it went back. */
    private long lastWritten;

    private FeedFollower refresher;

    /** Loads the view from {@code store}. */
    public IdentityStore(Store store, Clock clock, SecureRandom random) {
        this.store = store;
        this.clock = clock;
        this.random = random;
        locked(() -> {
            lastSeen = store.revision();
            reloadAll();
            return null;
        });
        LOG.debug("Loaded {} accounts and {} access keys", accounts.size(), accessKeys.size());
    }

    // ------------------------------------------------------------------ reads (no lock, no store)

    public Optional<AccessKey> accessKey(String accessKeyId) {
        Held h = accessKeys.get(accessKeyId);
        return h == null ? Optional.empty() : Optional.of(h.key());
    }

    /** The access keys of {@code principalArn}, oldest first. */
    public List<AccessKey> accessKeys(String principalArn) {
        return heldBy(principalArn).stream().map(Held::key).toList();
    }

    public boolean hasAccounts() {
        return !accounts.isEmpty();
    }

    public boolean hasAccount(String accountId) {
        return accounts.containsKey(accountId);
    }

    public List<String> accountIds() {
        return accounts.keySet().stream().sorted().toList();
    }

    /** The ARN of the root user of {@code accountId}. */
    public static String rootArn(String accountId) {
        return "arn:aws:iam::" + accountId + ":root";
    }

    /** Whether {@code s} is an AWS account id: 12 digits. */
    public static boolean isAccountId(String s) {
        return s != null && ACCOUNT_ID.matcher(s).matches();
    }

    /** IAM's {@code UserName} for a principal: the user's name, or {@link #ROOT_USER_NAME} for a root user. */
    static String userName(String principalArn) {
        if (ROOT_ARN.matcher(principalArn).matches()) return ROOT_USER_NAME;
        return principalArn.substring(principalArn.lastIndexOf('/') + 1);
    }

    // ------------------------------------------------------------------ writes

    /**
     * Creates the first account and an access key for its root user, if there is no account yet. Returns the new
     * key, or empty when Trent was already initialised (by this process or another).
     */
    public Optional<AccessKey> bootstrap() {
        return locked(() -> {
            for (int attempt = 1; ; attempt++) {
                if (!accounts.isEmpty()) return Optional.empty();
                String accountId = randomDigits(12);
                Instant now = clock.instant();
                AccessKey key = newAccessKey(accountId, rootArn(accountId), now);
                try {
                    long rev = applied(store.apply(List.of(
                            Mutation.create(ACCOUNTS + accountId, accountJson(accountId, now)),
                            Mutation.create(ACCESS_KEYS + key.accessKeyId(), keyJson(key)))));
                    accounts.put(accountId, new Account(accountId, now, rev));
                    accessKeys.put(key.accessKeyId(), new Held(key, rev));
                    return Optional.of(key);
                } catch (PreconditionFailedException conflict) {
                    retryOrThrow(attempt, conflict);
                }
            }
        });
    }

    /** Creates the account {@code accountId} (with no access keys) if it does not exist. Returns whether it did. */
    public boolean createAccount(String accountId) {
        if (!isAccountId(accountId)) throw new IllegalArgumentException("an account id is 12 digits: " + accountId);
        return locked(() -> {
            for (int attempt = 1; ; attempt++) {
                if (accounts.containsKey(accountId)) return false;
                Instant now = clock.instant();
                try {
                    long rev = applied(
                            store.apply(List.of(Mutation.create(ACCOUNTS + accountId, accountJson(accountId, now)))));
                    accounts.put(accountId, new Account(accountId, now, rev));
                    return true;
                } catch (PreconditionFailedException conflict) {
                    retryOrThrow(attempt, conflict);
                }
            }
        });
    }

    /**
     * Creates an active access key for {@code principalArn}.
     *
     * @throws dev.trent.core.ServiceException {@code NoSuchEntity} if the account does not exist, {@code
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
                    .filter(h -> !h.key().active())
                    .findFirst()
                    .or(() -> held.stream()
                            .filter(h -> h.key().accessKeyId().equals(replacing))
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
        Held choose(List<Held> heldOldestFirst);
    }

    private Replacement write(String principalArn, Victim victim) {
        String accountId = accountOfRoot(principalArn);
        return locked(() -> {
            for (int attempt = 1; ; attempt++) {
                Account owner = accounts.get(accountId);
                if (owner == null) throw IamErrors.noSuchAccount(accountId);
                Held deleted = victim.choose(heldBy(principalArn));
                AccessKey key = newAccessKey(accountId, principalArn, clock.instant());
                List<Mutation> batch = new ArrayList<>(3);
                // Rewriting the owner at the version read serialises every writer that counted its keys.
                batch.add(Mutation.put(
                        ACCOUNTS + accountId,
                        accountJson(accountId, owner.createdAt()),
                        Precondition.version(owner.version())));
                if (deleted != null) {
                    batch.add(Mutation.delete(
                            ACCESS_KEYS + deleted.key().accessKeyId(), Precondition.version(deleted.version())));
                }
                batch.add(Mutation.create(ACCESS_KEYS + key.accessKeyId(), keyJson(key)));
                try {
                    long rev = applied(store.apply(batch));
                    accounts.put(accountId, new Account(accountId, owner.createdAt(), rev));
                    if (deleted != null) accessKeys.remove(deleted.key().accessKeyId());
                    accessKeys.put(key.accessKeyId(), new Held(key, rev));
                    return new Replacement(key, Optional.ofNullable(deleted).map(Held::key));
                } catch (PreconditionFailedException conflict) {
                    retryOrThrow(attempt, conflict);
                }
            }
        });
    }

    /**
     * Sets the status of an access key (IAM's UpdateAccessKey): an inactive key no longer authenticates. Setting the
     * status it has already is no change.
     *
     * @throws dev.trent.core.ServiceException {@code NoSuchEntity} if there is no such key
     */
    public AccessKey updateAccessKey(String accessKeyId, boolean active) {
        return locked(() -> {
            for (int attempt = 1; ; attempt++) {
                Held h = accessKeys.get(accessKeyId);
                if (h == null) throw IamErrors.noSuchAccessKey(accessKeyId);
                if (h.key().active() == active) return h.key();
                AccessKey updated = h.key().withActive(active);
                try {
                    long rev = applied(store.apply(List.of(Mutation.put(
                            ACCESS_KEYS + accessKeyId, keyJson(updated), Precondition.version(h.version())))));
                    accessKeys.put(accessKeyId, new Held(updated, rev));
                    return updated;
                } catch (PreconditionFailedException conflict) {
                    retryOrThrow(attempt, conflict);
                }
            }
        });
    }

    /**
     * Deletes an access key (IAM's DeleteAccessKey).
     *
     * @throws dev.trent.core.ServiceException {@code NoSuchEntity} if there is no such key
     */
    public AccessKey deleteAccessKey(String accessKeyId) {
        return locked(() -> {
            for (int attempt = 1; ; attempt++) {
                Held h = accessKeys.get(accessKeyId);
                if (h == null) throw IamErrors.noSuchAccessKey(accessKeyId);
                try {
                    applied(store.apply(
                            List.of(Mutation.delete(ACCESS_KEYS + accessKeyId, Precondition.version(h.version())))));
                    accessKeys.remove(accessKeyId);
                    return h.key();
                } catch (PreconditionFailedException conflict) {
                    retryOrThrow(attempt, conflict);
                }
            }
        });
    }

    private long applied(long revision) {
        lastWritten = Math.max(lastWritten, revision);
        return revision;
    }

    private void retryOrThrow(int attempt, PreconditionFailedException conflict) {
        if (attempt >= MAX_ATTEMPTS) throw conflict;
        LOG.debug("Write lost a race on {}; following the store and trying again", conflict.key());
        refresh();
    }

    private List<Held> heldBy(String principalArn) {
        List<Held> out = new ArrayList<>();
        for (Held h : accessKeys.values()) {
            if (h.key().principalArn().equals(principalArn)) out.add(h);
        }
        out.sort(Comparator.comparing((Held h) -> h.key().createdAt())
                .thenComparing(h -> h.key().accessKeyId()));
        return out;
    }

    private static String accountOfRoot(String principalArn) {
        var m = ROOT_ARN.matcher(principalArn);
        if (!m.matches()) {
            throw new IllegalArgumentException("access keys belong to an account's root user (arn:aws:iam::"
                    + "<account>:root) so far, not to " + principalArn);
        }
        return m.group(1);
    }

    // ------------------------------------------------------------------ following the store

    /**
     * Brings the view up to date with the store's change feed: re-reads every account and access key written or
     * deleted since the last refresh and newer than the view's copy (own writes are skipped that way), or everything
     * if the store no longer has the changes since then or is behind the view (restored from an older copy).
     */
    public void refresh() {
        locked(() -> {
            while (true) {
                Store.ChangePage page = store.changesSince(lastSeen, FEED_PAGE);
                // A head behind what this view has seen or written means the database went back in time (a
                // restore): nothing in the feed describes that, so start over from what the store holds.
                if (page.reloadRequired() || page.headRevision() < Math.max(lastSeen, lastWritten)) {
                    lastSeen = page.headRevision();
                    lastWritten = lastSeen;
                    reloadAll();
                    return null;
                }
                if (page.changes().isEmpty()) return null;
                Set<String> stale = new LinkedHashSet<>();
                long newest = lastSeen;
                for (Store.Change c : page.changes()) {
                    if (newerThanView(c)) stale.add(c.key());
                    newest = Math.max(newest, c.revision());
                }
                stale.forEach(this::reload); // if a re-read fails, the next refresh starts from the same place
                lastSeen = newest;
            }
        });
    }

    private boolean newerThanView(Store.Change c) {
        String k = c.key();
        if (k.startsWith(ACCOUNTS)) {
            Account a = accounts.get(k.substring(ACCOUNTS.length()));
            return a == null || a.version() < c.revision();
        }
        if (k.startsWith(ACCESS_KEYS)) {
            Held h = accessKeys.get(k.substring(ACCESS_KEYS.length()));
            return h == null || h.version() < c.revision();
        }
        return false;
    }

    private void reload(String storeKey) {
        Optional<Store.Entry> e = store.get(storeKey);
        if (storeKey.startsWith(ACCOUNTS)) {
            String id = storeKey.substring(ACCOUNTS.length());
            e.ifPresentOrElse(entry -> accounts.put(id, account(entry)), () -> accounts.remove(id));
        } else if (storeKey.startsWith(ACCESS_KEYS)) {
            String id = storeKey.substring(ACCESS_KEYS.length());
            e.ifPresentOrElse(entry -> accessKeys.put(id, held(entry)), () -> accessKeys.remove(id));
        }
    }

    private void reloadAll() {
        Map<String, Account> freshAccounts = new HashMap<>();
        for (Store.Entry e : store.scan(ACCOUNTS)) {
            freshAccounts.put(e.key().substring(ACCOUNTS.length()), account(e));
        }
        Map<String, Held> freshKeys = new HashMap<>();
        for (Store.Entry e : store.scan(ACCESS_KEYS)) {
            freshKeys.put(e.key().substring(ACCESS_KEYS.length()), held(e));
        }
        accounts.keySet().retainAll(freshAccounts.keySet());
        accounts.putAll(freshAccounts);
        accessKeys.keySet().retainAll(freshKeys.keySet());
        accessKeys.putAll(freshKeys);
    }

    /** Refreshes every {@code interval} on a daemon thread until {@link #close()}. */
    public synchronized void startRefreshing(Duration interval) {
        if (refresher != null) throw new IllegalStateException("already refreshing");
        refresher = FeedFollower.start("trent-identity-refresh", "accounts and access keys", interval, this::refresh);
    }

    /** Stops the refresher, if one runs. */
    @Override
    public synchronized void close() {
        if (refresher != null) {
            refresher.close();
            refresher = null;
        }
    }

    private <T> T locked(Supplier<T> work) {
        writeLock.lock();
        try {
            return work.get();
        } finally {
            writeLock.unlock();
        }
    }

    // ------------------------------------------------------------------ records

    private AccessKey newAccessKey(String accountId, String principalArn, Instant now) {
        StringBuilder id = new StringBuilder("AKIA");
        for (int i = 0; i < 16; i++) id.append(BASE32[random.nextInt(BASE32.length)]);
        StringBuilder secret = new StringBuilder(40);
        for (int i = 0; i < 40; i++) secret.append(SECRET_CHARS[random.nextInt(SECRET_CHARS.length)]);
        return new AccessKey(id.toString(), secret.toString(), accountId, principalArn, true, now);
    }

    private String randomDigits(int n) {
        StringBuilder sb = new StringBuilder(n);
        sb.append((char) ('1' + random.nextInt(9)));
        for (int i = 1; i < n; i++) sb.append((char) ('0' + random.nextInt(10)));
        return sb.toString();
    }

    private static byte[] accountJson(String accountId, Instant createdAt) {
        return Json.bytes(Json.object().put("AccountId", accountId).put("CreatedAt", createdAt.toString()));
    }

    private static Account account(Store.Entry e) {
        JsonNode n = Json.parse(e.value());
        return new Account(
                n.get("AccountId").asText(), Instant.parse(n.get("CreatedAt").asText()), e.version());
    }

    private static byte[] keyJson(AccessKey k) {
        ObjectNode n = Json.object()
                .put("AccessKeyId", k.accessKeyId())
                .put("SecretAccessKey", k.secretAccessKey())
                .put("AccountId", k.accountId())
                .put("PrincipalArn", k.principalArn())
                .put("Active", k.active())
                .put("CreatedAt", k.createdAt().toString());
        return Json.bytes(n);
    }

    private static Held held(Store.Entry e) {
        JsonNode n = Json.parse(e.value());
        AccessKey k = new AccessKey(
                n.get("AccessKeyId").asText(),
                n.get("SecretAccessKey").asText(),
                n.get("AccountId").asText(),
                n.get("PrincipalArn").asText(),
                n.get("Active").asBoolean(),
                Instant.parse(n.get("CreatedAt").asText()));
        return new Held(k, e.version());
    }
}
