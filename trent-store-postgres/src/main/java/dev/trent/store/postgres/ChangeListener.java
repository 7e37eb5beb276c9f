package dev.trent.store.postgres;

import dev.trent.core.store.Store;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LISTENs for the store's change notifications on a connection of its own (started with the first listener) and
 * calls the listeners on each. When the connection breaks it reconnects by itself, backing off up to
 * {@value #MAX_BACKOFF_MILLIS} ms, and calls the listeners once it is back (notifications sent meanwhile were
 * lost). One log line when listening fails, one when it works again.
 */
final class ChangeListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeListener.class);
    static final long MAX_BACKOFF_MILLIS = 5_000;
    private static final int POLL_MILLIS = 500;

    private final PostgresLocation location;
    private final String channel;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private Thread thread;
    private volatile boolean closed;
    private volatile Connection connection;

    ChangeListener(PostgresLocation location, String channel) {
        this.location = location;
        this.channel = channel;
    }

    synchronized Store.Subscription add(Runnable listener) {
        if (closed) return () -> {};
        listeners.add(listener);
        if (thread == null) {
            thread = Thread.ofPlatform().daemon().name("trent-store-listen").start(this::run);
        }
        return () -> listeners.remove(listener);
    }

    private void run() {
        long backoff = 250;
        boolean failing = false;
        boolean everConnected = false;
        while (!closed) {
            try (Connection c = connect()) {
                connection = c;
                try (Statement st = c.createStatement()) {
                    st.execute("LISTEN " + channel);
                }
                if (failing) LOG.info("Listening for the store's change notifications works again");
                if (everConnected) fire(); // changes made while we were away
                everConnected = true;
                failing = false;
                backoff = 250;
                PGConnection pg = c.unwrap(PGConnection.class);
                while (!closed) {
                    PGNotification[] got = pg.getNotifications(POLL_MILLIS);
                    if (got != null && got.length > 0) fire();
                }
            } catch (SQLException | RuntimeException e) {
                if (closed) return;
                if (!failing) {
                    LOG.warn(
                            "Listening for the store's change notifications on {} failed ({}); the views poll"
                                    + " meanwhile, reconnecting",
                            location,
                            Failures.describe(e));
                    failing = true;
                }
            } finally {
                connection = null;
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                return;
            }
            backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
        }
    }

    private Connection connect() throws SQLException {
        Properties props = PostgresStore.driverProperties(location);
        props.setProperty("user", location.user());
        if (location.password() != null) props.setProperty("password", location.password());
        // the notifications wait is bounded by POLL_MILLIS; a dead server is noticed by the socket timeout
        props.setProperty("socketTimeout", "30");
        return DriverManager.getConnection(location.jdbcUrl(), props);
    }

    private void fire() {
        for (Runnable l : listeners) {
            try {
                l.run();
            } catch (RuntimeException e) {
                LOG.debug("A change listener failed", e);
            }
        }
    }

    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            closed = true;
            t = thread;
        }
        if (t == null) return;
        t.interrupt();
        Connection c = connection;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
        try {
            t.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
