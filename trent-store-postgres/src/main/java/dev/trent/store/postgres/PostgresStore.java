package dev.trent.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.trent.core.store.KeyRange;
import dev.trent.core.store.Store;
import dev.trent.core.store.StoreException;
import dev.trent.core.store.StoreRules;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * The store for clusters: one PostgreSQL database shared by every Trent node.
 *
 * <p>Schema ({@link PostgresSchema}): {@code trent_kv(k, v, version)}; {@code trent_meta(id = 1, revision,
 * pruned_through)}; {@code trent_changes(revision, seq, k, deleted)}, the change feed; {@code trent_leases(name,
 * holder, expires_at)}. Keys are {@code text COLLATE "C"} in a UTF-8 database, so they sort by code point, as on
 * SQLite.
 *
 * <p><b>Revisions commit in order.</b> Every batch starts by locking the one {@code trent_meta} row ({@code SELECT
 * ... FOR UPDATE}) and keeps it until it commits: batches of all nodes are serialised, each takes head + 1, and a
 * batch commits before the next one can read the head. So a reader that sees revision {@code r} committed has
 * every revision below it committed too, and a follower reading the feed after its last revision never skips a
 * change that commits later with a smaller number (the trap of a plain sequence, whose values commit out of
 * order). Preconditions are checked inside that transaction, under the lock, against the newest committed state
 * (READ COMMITTED: every statement sees every earlier batch), so two nodes racing for one key resolve exactly as
 * two threads of one node do. Writes are rare in a KMS (the hot path reads memory), so one writer at a time costs
 * little.
 *
 * <p><b>Change notifications.</b> A batch sends {@code NOTIFY trent_changes} with its revision, delivered when it
 * commits; {@link #onChange} listeners (the nodes' views) are woken by {@link ChangeListener}, which LISTENs on a
 * connection of its own and reconnects by itself. The views also poll, so a lost notification costs at most one
 * poll interval.
 *
 * <p><b>Failures.</b> Connections come from a HikariCP pool (validated on borrow, so a database restart costs
 * one failed check and a new connection). A database that cannot be reached, or no connection free within the
 * connect timeout, is a {@link dev.trent.core.store.StoreUnavailableException}; the pool reconnects by itself.
 */
public final class PostgresStore implements Store {
    /** Revisions the change feed keeps by default (as on SQLite). */
    public static final long DEFAULT_FEED_REVISIONS = 100_000;

    static final String CHANNEL = "trent_changes";

    private final PostgresLocation location;
    private final HikariDataSource pool;
    private final long feedRevisions;
    private final long pruneStep;
    private final ChangeListener listener;
    /** Retries of a read, or of a transaction that wrote nothing, on a dead connection: one per pooled one. */
    private final int retries;

    /**
     * Opens the database {@code location} names; with {@code upgrade} its schema is created or upgraded, without
     * it the schema must be there at this build's version.
     */
    PostgresStore(PostgresLocation location, long feedRevisions, boolean upgrade) {
        if (feedRevisions < 1) throw new IllegalArgumentException("feedRevisions must be at least 1");
        this.location = location;
        this.feedRevisions = feedRevisions;
        this.pruneStep = Math.max(1, Math.min(1024, feedRevisions / 16));
        this.retries = location.maxPoolSize();
        this.pool = openPool(location);
        try {
            try (Connection c = pool.getConnection()) {
                PostgresSchema.migrate(c, upgrade, location);
            }
        } catch (SQLException | RuntimeException e) {
            pool.close();
            if (e instanceof StoreException se) throw se;
            throw Failures.of("cannot open the PostgreSQL store " + location, (Exception) e);
        }
        this.listener = new ChangeListener(location, CHANNEL);
    }

    private static HikariDataSource openPool(PostgresLocation location) {
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(location.jdbcUrl());
        cfg.setUsername(location.user());
        if (location.password() != null) cfg.setPassword(location.password());
        Properties props = driverProperties(location);
        cfg.setDataSourceProperties(props);
        cfg.setMaximumPoolSize(location.maxPoolSize());
        cfg.setMinimumIdle(Math.min(2, location.maxPoolSize()));
        cfg.setConnectionTimeout(location.connectTimeoutSeconds() * 1000L);
        cfg.setValidationTimeout(Math.min(2_000L, location.connectTimeoutSeconds() * 1000L - 1));
        cfg.setAutoCommit(true);
        cfg.setPoolName("trent-store");
        cfg.setInitializationFailTimeout(location.connectTimeoutSeconds() * 1000L);
        try {
            return new HikariDataSource(cfg);
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new StoreException(
                    "cannot connect to the PostgreSQL store " + location + ": " + Failures.describe(cause), e);
        }
    }

    /** The driver properties of a connection: the location's, plus timeouts so a dead database is noticed. */
    static Properties driverProperties(PostgresLocation location) {
        Properties props = new Properties();
        props.setProperty("connectTimeout", Integer.toString(location.connectTimeoutSeconds()));
        props.setProperty("socketTimeout", "60");
        props.setProperty("tcpKeepAlive", "true");
        props.setProperty("ApplicationName", "trent");
        props.putAll(location.driverProperties());
        return props;
    }

    private interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * Runs {@code work} on a pooled connection in autocommit (one statement, one snapshot). A read that fails because
     * its connection was dead (a database restart ends every connection; the pool does not test one used a moment
     * ago; the pool drops it on the failure) is tried again, up to once per pooled connection: reads change nothing.
     */
    private <T> T read(String what, SqlWork<T> work) {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = pool.getConnection()) {
                return work.run(c);
            } catch (SQLException e) {
                if (attempt <= retries && Failures.brokenConnection(e)) continue;
                throw Failures.of(what + " failed", e);
            }
        }
    }

    /**
     * Runs {@code work} in one transaction at {@code isolation}: committed if it returns, rolled back if not. When
     * the connection turns out dead before the transaction wrote anything (its first statement fails), it is tried
     * again likewise; a failure after that may have committed or not, and is reported as it is.
     */
    private <T> T transaction(String what, int isolation, boolean readOnly, SqlWork<T> work) {
        for (int attempt = 1; ; attempt++) {
            boolean[] begun = {false};
            try {
                return transactionOnce(isolation, readOnly, work, begun);
            } catch (SQLException e) {
                if (attempt <= retries && !begun[0] && Failures.brokenConnection(e)) continue;
                throw Failures.of(what + " failed", e);
            }
        }
    }

    private <T> T transactionOnce(int isolation, boolean readOnly, SqlWork<T> work, boolean[] begun)
            throws SQLException {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(isolation);
            c.setReadOnly(readOnly);
            try {
                try (Statement st = c.createStatement()) {
                    st.execute("SELECT 1"); // the first round trip: a dead connection fails here, before any write
                }
                begun[0] = true;
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            } finally {
                restore(c);
            }
        }
    }

    private static void restore(Connection c) {
        try {
            c.setAutoCommit(true);
            c.setReadOnly(false);
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        } catch (SQLException ignored) {
            // a broken connection: the pool drops it
        }
    }

    @Override
    public Optional<Entry> get(String key) {
        return read("store read", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT v, version FROM trent_kv WHERE k = ?")) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new Entry(key, rs.getBytes(1), rs.getLong(2))) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<Entry> scan(String prefix) {
        String upper = KeyRange.upperBound(prefix);
        return read("store scan", c -> {
            // one statement: one snapshot
            String sql = upper == null
                    ? "SELECT k, v, version FROM trent_kv WHERE k >= ? ORDER BY k"
                    : "SELECT k, v, version FROM trent_kv WHERE k >= ? AND k < ? ORDER BY k";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setFetchSize(0);
                ps.setString(1, prefix);
                if (upper != null) ps.setString(2, upper);
                List<Entry> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String k = rs.getString(1);
                        if (k.startsWith(prefix)) out.add(new Entry(k, rs.getBytes(2), rs.getLong(3)));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public long apply(List<Mutation> mutations) {
        return transaction(
                "store write", Connection.TRANSACTION_READ_COMMITTED, false, c -> new Batch(c).apply(mutations));
    }

    /** One batch inside its transaction. */
    private final class Batch {
        private final Connection c;

        Batch(Connection c) {
            this.c = c;
        }

        long apply(List<Mutation> mutations) throws SQLException {
            long head;
            long prunedThrough;
            // The lock that orders every batch of every node (see the class documentation).
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery(
                            "SELECT revision, pruned_through FROM trent_meta WHERE id = 1 FOR UPDATE")) {
                if (!rs.next()) throw new StoreException("the meta row is missing from the PostgreSQL store");
                head = rs.getLong(1);
                prunedThrough = rs.getLong(2);
            }
            long rev = head + 1;
            int seq = 0;
            try (PreparedStatement change =
                    c.prepareStatement("INSERT INTO trent_changes (revision, seq, k, deleted) VALUES (?, ?, ?, ?)")) {
                for (Mutation m : mutations) {
                    Boolean deleted = write(m, rev);
                    if (deleted == null) continue;
                    change.setLong(1, rev);
                    change.setInt(2, seq++);
                    change.setString(3, m.key());
                    change.setBoolean(4, deleted);
                    change.addBatch();
                }
                if (seq == 0) return head; // only checks, or deletes of absent keys: no new revision
                change.executeBatch();
            }
            long floor = rev - feedRevisions;
            if (floor - prunedThrough >= pruneStep) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM trent_changes WHERE revision <= ?")) {
                    ps.setLong(1, floor);
                    ps.executeUpdate();
                }
                prunedThrough = floor;
            }
            try (PreparedStatement ps =
                    c.prepareStatement("UPDATE trent_meta SET revision = ?, pruned_through = ? WHERE id = 1")) {
                ps.setLong(1, rev);
                ps.setLong(2, prunedThrough);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
                ps.setString(1, CHANNEL);
                ps.setString(2, Long.toString(rev));
                ps.execute();
            }
            return rev;
        }

        /** Null if the mutation changed nothing, else whether it deleted (true) or put (false) its key. */
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
                        return update("DELETE FROM trent_kv WHERE k = ?", key) > 0 ? Boolean.TRUE : null;
                    }
                    case Precondition.Absent a -> {
                        require(key, p);
                        return null;
                    }
                    case Precondition.AtVersion v -> {
                        try (PreparedStatement ps =
                                c.prepareStatement("DELETE FROM trent_kv WHERE k = ? AND version = ?")) {
                            ps.setString(1, key);
                            ps.setLong(2, v.version());
                            if (ps.executeUpdate() == 0) throw StoreRules.notAtVersion(key, v.version());
                        }
                        return Boolean.TRUE;
                    }
                }
            }
            String sql = switch (p) {
                case Precondition.None n ->
                    "INSERT INTO trent_kv (k, v, version) VALUES (?, ?, ?)"
                            + " ON CONFLICT (k) DO UPDATE SET v = excluded.v, version = excluded.version";
                case Precondition.Absent a ->
                    "INSERT INTO trent_kv (k, v, version) VALUES (?, ?, ?) ON CONFLICT (k) DO NOTHING";
                case Precondition.AtVersion v -> "UPDATE trent_kv SET v = ?, version = ? WHERE k = ? AND version = ?";
            };
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                if (p instanceof Precondition.AtVersion v) {
                    ps.setBytes(1, m.value());
                    ps.setLong(2, rev);
                    ps.setString(3, key);
                    ps.setLong(4, v.version());
                    if (ps.executeUpdate() == 0) throw StoreRules.notAtVersion(key, v.version());
                } else {
                    ps.setString(1, key);
                    ps.setBytes(2, m.value());
                    ps.setLong(3, rev);
                    if (ps.executeUpdate() == 0) throw StoreRules.exists(key);
                }
            }
            return Boolean.FALSE;
        }

        private int update(String sql, String key) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, key);
                return ps.executeUpdate();
            }
        }

        private void require(String key, Precondition p) throws SQLException {
            if (p instanceof Precondition.None) return;
            Long version;
            try (PreparedStatement ps = c.prepareStatement("SELECT version FROM trent_kv WHERE k = ?")) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    version = rs.next() ? rs.getLong(1) : null;
                }
            }
            StoreRules.check(key, version, p);
        }
    }

    @Override
    public long revision() {
        return read("store read", c -> {
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT revision FROM trent_meta WHERE id = 1")) {
                if (!rs.next()) throw new StoreException("the meta row is missing from the PostgreSQL store");
                return rs.getLong(1);
            }
        });
    }

    @Override
    public ChangePage changesSince(long revision, int limit) {
        if (limit < 1) throw new IllegalArgumentException("limit must be at least 1");
        // One snapshot for the head, the pruning mark and the page.
        return transaction("change feed read", Connection.TRANSACTION_REPEATABLE_READ, true, c -> {
            long head;
            long prunedThrough;
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT revision, pruned_through FROM trent_meta WHERE id = 1")) {
                if (!rs.next()) throw new StoreException("the meta row is missing from the PostgreSQL store");
                head = rs.getLong(1);
                prunedThrough = rs.getLong(2);
            }
            if (revision < prunedThrough) return new ChangePage(List.of(), true, head);
            List<Change> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT revision, k, deleted FROM trent_changes"
                    + " WHERE revision > ? ORDER BY revision, seq LIMIT ?")) {
                ps.setLong(1, revision);
                ps.setLong(2, (long) limit + 1);
                readChanges(ps, out);
            }
            long whole = StoreRules.trimToWholeBatches(out, limit);
            if (whole != 0) {
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT revision, k, deleted FROM trent_changes WHERE revision = ? ORDER BY seq")) {
                    ps.setLong(1, whole);
                    readChanges(ps, out);
                }
            }
            return new ChangePage(out, false, head);
        });
    }

    private static void readChanges(PreparedStatement ps, List<Change> out) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(new Change(rs.getLong(1), rs.getString(2), rs.getBoolean(3)));
        }
    }

    @Override
    public boolean tryLease(String name, String holder, Instant now, Duration ttl) {
        long nowMillis = now.toEpochMilli();
        long expiry = StoreRules.leaseExpiry(now, ttl);
        return read("lease write", c -> {
            // One statement, so one atomic write: take a free lease, renew our own, or take over an expired one.
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO trent_leases (name, holder, expires_at)"
                    + " VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET holder = excluded.holder,"
                    + " expires_at = excluded.expires_at"
                    + " WHERE trent_leases.holder = excluded.holder OR trent_leases.expires_at <= ?")) {
                ps.setString(1, name);
                ps.setString(2, holder);
                ps.setLong(3, expiry);
                ps.setLong(4, nowMillis);
                return ps.executeUpdate() > 0;
            }
        });
    }

    @Override
    public void releaseLease(String name, String holder) {
        read("lease write", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM trent_leases WHERE name = ? AND holder = ?")) {
                ps.setString(1, name);
                ps.setString(2, holder);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public Subscription onChange(Runnable l) {
        return listener.add(l);
    }

    @Override
    public boolean shared() {
        return true;
    }

    /** Whether the database answers now: one round trip, bounded by the connect timeout. */
    @Override
    public boolean reachable() {
        try (Connection c = pool.getConnection()) {
            return c.isValid(location.connectTimeoutSeconds());
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } finally {
            pool.close();
        }
    }

    @Override
    public String toString() {
        return location.toString();
    }
}
