package dev.trent.core.store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * A kind of {@link Store}, found with {@link ServiceLoader} so the composition root picks the store by
 * configuration without depending on its implementation: a store module ships a provider and registers it in
 * {@code META-INF/services/dev.trent.core.store.StoreProvider}.
 *
 * <p>A store location is a URL-like string whose scheme names the provider: {@code sqlite} (the embedded default,
 * {@code <data-dir>/trent.db}), {@code sqlite:/path/to/file.db}, later {@code postgresql://host:port/db}.
 */
public interface StoreProvider {
    /** The scheme this provider serves, e.g. {@code sqlite}. */
    String scheme();

    /**
     * Opens (creating if needed) the store at {@code location}.
     *
     * @param location the whole location string, scheme included
     * @param dataDir the server's data directory, for providers that keep files there by default
     */
    Store open(String location, Path dataDir);

    /**
     * Opens the store at {@code location}; without {@code upgrade} it neither creates the store nor changes its
     * schema, and refuses with a {@link StoreException} saying what to do when it would have to. Tools that open
     * a store a running server may be using (the admin commands) pass {@code false}. A store with nothing to
     * create or upgrade may ignore the flag (the default).
     */
    default Store open(String location, Path dataDir, boolean upgrade) {
        return open(location, dataDir);
    }

    /**
     * The location as it may be printed or logged: a password in it ({@code scheme://user:password@host/...}) is
     * replaced by {@code ***}. Every message that names a store location goes through this.
     */
    static String redact(String location) {
        if (location == null) return null;
        int start = location.indexOf("://");
        if (start < 0) return location;
        start += 3;
        int query = location.indexOf('?', start);
        int at = location.lastIndexOf('@', query < 0 ? location.length() : query);
        if (at < start) return location;
        int colon = location.indexOf(':', start);
        if (colon < 0 || colon > at) return location;
        return location.substring(0, colon + 1) + "***" + location.substring(at);
    }

    /** The scheme of a location: the part before the first {@code :}, or the whole string. */
    static String schemeOf(String location) {
        int colon = location.indexOf(':');
        return colon < 0 ? location : location.substring(0, colon);
    }

    /**
     * Opens the store {@code location} names with the provider registered for its scheme.
     *
     * @throws StoreException naming the scheme and the schemes available when no provider serves it
     */
    static Store openStore(String location, Path dataDir) {
        return openStore(location, dataDir, true);
    }

    /**
     * Opens the store {@code location} names, creating and upgrading it only if {@code upgrade} (see
     * {@link #open(String, Path, boolean)}).
     *
     * @throws StoreException naming the scheme and the schemes available when no provider serves it
     */
    static Store openStore(String location, Path dataDir, boolean upgrade) {
        String scheme = schemeOf(location);
        List<String> known = new ArrayList<>();
        for (StoreProvider p : ServiceLoader.load(StoreProvider.class)) {
            if (p.scheme().equals(scheme)) return p.open(location, dataDir, upgrade);
            known.add(p.scheme());
        }
        throw new StoreException("no store of kind '" + scheme + "' is available (available: "
                + String.join(", ", known) + "); check the store setting");
    }
}
