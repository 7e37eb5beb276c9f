package dev.trent.core.iam;

import dev.trent.core.store.FeedFollower;
import dev.trent.core.store.PreconditionFailedException;
import dev.trent.core.store.Store;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-memory view of every identity record (accounts, access keys, users, roles, managed policies, the STS token
 * keys, organizations) and the one way they are written.
 *
 * <p>Reads take no lock and touch no store: authentication and authorization read this view on the hot path.
 * Writes go to the store first, as one {@link Batch} whose preconditions name the versions this view read (a new
 * record must be absent; a changed one must still be at the version read; a record whose children are counted for a
 * quota or a conflict is rewritten at its version, so concurrent writers are serialised), and are published to the
 * view only once the store accepted them. A failed precondition means another writer (another node, the {@code
 * trent admin} commands) won: the view follows the store's change feed and the write is decided again, at most
 * {@link #MAX_ATTEMPTS} times. Writes of other processes arrive through the change feed ({@link #refresh()}, run
 * every second by {@link #startRefreshing}); writes and refreshes are serialised by one lock, so the view never goes
 * back in time.
 *
 * <p>Indexes kept beside the tables, for the hot path: users and roles by ARN, and a generation number of the
 * managed policies (compiled identity policies are cached per identity until it changes).
 */
final class IamView implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IamView.class);
    static final int MAX_ATTEMPTS = 8;
    private static final int FEED_PAGE = 1000;

    final Table<AccountRecord> accounts = new Table<>("iam/accounts/", IamCodecs.ACCOUNTS);
    final Table<AccessKey> accessKeys = new Table<>("iam/access-keys/", IamCodecs.ACCESS_KEYS);
    final Table<IamUser> users = new Table<>("iam/users/", IamCodecs.USERS);
    final Table<IamRole> roles = new Table<>("iam/roles/", IamCodecs.ROLES);
    final Table<ManagedPolicy> policies = new Table<>("iam/policies/", IamCodecs.POLICIES);
    final Table<TokenKey> tokenKeys;
    final Table<Organization> organizations = new Table<>("org/organizations/", OrgCodecs.ORGANIZATIONS);
    final Table<OrgAccount> orgAccounts = new Table<>("org/accounts/", OrgCodecs.ACCOUNTS);
    final Table<CreateAccountStatus> createAccountStatuses =
            new Table<>("org/create-account-status/", OrgCodecs.STATUSES);
    private final List<Table<?>> tables;

    private final ConcurrentHashMap<String, IamUser> usersByArn = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, IamRole> rolesByArn = new ConcurrentHashMap<>();
    private final AtomicLong policyGeneration = new AtomicLong();

    private final Store store;
    private final ReentrantLock lock = new ReentrantLock();
    /** The newest store revision the view has followed (guarded by {@link #lock}). */
    private long lastSeen;
    /** The newest revision this view wrote itself (guarded by {@link #lock}): a head behind it went back. */
    private long lastWritten;

    private FeedFollower refresher;

    IamView(Store store, SecureRandom random) {
        this.store = store;
        this.tokenKeys = new Table<>("iam/sts/token-keys/", IamCodecs.tokenKeys(random));
        this.tables = List.of(
                accounts,
                accessKeys,
                users,
                roles,
                policies,
                tokenKeys,
                organizations,
                orgAccounts,
                createAccountStatuses);
        users.listen((before, after) -> index(usersByArn, before, after));
        roles.listen((before, after) -> index(rolesByArn, before, after));
        policies.listen((before, after) -> policyGeneration.incrementAndGet());
        locked(() -> {
            lastSeen = store.revision();
            for (Table<?> t : tables) t.reloadAll(store);
            return null;
        });
    }

    private static <E extends IamEntity> void index(ConcurrentHashMap<String, E> byArn, E before, E after) {
        if (before != null) byArn.remove(before.arn(), before);
        if (after != null) byArn.put(after.arn(), after);
    }

    Store store() {
        return store;
    }

    // ------------------------------------------------------------------ reads (no lock, no store)

    IamUser userByArn(String arn) {
        return usersByArn.get(arn);
    }

    IamRole roleByArn(String arn) {
        return rolesByArn.get(arn);
    }

    /** Changes whenever a managed policy is written, deleted or reloaded. */
    long policyGeneration() {
        return policyGeneration.get();
    }

    // ------------------------------------------------------------------ writes

    /**
     * Runs {@code attempt} under the write lock: it reads the view, throws a service error or fills the batch (an
     * empty batch writes nothing) and returns a result. The batch is applied to the store and published; if another
     * writer changed a record it names, the view is refreshed and {@code attempt} runs again.
     *
     * @throws dev.trent.core.ServiceException {@code ConcurrentModification} after {@link #MAX_ATTEMPTS} lost races
     */
    <T> T write(Function<Batch, T> attempt) {
        return locked(() -> {
            for (int n = 1; ; n++) {
                Batch batch = new Batch();
                T result = attempt.apply(batch);
                if (batch.isEmpty()) return result;
                try {
                    long rev = store.apply(batch.mutations());
                    lastWritten = Math.max(lastWritten, rev);
                    batch.published(rev);
                    return result;
                } catch (PreconditionFailedException conflict) {
                    if (n >= MAX_ATTEMPTS) throw IamErrors.concurrentModification();
                    LOG.debug("Write lost a race on {}; following the store and trying again", conflict.key());
                    refresh();
                }
            }
        });
    }

    // ------------------------------------------------------------------ following the store

    /**
     * Brings the view up to date with the store's change feed: re-reads every record written or deleted since the
     * last refresh and newer than the view's copy (own writes are skipped that way), or everything if the store no
     * longer has the changes since then or is behind the view (restored from an older copy).
     */
    void refresh() {
        locked(() -> {
            while (true) {
                Store.ChangePage page = store.changesSince(lastSeen, FEED_PAGE);
                // A head behind what this view has seen or written means the database went back in time (a
                // restore): nothing in the feed describes that, so start over from what the store holds.
                if (page.reloadRequired() || page.headRevision() < Math.max(lastSeen, lastWritten)) {
                    lastSeen = page.headRevision();
                    lastWritten = lastSeen;
                    for (Table<?> t : tables) t.reloadAll(store);
                    return null;
                }
                if (page.changes().isEmpty()) return null;
                Set<String> stale = new LinkedHashSet<>();
                long newest = lastSeen;
                for (Store.Change c : page.changes()) {
                    Table<?> t = tableOf(c.key());
                    if (t != null && t.isNewer(c.key(), c.revision())) stale.add(c.key());
                    newest = Math.max(newest, c.revision());
                }
                // if a re-read fails, the next refresh starts from the same place
                for (String key : stale) tableOf(key).reload(store, key);
                lastSeen = newest;
            }
        });
    }

    private Table<?> tableOf(String storeKey) {
        for (Table<?> t : tables) if (t.owns(storeKey)) return t;
        return null;
    }

    /** Refreshes every {@code interval} on a daemon thread until {@link #close()}. */
    synchronized void startRefreshing(Duration interval) {
        if (refresher != null) throw new IllegalStateException("already refreshing");
        refresher = FeedFollower.start("trent-identity-refresh", "the identities", interval, this::refresh, store);
    }

    @Override
    public synchronized void close() {
        if (refresher != null) {
            refresher.close();
            refresher = null;
        }
    }

    private <T> T locked(java.util.function.Supplier<T> work) {
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }
}
