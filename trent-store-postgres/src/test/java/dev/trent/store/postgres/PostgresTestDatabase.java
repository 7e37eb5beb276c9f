package dev.trent.store.postgres;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import org.junit.jupiter.api.Assumptions;

/**
 * A fresh database {@code trent_test_<random>} on the PostgreSQL at {@code 127.0.0.1:5432} (override with the
 * environment variables {@code TRENT_TEST_PG_HOST}, {@code TRENT_TEST_PG_PORT}, {@code TRENT_TEST_PG_USER}),
 * dropped on close. A test that makes one is skipped, with a message saying why, when nothing listens there.
 */
public final class PostgresTestDatabase implements AutoCloseable {
    public static final String HOST = env("TRENT_TEST_PG_HOST", "127.0.0.1");
    public static final int PORT = Integer.parseInt(env("TRENT_TEST_PG_PORT", "5432"));
    public static final String USER = env("TRENT_TEST_PG_USER", "postgres");

    private final String name;

    private PostgresTestDatabase(String name) {
        this.name = name;
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    /** Whether PostgreSQL accepts connections at {@link #HOST}:{@link #PORT}. */
    public static boolean reachable() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(HOST, PORT), 1_000);
        } catch (IOException e) {
            return false;
        }
        try (Connection c = admin()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    /** Skips the calling test unless PostgreSQL is reachable. */
    public static void assumeReachable() {
        Assumptions.assumeTrue(
                reachable(),
                "PostgreSQL is not reachable at " + HOST + ":" + PORT + " as user " + USER
                        + " (start it, e.g. pg_ctlcluster 15 main start; .ci/run does): skipping this test");
    }

    /** Creates a fresh, empty UTF-8 database (skipping the test if PostgreSQL is not reachable). */
    public static PostgresTestDatabase create() {
        assumeReachable();
        byte[] r = new byte[6];
        new SecureRandom().nextBytes(r);
        String name = "trent_test_" + HexFormat.of().formatHex(r);
        try (Connection c = admin();
                Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name + " ENCODING 'UTF8' TEMPLATE template0");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the test database " + name + ": " + e.getMessage(), e);
        }
        return new PostgresTestDatabase(name);
    }

    private static Connection admin() throws SQLException {
        return DriverManager.getConnection(
                "jdbc:postgresql://" + HOST + ":" + PORT + "/postgres?connectTimeout=2", USER, "");
    }

    public String name() {
        return name;
    }

    /** The store location of this database, with {@code parameters} ({@code "maxPoolSize=4"}, or empty). */
    public String location(String parameters) {
        return "postgresql://" + USER + "@" + HOST + ":" + PORT + "/" + name
                + (parameters.isEmpty() ? "" : "?" + parameters);
    }

    public String location() {
        return location("");
    }

    /** A plain JDBC connection to this database (for tests that look behind the store). */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + HOST + ":" + PORT + "/" + name, USER, "");
    }

    /**
     * An outage of this database alone (PostgreSQL keeps serving the others): it refuses new connections, and every
     * connection to it is ended, as a database restart would.
     */
    public void refuseConnections() throws SQLException {
        try (Connection c = admin();
                Statement st = c.createStatement()) {
            st.execute("ALTER DATABASE " + name + " ALLOW_CONNECTIONS false");
            st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'");
        }
    }

    /** Ends the outage of {@link #refuseConnections()}. */
    public void allowConnections() throws SQLException {
        try (Connection c = admin();
                Statement st = c.createStatement()) {
            st.execute("ALTER DATABASE " + name + " ALLOW_CONNECTIONS true");
        }
    }

    /** Drops the database, disconnecting whoever is still connected. */
    @Override
    public void close() {
        try (Connection c = admin();
                Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            System.err.println("could not drop the test database " + name + ": " + e.getMessage());
        }
    }
}
