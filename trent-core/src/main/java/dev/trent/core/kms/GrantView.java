package dev.trent.core.kms;

import dev.trent.core.store.Store;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory view of grants: lock-free to read (hash lookups by key and grantee, the authorization path),
 * changed only by the {@link GrantRegistry} under its write lock, after the store accepted a write of this node
 * or when the store says another node wrote. Entries are replaced whole, never changed in place.
 */
final class GrantView {
    /** A grant and the store version of its record (the revision that wrote it). */
    record Entry(Grant grant, long version) {}

    /** The grants of one key: by id, and by grantee principal for authorization. */
    static final class KeyGrants {
        final ConcurrentHashMap<String, Entry> byId = new ConcurrentHashMap<>();
        final ConcurrentHashMap<String, ConcurrentHashMap<String, Entry>> byGrantee = new ConcurrentHashMap<>();
    }

    private final ConcurrentHashMap<String, Entry> byId = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<KeyAddress, KeyGrants> byKey = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, Entry>> byRetiring = new ConcurrentHashMap<>();

    // ------------------------------------------------------------------ reads (any thread)

    Entry get(String grantId) {
        return byId.get(grantId);
    }

    /** The grants of the key at {@code key} given to {@code grantee}: a live view, empty if none. */
    Collection<Entry> of(KeyAddress key, String grantee) {
        KeyGrants k = byKey.get(key);
        if (k == null) return List.of();
        Map<String, Entry> g = k.byGrantee.get(grantee);
        return g == null ? List.of() : g.values();
    }

    /** The grants of the key at {@code key}, in no particular order. */
    List<Entry> of(KeyAddress key) {
        KeyGrants k = byKey.get(key);
        return k == null ? List.of() : new ArrayList<>(k.byId.values());
    }

    int count(KeyAddress key) {
        KeyGrants k = byKey.get(key);
        return k == null ? 0 : k.byId.size();
    }

    /** The grants {@code retiringPrincipal} may retire, in no particular order. */
    List<Entry> retirableBy(String retiringPrincipal) {
        Map<String, Entry> r = byRetiring.get(retiringPrincipal);
        return r == null ? List.of() : new ArrayList<>(r.values());
    }

    int size() {
        return byId.size();
    }

    // ------------------------------------------------------------------ changes (registry's write lock held)

    void put(Entry e) {
        Grant g = e.grant();
        Entry old = byId.put(g.grantId(), e);
        if (old != null) unindex(old);
        KeyGrants k = byKey.computeIfAbsent(g.key(), x -> new KeyGrants());
        k.byId.put(g.grantId(), e);
        k.byGrantee
                .computeIfAbsent(g.granteePrincipal(), x -> new ConcurrentHashMap<>())
                .put(g.grantId(), e);
        if (g.retiringPrincipal() != null) {
            byRetiring
                    .computeIfAbsent(g.retiringPrincipal(), x -> new ConcurrentHashMap<>())
                    .put(g.grantId(), e);
        }
    }

    Entry remove(String grantId) {
        Entry old = byId.remove(grantId);
        if (old != null) unindex(old);
        return old;
    }

    private void unindex(Entry e) {
        Grant g = e.grant();
        KeyGrants k = byKey.get(g.key());
        if (k != null) {
            k.byId.remove(g.grantId());
            Map<String, Entry> byGrantee = k.byGrantee.get(g.granteePrincipal());
            if (byGrantee != null) {
                byGrantee.remove(g.grantId());
                if (byGrantee.isEmpty()) k.byGrantee.remove(g.granteePrincipal());
            }
            if (k.byId.isEmpty()) byKey.remove(g.key());
        }
        if (g.retiringPrincipal() != null) {
            Map<String, Entry> r = byRetiring.get(g.retiringPrincipal());
            if (r != null) {
                r.remove(g.grantId());
                if (r.isEmpty()) byRetiring.remove(g.retiringPrincipal());
            }
        }
    }

    // ------------------------------------------------------------------ re-reading from the store

    /** Re-reads one grant record: publishes a newer version, removes one the store no longer has. */
    Entry reload(Store store, KeyAddress key, String grantId) {
        Optional<Store.Entry> record = store.get(StorageLayout.grantPath(key, grantId));
        Entry current = byId.get(grantId);
        if (record.isEmpty()) {
            if (current != null && current.grant().key().equals(key)) remove(grantId);
            return null;
        }
        if (current != null && current.version() >= record.get().version()) return current;
        Entry e =
                new Entry(GrantCodec.decode(record.get().value()), record.get().version());
        put(e);
        return e;
    }

    /** Makes the view what the store holds (at load, and when the change feed lost changes). */
    void reloadAll(Store store) {
        Set<String> seen = new HashSet<>();
        for (Store.Entry e : store.scan(StorageLayout.GRANTS)) {
            if (!(StorageLayout.parse(e.key()) instanceof StorageLayout.GrantRecord r)) continue;
            seen.add(r.grantId());
            Entry current = byId.get(r.grantId());
            if (current == null || current.version() != e.version()) {
                put(new Entry(GrantCodec.decode(e.value()), e.version()));
            }
        }
        for (String id : List.copyOf(byId.keySet())) {
            if (!seen.contains(id)) remove(id);
        }
    }
}
