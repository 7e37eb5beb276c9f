package dev.trent.core.kms;

import java.util.Collections;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;

/**
 * A key's material ring: every version of its material, by version number, and the current one (the highest).
 * Immutable: {@link #with} returns a new ring, so a ring handed to a reader never changes under it (Vault's
 * keyrings are never mutated in place). Encrypt uses {@link #current()}; Decrypt the version its ciphertext
 * names.
 */
public final class KeyMaterials {
    private static final KeyMaterials EMPTY = new KeyMaterials(new TreeMap<>());

    private final TreeMap<Integer, KeyMaterial> byVersion;
    private final int currentVersion;
    private final KeyMaterial current;

    private KeyMaterials(TreeMap<Integer, KeyMaterial> byVersion) {
        this.byVersion = byVersion;
        this.currentVersion = byVersion.isEmpty() ? 0 : byVersion.lastKey();
        this.current = byVersion.isEmpty() ? null : byVersion.lastEntry().getValue();
    }

    public static KeyMaterials empty() {
        return EMPTY;
    }

    public static KeyMaterials of(int version, KeyMaterial material) {
        return EMPTY.with(version, material);
    }

    /** A ring with {@code material} added as {@code version}; the current version is then the highest. */
    public KeyMaterials with(int version, KeyMaterial material) {
        if (version < 1) throw new IllegalArgumentException("material versions start at 1: " + version);
        if (byVersion.containsKey(version)) throw new IllegalArgumentException("version " + version + " exists");
        TreeMap<Integer, KeyMaterial> copy = new TreeMap<>(byVersion);
        copy.put(version, java.util.Objects.requireNonNull(material, "material"));
        return new KeyMaterials(copy);
    }

    /** A ring without {@code version} (deleted imported material); this ring if it has no such version. */
    public KeyMaterials without(int version) {
        if (!byVersion.containsKey(version)) return this;
        TreeMap<Integer, KeyMaterial> copy = new TreeMap<>(byVersion);
        copy.remove(version);
        return copy.isEmpty() ? EMPTY : new KeyMaterials(copy);
    }

    /** The material of {@code version}, or null if this ring has no such version. */
    public KeyMaterial get(int version) {
        return byVersion.get(version);
    }

    public boolean contains(int version) {
        return byVersion.containsKey(version);
    }

    /** The current (newest) material, or null for an empty ring. */
    public KeyMaterial current() {
        return current;
    }

    /** The current version, or 0 for an empty ring. */
    public int currentVersion() {
        return currentVersion;
    }

    /** The versions held, ascending. */
    public NavigableSet<Integer> versions() {
        return Collections.unmodifiableNavigableSet(byVersion.navigableKeySet());
    }

    public Map<Integer, KeyMaterial> asMap() {
        return Collections.unmodifiableMap(byVersion);
    }

    public int size() {
        return byVersion.size();
    }

    /** Zeroes every version's secret. Only for a ring nobody reads any more (a purged key). */
    public void destroy() {
        byVersion.values().forEach(KeyMaterial::destroy);
    }

    @Override
    public String toString() {
        return "KeyMaterials" + byVersion.keySet() + " current " + currentVersion;
    }
}
