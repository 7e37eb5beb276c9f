package dev.trent.store.sqlite;

import dev.trent.core.store.Store;
import dev.trent.core.store.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
 */
public final class SqliteStore implements Store {
    /** Schema migrations, applied in order; index + 1 is the schema version. Never edit a released entry. */
    private static final List<String[]> MIGRATIONS = List.<String[]>of(
            new String[] {"CREATE TABLE kv (k TEXT PRIMARY KEY NOT NULL, v BLOB NOT NULL) WITHOUT ROWID"});

    private final Connection conn;
    private final ReentrantLock lock = new ReentrantLock();

    public SqliteStore(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            conn = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement st = conn.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("PRAGMA synchronous=FULL");
                st.execute("PRAGMA busy_timeout=10000");
                st.execute("PRAGMA foreign_keys=ON");
            }
            migrate();
        } catch (SQLException | java.io.IOException e) {
            throw new StoreException("cannot open SQLite store " + file + ": " + e.getMessage(), e);
        }
    }

    /** The schema version this build writes. */
    public static int latestSchemaVersion() {
        return MIGRATIONS.size();
    }

    private void migrate() throws SQLException {
        int version;
        try (Statement st = conn.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA user_version")) {
            version = rs.next() ? rs.getInt(1) : 0;
        }
        if (version > MIGRATIONS.size()) {
            throw new StoreException("the data directory was written by a newer Trent (schema version " + version
                    + "; this build knows up to " + MIGRATIONS.size() + ")");
        }
        for (int v = version; v < MIGRATIONS.size(); v++) {
            int next = v + 1;
            String[] statements = MIGRATIONS.get(v);
            inTransaction(() -> {
                try (Statement st = conn.createStatement()) {
                    for (String sql : statements) st.execute(sql);
                    st.execute("PRAGMA user_version = " + next);
                }
            });
        }
    }

    private interface SqlWork {
        void run() throws SQLException;
    }

    /** Runs {@code work} in one transaction: committed if it returns, rolled back if it throws. */
    private void inTransaction(SqlWork work) throws SQLException {
        conn.setAutoCommit(false);
        try {
            work.run();
            conn.commit();
        } catch (SQLException | RuntimeException e) {
            conn.rollback();
            throw e;
        } finally {
            conn.setAutoCommit(true);
        }
    }

    @Override
    public Optional<Entry> get(String key) {
        lock.lock();
        try (PreparedStatement ps = conn.prepareStatement("SELECT v FROM kv WHERE k = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Entry(key, rs.getBytes(1), 0)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("store read failed: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<Entry> scan(String prefix) {
        lock.lock();
        try (PreparedStatement ps = conn.prepareStatement("SELECT k, v FROM kv WHERE k >= ? AND k < ? ORDER BY k")) {
            ps.setString(1, prefix);
            ps.setString(2, prefix + Character.MAX_VALUE);
            List<Entry> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String k = rs.getString(1);
                    if (k.startsWith(prefix)) out.add(new Entry(k, rs.getBytes(2), 0));
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
        if (mutations.isEmpty()) return 0;
        lock.lock();
        try {
            inTransaction(() -> {
                try (PreparedStatement put = conn.prepareStatement(
                                "INSERT INTO kv (k, v) VALUES (?, ?) ON CONFLICT(k) DO UPDATE SET v = excluded.v");
                        PreparedStatement del = conn.prepareStatement("DELETE FROM kv WHERE k = ?")) {
                    for (Mutation m : mutations) {
                        if (m.checkOnly()) continue;
                        if (m.isDelete()) {
                            del.setString(1, m.key());
                            del.executeUpdate();
                        } else {
                            put.setString(1, m.key());
                            put.setBytes(2, m.value());
                            put.executeUpdate();
                        }
                    }
                }
            });
            return 0;
        } catch (SQLException e) {
            throw new StoreException("store write failed: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    // TODO(store slice): revisions, preconditions, change feed and leases.
    @Override
    public long revision() {
        return 0;
    }

    @Override
    public ChangePage changesSince(long revision, int limit) {
        return new ChangePage(List.of(), false, 0);
    }

    @Override
    public boolean tryLease(String name, String holder, java.time.Instant now, java.time.Duration ttl) {
        return true;
    }

    @Override
    public void releaseLease(String name, String holder) {}

    @Override
    public void close() {
        lock.lock();
        try {
            conn.close();
        } catch (SQLException e) {
            throw new StoreException("store close failed: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }
}
