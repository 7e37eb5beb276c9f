package dev.trent.store.postgres;

import dev.trent.core.store.StoreException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The PostgreSQL schema and its migrations: versioned, owned by Trent, applied in order at start by the server.
 * {@code trent_schema(id = 1, version)} holds the version. Every migration runs in one transaction under a
 * transaction-level advisory lock, so nodes starting together on a new database migrate it once. Never edit a
 * released entry; add one.
 */
final class PostgresSchema {
    /** Advisory lock key of migrations ("trent" in ASCII). */
    private static final long MIGRATION_LOCK = 0x7472656e74L;

    /** Index + 1 is the schema version. */
    private static final List<String[]> MIGRATIONS = List.<String[]>of(new String[] {
        "CREATE TABLE trent_kv (k text COLLATE \"C\" PRIMARY KEY, v bytea NOT NULL, version bigint NOT NULL)",
        "CREATE TABLE trent_meta (id integer PRIMARY KEY CHECK (id = 1), revision bigint NOT NULL,"
                + " pruned_through bigint NOT NULL)",
        "INSERT INTO trent_meta (id, revision, pruned_through) VALUES (1, 0, 0)",
        "CREATE TABLE trent_changes (revision bigint NOT NULL, seq integer NOT NULL, k text COLLATE \"C\" NOT NULL,"
                + " deleted boolean NOT NULL, PRIMARY KEY (revision, seq))",
        "CREATE TABLE trent_leases (name text PRIMARY KEY, holder text NOT NULL, expires_at bigint NOT NULL)"
    });

    private PostgresSchema() {}

    static int latestVersion() {
        return MIGRATIONS.size();
    }

    /**
     * Brings the schema to this build's version (with {@code upgrade}), or checks that it is there (without).
     *
     * @throws StoreException saying what to do when the database cannot be used as it is
     */
    static void migrate(Connection c, boolean upgrade, PostgresLocation where) throws SQLException {
        checkEncoding(c, where);
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            if (upgrade) {
                st.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")");
                st.execute("CREATE TABLE IF NOT EXISTS trent_schema (id integer PRIMARY KEY CHECK (id = 1),"
                        + " version integer NOT NULL)");
                st.execute("INSERT INTO trent_schema (id, version) VALUES (1, 0) ON CONFLICT (id) DO NOTHING");
            }
            int version = version(st);
            if (version > MIGRATIONS.size()) {
                throw new StoreException("the PostgreSQL database " + where + " was written by a newer Trent (schema"
                        + " version " + version + "; this build knows up to " + MIGRATIONS.size() + ")");
            }
            if (!upgrade && version < MIGRATIONS.size()) {
                throw new StoreException(
                        version < 0
                                ? "there is no Trent database at " + where
                                : "the Trent database " + where + " has schema version " + version
                                        + ", older than this build's " + MIGRATIONS.size()
                                        + ": start the Trent server of this build on it once to upgrade it");
            }
            for (int v = version; v < MIGRATIONS.size(); v++) {
                for (String sql : MIGRATIONS.get(v)) st.execute(sql);
            }
            if (version < MIGRATIONS.size()) st.execute("UPDATE trent_schema SET version = " + MIGRATIONS.size());
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /** The schema version, or -1 when there is no schema table. */
    private static int version(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT to_regclass('trent_schema') IS NOT NULL")) {
            rs.next();
            if (!rs.getBoolean(1)) return -1;
        }
        try (ResultSet rs = st.executeQuery("SELECT version FROM trent_schema WHERE id = 1")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    /** Keys sort by code point only in a UTF-8 database; anything else is refused. */
    private static void checkEncoding(Connection c, PostgresLocation where) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SHOW server_encoding")) {
            rs.next();
            String encoding = rs.getString(1);
            if (!"UTF8".equalsIgnoreCase(encoding)) {
                throw new StoreException("the PostgreSQL database " + where + " uses the encoding " + encoding
                        + "; Trent needs UTF8 (CREATE DATABASE ... ENCODING 'UTF8' TEMPLATE template0)");
            }
        }
    }
}
