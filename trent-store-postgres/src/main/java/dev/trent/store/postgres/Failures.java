package dev.trent.store.postgres;

import dev.trent.core.store.StoreException;
import dev.trent.core.store.StoreUnavailableException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/** Turns a JDBC failure into a store failure: the database out of reach is {@link StoreUnavailableException}. */
final class Failures {
    private Failures() {}

    static StoreException of(String what, Exception e) {
        String message = what + ": " + describe(e);
        return unavailable(e) ? new StoreUnavailableException(message, e) : new StoreException(message, e);
    }

    /**
     * Whether {@code e} says the database cannot be reached (now): no connection within the timeout, a connection
     * refused or lost (SQLSTATE class 08), the server shutting down or starting up (57P01-57P03), or too many
     * connections (53300).
     */
    static boolean unavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException) return true;
            if (t instanceof SQLException s && s.getSQLState() != null) {
                String state = s.getSQLState();
                if (state.startsWith("08") || state.startsWith("57P") || state.equals("53300")) return true;
            }
            if (t instanceof java.io.IOException) return true;
        }
        return false;
    }

    /**
     * Whether {@code e} says an established connection was lost (ended by the server, or the socket broke), as
     * opposed to no connection to be had: worth one more try on a new connection.
     */
    static boolean brokenConnection(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.equals("08006") || state.equals("08003") || state.startsWith("57P0"));
    }

    /** A one-line description of a failure: its message, or its class when it has none. */
    static String describe(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) return e.getClass().getSimpleName();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
