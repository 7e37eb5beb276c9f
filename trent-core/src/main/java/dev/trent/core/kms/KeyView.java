package dev.trent.core.kms;

import dev.trent.core.store.Store;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory view of keys and aliases: lock-free to read (hash lookups, the hot path), changed only by the
 * {@link KeyRegistry} under its write lock, either after the store accepted a write of this node or when the
 * store says another node wrote (re-read from the store: {@link #reloadKey}, {@link #reloadAlias},
 * {@link #reloadAll}). Entries are replaced whole, never changed in place.
 */
final class KeyView {
    /** An alias and the store version of its record. */
    record AliasEntry(Alias alias, long version) {}

    private final ConcurrentHashMap<KeyAddress, KeyEntry> keys = new ConcurrentHashMap<>();
    /** Ciphertext headers name a key by UUID alone: the addresses holding each single-Region id. */
    private final ConcurrentHashMap<UUID, List<KeyAddress>> byUuid = new ConcurrentHashMap<>();
    /** The same for multi-Region ids, by their 128 bits (a header's flag says which map). */
    private final ConcurrentHashMap<UUID, List<KeyAddress>> byMrk = new ConcurrentHashMap<>();

    private final ConcurrentHashMap<AliasAddress, AliasEntry> aliases = new ConcurrentHashMap<>();

    // ------------------------------------------------------------------ reads (any thread)

    KeyEntry key(KeyAddress address) {
        return keys.get(address);
    }

    /** The addresses of the single-Region key {@code id} (usually one), or null. */
    List<KeyAddress> addressesOf(UUID id) {
        return byUuid.get(id);
    }

    /** The addresses of the key whose id has these 128 bits: a UUID, or a multi-Region id's (one per Region). */
    List<KeyAddress> addressesOf(UUID bits, boolean multiRegion) {
        return (multiRegion ? byMrk : byUuid).get(bits);
    }

    AliasEntry alias(AliasAddress address) {
        return aliases.get(address);
    }

    Iterable<KeyEntry> keys() {
        return keys.values();
    }

    Iterable<AliasEntry> aliases() {
        return aliases.values();
    }

    int keyCount() {
        return keys.size();
    }

    int aliasCount() {
        return aliases.size();
    }

    // ------------------------------------------------------------------ changes (registry's write lock held)

    void put(KeyEntry e) {
        KeyAddress a = e.key().address();
        keys.put(a, e);
        UUID uuid = a.id().bits();
        {
            (a.id().multiRegion() ? byMrk : byUuid).compute(uuid, (u, old) -> {
                if (old == null) return List.of(a);
                if (old.contains(a)) return old;
                List<KeyAddress> more = new ArrayList<>(old);
                more.add(a);
                return List.copyOf(more);
            });
        }
    }

    /** Removes the key and returns what the view held, so the caller can destroy its material. */
    KeyEntry remove(KeyAddress a) {
        KeyEntry old = keys.remove(a);
        UUID uuid = a.id().bits();
        {
            (a.id().multiRegion() ? byMrk : byUuid).computeIfPresent(uuid, (u, list) -> {
                List<KeyAddress> rest = new ArrayList<>(list);
                rest.remove(a);
                return rest.isEmpty() ? null : List.copyOf(rest);
            });
        }
        return old;
    }

    void put(AliasEntry e) {
        aliases.put(e.alias().address(), e);
    }

    void remove(AliasAddress a) {
        aliases.remove(a);
    }

    // ------------------------------------------------------------------ re-reading from the store

    /**
     * Re-reads one key (record and any material versions the view lacks) and publishes it if the store has a
     * newer version than the view; removes it if the store no longer has it.
     */
    void reloadKey(Store store, KeyAddress a) {
        KeyEntry current = keys.get(a);
        Optional<Store.Entry> record = store.get(StorageLayout.keyPath(a));
        if (record.isEmpty()) {
            if (current != null) destroy(remove(a));
            return;
        }
        if (current != null && current.version() >= record.get().version()) return;
        KmsKey k = KeyCodec.decode(record.get().value());
        KeyMaterials ring = current == null ? KeyMaterials.empty() : current.materials();
        for (int v : List.copyOf(ring.versions())) {
            KeyMaterialInfo info = k.material(v);
            // imported material deleted (or expired) on another node: the store no longer holds it
            if (info == null || (info.imported() != null && !info.imported().isImported())) ring = ring.without(v);
        }
        for (KeyMaterialInfo info : k.materials()) {
            if (info.imported() != null && !info.imported().isImported()) continue;
            if (ring.contains(info.version())) continue;
            Optional<Store.Entry> m = store.get(StorageLayout.materialPath(a, info.version()));
            if (m.isPresent())
                ring = ring.with(
                        info.version(), KeyMaterial.decode(k.keySpec(), m.get().value()));
        }
        put(new KeyEntry(k, ring, record.get().version()));
    }

    /** Re-reads one alias: publishes a newer version, removes one the store no longer has. */
    void reloadAlias(Store store, AliasAddress a) {
        AliasEntry current = aliases.get(a);
        Optional<Store.Entry> record = store.get(StorageLayout.aliasPath(a));
        if (record.isEmpty()) {
            remove(a);
        } else if (current == null || current.version() < record.get().version()) {
            put(new AliasEntry(
                    KeyCodec.decodeAlias(record.get().value()), record.get().version()));
        }
    }

    /**
     * Makes the view what the store holds (at load, and when the change feed lost changes): entries the store
     * has at the version the view holds are kept as they are, others replaced, and the rest removed.
     */
    void reloadAll(Store store) {
        Map<KeyAddress, Map<Integer, byte[]>> material = new HashMap<>();
        for (Store.Entry e : store.scan(StorageLayout.MATERIAL)) {
            if (StorageLayout.parse(e.key()) instanceof StorageLayout.MaterialRecord m) {
                material.computeIfAbsent(m.address(), x -> new HashMap<>()).put(m.version(), e.value());
            }
        }
        Set<KeyAddress> seenKeys = new HashSet<>();
        for (Store.Entry e : store.scan(StorageLayout.KEYS)) {
            if (!(StorageLayout.parse(e.key()) instanceof StorageLayout.KeyRecord r)) continue;
            seenKeys.add(r.address());
            Map<Integer, byte[]> versions = material.getOrDefault(r.address(), Map.of());
            KeyEntry current = keys.get(r.address());
            if (current != null && current.version() == e.version() && current.version() != 0) {
                versions.values().forEach(b -> java.util.Arrays.fill(b, (byte) 0));
                continue;
            }
            KmsKey k = KeyCodec.decode(e.value());
            KeyMaterials ring = KeyMaterials.empty();
            for (Map.Entry<Integer, byte[]> m : versions.entrySet()) {
                ring = ring.with(m.getKey(), KeyMaterial.decode(k.keySpec(), m.getValue()));
            }
            put(new KeyEntry(k, ring, e.version()));
        }
        for (KeyEntry e : List.copyOf(keys.values())) {
            KeyAddress a = e.key().address();
            if (!seenKeys.contains(a)) destroy(remove(a));
        }
        Set<AliasAddress> seenAliases = new HashSet<>();
        for (Store.Entry e : store.scan(StorageLayout.ALIASES)) {
            if (!(StorageLayout.parse(e.key()) instanceof StorageLayout.AliasRecord r)) continue;
            seenAliases.add(r.address());
            AliasEntry current = aliases.get(r.address());
            if (current == null || current.version() != e.version() || e.version() == 0) {
                put(new AliasEntry(KeyCodec.decodeAlias(e.value()), e.version()));
            }
        }
        aliases.keySet().removeIf(a -> !seenAliases.contains(a));
    }

    private static void destroy(KeyEntry removed) {
        if (removed != null) removed.materials().destroy();
    }
}
