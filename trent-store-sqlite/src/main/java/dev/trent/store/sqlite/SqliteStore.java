package dev.trent.store.sqlite;

import dev.trent.core.store.KeyRange;
import dev.trent.core.store.Store;
import dev.trent.core.store.StoreException;
import dev.trent.core.store.StoreRules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The embedded default store: one SQLite database file in the data directory.
 *
 * <p>WAL journal with {@code synchronous=FULL}: a batch is on disk (fsynced) when {@link #apply} returns, so an
 * acknowledged change survives a process kill and a power cut. One connection, guarded by a lock; callers keep
 * store access off latency-sensitive threads (the hot path reads memory, not the store).
 *
 * <p>Schema (version 2): {@code kv(k, v, version)}; {@code meta(id = 1, revision, pruned_through)} holds the head
 * revision and the newest revision whose changes were pruned; {@code changes(revision, seq, k, deleted)} is the
 * change feed, one row per key a batch put or deleted, in batch order; {@code leases(name, holder, expires_at)}
 * with the expiry in epoch milliseconds.
 *
 * <p>Every batch runs in one {@code BEGIN IMMEDIATE} transaction: it takes SQLite's write lock before it reads the
 * head revision, so two connections (or two processes) on one file can never allocate the same revision; its
 * preconditions are checked inside that transaction against the state as the batch proceeds.
 *
 * <p>Pruning: the feed keeps every change of the newest {@code feedRevisions} revisions. Older changes are deleted
 * in steps (of {@code max(1, min(1024, feedRevisions / 16))} revisions, inside the writing batch), so the feed holds
 * at most {@code feedRevisions} plus one step of revisions. A reader asking for changes after a revision older than
 * the newest pruned one is told to reload.
 */
public final class SqliteStore implements Store {
    /** Revisions the change feed keeps by default (at a few keys per batch, a few tens of MB at most). */
    public static final long DEFAULT_FEED_REVISIONS = 100_000;

    /** Schema migrations, applied in order; index + 1 is the schema version. Never edit a released entry. */
    private static final List<String[]> MIGRATIONS = List.<String[]>of(
            new String[] {"CREATE TABLE kv (k TEXT PRIMARY KEY NOT NULL, v BLOB NOT NULL) WITHOUT ROWID"},
            new String[] {
                // Rows written before revisions existed count as written by revision 1; a non-empty store starts
                // at head revision 1 with the feed pruned through it, so followers of it reload once.
                "ALTER TABLE kv ADD COLUMN version INTEGER NOT NULL DEFAULT 0",
                "UPDATE kv SET version = 1",
                "CREATE TABLE meta (id INTEGER PRIMARY KEY CHECK (id = 1), revision INTEGER NOT NULL,"
                        + " pruned_through INTEGER NOT NULL)",
                "INSERT INTO meta (id, revision, pruned_through)"
                        + " SELECT 1, n, n FROM (SELECT CASE WHEN EXISTS (SELECT 1 FROM kv) THEN 1 ELSE 0 END AS n)",
                "CREATE TABLE changes (revision INTEGER NOT NULL, seq INTEGER NOT NULL, k TEXT NOT NULL,"
                        + " deleted INTEGER NOT NULL, PRIMARY KEY (revision, seq)) WITHOUT ROWID",
                "CREATE TABLE leases (name TEXT PRIMARY KEY NOT NULL, holder TEXT NOT NULL,"
                        + " expires_at INTEGER NOT NULL) WITHOUT ROWID"
            });

    private final Connection conn;
    private final ReentrantLock lock = new ReentrantLock();
    private final long feedRevisions;
    private final long pruneStep;

    private final Statement tx;
    private final PreparedStatement selectOne;
    private final PreparedStatement selectVersion;
    private final PreparedStatement scanRange;
    private final PreparedStatement scanAll;
    private final PreparedStatement upsert;
    private final PreparedStatement insertIfAbsent;
    private final PreparedStatement updateAtVersion;
    private final PreparedStatement delete;
    private final PreparedStatement deleteAtVersion;
    private final PreparedStatement insertChange;
    private final PreparedStatement selectMeta;
    private final PreparedStatement updateMeta;
    private final PreparedStatement pruneChanges;
    private final PreparedStatement changesPage;
    private final PreparedStatement changesOfRevision;
    private final PreparedStatement takeLease;
    private final PreparedStatement dropLease;

    public SqliteStore(Path file) {
        this(file, DEFAULT_FEED_REVISIONS);
    }

    /** A store whose change feed keeps the newest {@code feedRevisions} revisions (at least 1). */
    public SqliteStore(Path file, long feedRevisions) {
        this(file, feedRevisions, true);
    }

    /**
     * Opens {@code file}. With {@code upgrade} it is created if missing and migrated to the latest schema; without,
     * the file must exist at the latest schema version already, else a {@link StoreException} says so (a tool
     * opening the database beside a running server must not change the schema under it).
     */
    public SqliteStore(Path file, long feedRevisions, boolean upgrade) {
        if (feedRevisions < 1) throw new IllegalArgumentException("feedRevisions must be at least 1");
        this.feedRevisions = feedRevisions;
        this.pruneStep = Math.max(1, Math.min(1024, feedRevisions / 16));
        if (!upgrade && !Files.isRegularFile(file)) {
            throw new StoreException("there is no Trent database at " + file.toAbsolutePath());
        }
        Connection c = null;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            conn = c;
            try (Statement st = conn.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("PRAGMA synchronous=FULL");
                st.execute("PRAGMA busy_timeout=10000");
                st.execute("PRAGMA foreign_keys=ON");
            }
            tx = conn.createStatement();
            migrate(upgrade, file);
            selectOne = conn.prepareStatement("SELECT v, version FROM kv WHERE k = ?");
            selectVersion = conn.prepareStatement("SELECT version FROM kv WHERE k = ?");
            scanRange = conn.prepareStatement("SELECT k, v, version FROM kv WHERE k >= ? AND k < ? ORDER BY k");
            scanAll = conn.prepareStatement("SELECT k, v, version FROM kv ORDER BY k");
            upsert = conn.prepareStatement("INSERT INTO kv (k, v, version) VALUES (?, ?, ?)"
                    + " ON CONFLICT(k) DO UPDATE SET v = excluded.v, version = excluded.version");
            insertIfAbsent =
                    conn.prepareStatement("INSERT INTO kv (k, v, version) VALUES (?, ?, ?) ON CONFLICT(k) DO NOTHING");
            updateAtVersion = conn.prepareStatement("UPDATE kv SET v = ?, version = ? WHERE k = ? AND version = ?");
            delete = conn.prepareStatement("DELETE FROM kv WHERE k = ?");
            deleteAtVersion = conn.prepareStatement("DELETE FROM kv WHERE k = ? AND version = ?");
            insertChange = conn.prepareStatement("INSERT INTO changes (revision, seq, k, deleted) VALUES (?, ?, ?, ?)");
            selectMeta = conn.prepareStatement("SELECT revision, pruned_through FROM meta WHERE id = 1");
            updateMeta = conn.prepareStatement("UPDATE meta SET revision = ?, pruned_through = ? WHERE id = 1");
            pruneChanges = conn.prepareStatement("DELETE FROM changes WHERE revision <= ?");
            changesPage = conn.prepareStatement(
                    "SELECT revision, k, deleted FROM changes WHERE revision > ? ORDER BY revision, seq LIMIT ?");
            changesOfRevision =
                    conn.prepareStatement("SELECT revision, k, deleted FROM changes WHERE revision = ? ORDER BY seq");
            takeLease = conn.prepareStatement("INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?)"
                    + " ON CONFLICT(name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at"
                    + " WHERE leases.holder = excluded.holder OR leases.expires_at <= ?");
            dropLease = conn.prepareStatement("DELETE FROM leases WHERE name = ? AND holder = ?");
        } catch (SQLException | java.io.IOException | RuntimeException e) {
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            if (e instanceof StoreException se) throw se;
            throw new StoreException("cannot open SQLite store " + file + ": " + e.getMessage(), e);
        }
    }

    /** The schema version this build writes. */
    public static int latestSchemaVersion() {
        return MIGRATIONS.size();
    }

    private void migrate(boolean upgrade, Path file) throws SQLException {
        // Inside one write transaction, so two processes opening an old file at once migrate it once.
        inTransaction(upgrade ? "BEGIN IMMEDIATE" : "BEGIN", () -> {
            int version;
            try (ResultSet rs = tx.executeQuery("PRAGMA user_version")) {
                version = rs.next() ? rs.getInt(1) : 0;
            }
            if (version > MIGRATIONS.size()) {
                throw new StoreException("the data directory was written by a newer Trent (schema version " + version
                        + "; this build knows up to " + MIGRATIONS.size() + ")");
            }
            if (!upgrade && version < MIGRATIONS.size()) {
                throw new StoreException(
                        version == 0
                                ? "the file " + file.toAbsolutePath() + " holds no Trent database"
                                : "the Trent database " + file.toAbsolutePath() + " has schema version " + version
                                        + ", older than this build's " + MIGRATIONS.size()
                                        + ": start the Trent server of this build on it once to upgrade it");
            }
            for (int v = version; v < MIGRATIONS.size(); v++) {
                for (String sql : MIGRATIONS.get(v)) tx.execute(sql);
            }
            if (version < MIGRATIONS.size()) tx.execute("PRAGMA user_version = " + MIGRATIONS.size());
            return null;
        });
    }

    private interface SqlWork<T> {
        T run() throws SQLException;
    }

    /**
     * Runs {@code work} in one write transaction ({@code BEGIN IMMEDIATE}: the write lock is taken first, so the
     * reads inside see the newest state and no other connection writes until the end): committed if it returns,
     * rolled back if it throws.
     */
    private <T> T inTransaction(SqlWork<T> work) throws SQLException {
        return inTransaction("BEGIN IMMEDIATE", work);
    }

    private <T> T inTransaction(String begin, SqlWork<T> work) throws SQLException {
        tx.execute(begin);
        T result;
        try {
            result = work.run();
            tx.execute("COMMIT");
        } catch (SQLException | RuntimeException e) {
            try {
                tx.execute("ROLLBACK");
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        }
        return result;
    }

    @Override
    public Optional<Entry> get(String key) {
        lock.lock();
        try {
            selectOne.setString(1, key);
            try (ResultSet rs = selectOne.executeQuery()) {
                return rs.next() ? Optional.of(new Entry(key, rs.getBytes(1), rs.getLong(2))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("store read failed: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<Entry> scan(String prefix) {
        String upper = KeyRange.upperBound(prefix);
        lock.lock();
        try {
            PreparedStatement ps;
            if (upper == null) {
                ps = scanAll;
            } else {
                ps = scanRange;
                ps.setString(1, prefix);
                ps.setString(2, upper);
            }
            List<Entry> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String k = rs.getString(1);
                    if (k.startsWith(prefix)) out.add(new Entry(k, rs.getBytes(2), rs.getLong(3)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("store scan failed: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long apply(List<Mutation> mutations) {
        lock.lock();
        try {
            return inTransaction(() -> applyInTransaction(mutations));
        } catch (SQLException e) {
            throw new StoreException("store write failed: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    private long applyInTransaction(List<Mutation> mutations) throws SQLException {
        long head;
        long prunedThrough;
        try (ResultSet rs = selectMeta.executeQuery()) {
            if (!rs.next()) throw new StoreException("the meta row is missing from the SQLite store");
            head = rs.getLong(1);
            prunedThrough = rs.getLong(2);
        }
        long rev = head + 1;
        int seq = 0;
        for (Mutation m : mutations) {
            Boolean deleted = write(m, rev);
            if (deleted == null) continue;
            insertChange.setLong(1, rev);
            insertChange.setInt(2, seq++);
            insertChange.setString(3, m.key());
            insertChange.setInt(4, deleted ? 1 : 0);
            insertChange.executeUpdate();
        }
        if (seq == 0) return head; // only checks, or deletes of absent keys: no new revision
        long floor = rev - feedRevisions;
        if (floor - prunedThrough >= pruneStep) {
            pruneChanges.setLong(1, floor);
            pruneChanges.executeUpdate();
            prunedThrough = floor;
        }
        updateMeta.setLong(1, rev);
        updateMeta.setLong(2, prunedThrough);
        updateMeta.executeUpdate();
        return rev;
    }

    /**
     * Applies one mutation inside the batch's transaction; returns null if it changed nothing, else whether it
     * deleted (true) or put (false) its key.
     */
    private Boolean write(Mutation m, long rev) throws SQLException {
        String key = m.key();
        Precondition p = m.precondition();
        if (m.checkOnly()) {
            require(key, p);
            return null;
        }
        if (m.isDelete()) {
            switch (p) {
                case Precondition.None n -> {
                    delete.setString(1, key);
                    return delete.executeUpdate() > 0 ? Boolean.TRUE : null;
                }
                case Precondition.Absent a -> {
                    require(key, p);
                    return null; // absent, so nothing to delete
                }
                case Precondition.AtVersion v -> {
                    deleteAtVersion.setString(1, key);
                    deleteAtVersion.setLong(2, v.version());
                    if (deleteAtVersion.executeUpdate() == 0) throw StoreRules.notAtVersion(key, v.version());
                    return Boolean.TRUE;
                }
            }
        }
        switch (p) {
            case Precondition.None n -> {
                upsert.setString(1, key);
                upsert.setBytes(2, m.value());
                upsert.setLong(3, rev);
                upsert.executeUpdate();
            }
            case Precondition.Absent a -> {
                insertIfAbsent.setString(1, key);
                insertIfAbsent.setBytes(2, m.value());
                insertIfAbsent.setLong(3, rev);
                if (insertIfAbsent.executeUpdate() == 0) throw StoreRules.exists(key);
            }
            case Precondition.AtVersion v -> {
                updateAtVersion.setBytes(1, m.value());
                updateAtVersion.setLong(2, rev);
                updateAtVersion.setString(3, key);
                updateAtVersion.setLong(4, v.version());
                if (updateAtVersion.executeUpdate() == 0) throw StoreRules.notAtVersion(key, v.version());
            }
        }
        return Boolean.FALSE;
    }

    /** Checks a precondition without writing (a check mutation, or a delete that requires absence). */
    private void require(String key, Precondition p) throws SQLException {
        if (p instanceof Precondition.None) return;
        Long version;
        selectVersion.setString(1, key);
        try (ResultSet rs = selectVersion.executeQuery()) {
            version = rs.next() ? rs.getLong(1) : null;
        }
        StoreRules.check(key, version, p);
    }

    @Override
    public long revision() {
        lock.lock();
        try (ResultSet rs = selectMeta.executeQuery()) {
            if (!rs.next()) throw new StoreException("the meta row is missing from the SQLite store");
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new StoreException("store read failed: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public ChangePage changesSince(long revision, int limit) {
        if (limit < 1) throw new IllegalArgumentException("limit must be at least 1");
        lock.lock();
        try {
            // One read transaction: the page, the head and the pruning mark come from one snapshot.
            return inTransaction("BEGIN", () -> {
                long head;
                long prunedThrough;
                try (ResultSet rs = selectMeta.executeQuery()) {
                    if (!rs.next()) throw new StoreException("the meta row is missing from the SQLite store");
                    head = rs.getLong(1);
                    prunedThrough = rs.getLong(2);
                }
                if (revision < prunedThrough) return new ChangePage(List.of(), true, head);
                List<Change> out = new ArrayList<>();
                changesPage.setLong(1, revision);
                changesPage.setLong(2, (long) limit + 1);
                readChanges(changesPage, out);
                long whole = StoreRules.trimToWholeBatches(out, limit);
                if (whole != 0) {
                    changesOfRevision.setLong(1, whole);
                    readChanges(changesOfRevision, out);
                }
                return new ChangePage(out, false, head);
            });
        } catch (SQLException e) {
            throw new StoreException("change feed read failed: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    private static void readChanges(PreparedStatement ps, List<Change> out) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(new Change(rs.getLong(1), rs.getString(2), rs.getInt(3) != 0));
        }
    }

    @Override
    public boolean tryLease(String name, String holder, Instant now, Duration ttl) {
        long nowMillis = now.toEpochMilli();
        long until = StoreRules.leaseExpiry(now, ttl);
        lock.lock();
        try {
            // One statement, so one atomic write: take a free lease, renew our own, or take over an expired one.
            takeLease.setString(1, name);
            takeLease.setString(2, holder);
            takeLease.setLong(3, until);
            takeLease.setLong(4, nowMillis);
            return takeLease.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new StoreException("lease write failed: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void releaseLease(String name, String holder) {
        lock.lock();
        try {
            dropLease.setString(1, name);
            dropLease.setString(2, holder);
            dropLease.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("lease write failed: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            conn.close(); // closes its statements too
        } catch (SQLException e) {
            throw new StoreException("store close failed: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }
}
