package dev.trent.store.postgres;

import dev.trent.core.store.StoreException;
import dev.trent.core.store.StoreProvider;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PostgreSQL store location: {@code postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?NAME=VALUE&...]}.
 *
 * <p>The password may be left out of the location and given in the environment variable {@value #PASSWORD_ENV}
 * instead (the location then carries no secret); a password in the location wins. User and password are
 * percent-decoded ({@code %40} for {@code @}, {@code %2F} for {@code /}). Parameters: {@code maxPoolSize} (the
 * connections this node keeps, default {@value #DEFAULT_POOL_SIZE}), {@code connectTimeout} (seconds, default 5),
 * and any PostgreSQL JDBC driver property ({@code sslmode}, {@code sslrootcert}, ...), passed through. {@link
 * #toString()} never shows the password.
 */
record PostgresLocation(
        String host, int port, String database, String user, String password, Map<String, String> parameters) {
    static final String PASSWORD_ENV = "TRENT_STORE_PASSWORD";
    static final int DEFAULT_POOL_SIZE = 8;

    private static final Pattern FORM = Pattern.compile(
            "postgres(?:ql)?://(?:(?<user>[^:@/?]*)(?::(?<password>.*))?@)?(?<host>\\[[^\\]]+\\]|[^:/?@]+)"
                    + "(?::(?<port>\\d{1,5}))?/(?<db>[^?/]+)(?:\\?(?<query>.*))?");

    PostgresLocation {
        parameters = Map.copyOf(parameters);
    }

    /**
     * Parses {@code location}; {@code environmentPassword} is {@value #PASSWORD_ENV}'s value (or null).
     *
     * @throws StoreException saying what form is expected (with the password redacted)
     */
    static PostgresLocation parse(String location, String environmentPassword) {
        // A password may hold a raw '@' or '/': its group is greedy, so the user info ends at the last '@' that
        // leaves a host and a database after it.
        Matcher m = FORM.matcher(location);
        if (!m.matches()) throw malformed(location);
        String user = decode(m.group("user"));
        String password = m.group("password") != null ? decode(m.group("password")) : environmentPassword;
        if (user == null || user.isEmpty()) user = System.getProperty("user.name");
        int port = m.group("port") == null ? 5432 : Integer.parseInt(m.group("port"));
        if (port < 1 || port > 65535) throw malformed(location);
        Map<String, String> params = new LinkedHashMap<>();
        String query = m.group("query");
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) continue;
                int eq = pair.indexOf('=');
                if (eq <= 0) throw malformed(location);
                params.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
            }
        }
        PostgresLocation l = new PostgresLocation(m.group("host"), port, decode(m.group("db")), user, password, params);
        l.maxPoolSize(); // a bad parameter fails here, at start
        l.connectTimeoutSeconds();
        return l;
    }

    private static String decode(String s) {
        return s == null ? null : URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static StoreException malformed(String location) {
        return new StoreException("the store location " + StoreProvider.redact(location)
                + " is not of the form postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?NAME=VALUE&...]");
    }

    /** The JDBC URL (without user and password, which go to the driver as properties). */
    String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/"
                + java.net.URLEncoder.encode(database, StandardCharsets.UTF_8).replace("+", "%20");
    }

    int maxPoolSize() {
        return intParameter("maxPoolSize", DEFAULT_POOL_SIZE, 1, 100);
    }

    int connectTimeoutSeconds() {
        return intParameter("connectTimeout", 5, 1, 300);
    }

    /** Driver properties: the location's parameters other than Trent's own. */
    Map<String, String> driverProperties() {
        Map<String, String> p = new LinkedHashMap<>(parameters);
        p.remove("maxPoolSize");
        p.remove("connectTimeout");
        return p;
    }

    private int intParameter(String name, int fallback, int min, int max) {
        String v = parameters.get(name);
        if (v == null) return fallback;
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) return n;
        } catch (NumberFormatException e) {
            // below
        }
        throw new StoreException("the store location parameter " + name + " must be a number from " + min + " to " + max
                + ", not '" + v + "'");
    }

    /** Where, for messages: {@code postgresql://user@host:port/db}, never the password. */
    @Override
    public String toString() {
        return "postgresql://" + user + "@" + host + ":" + port + "/" + database;
    }
}
