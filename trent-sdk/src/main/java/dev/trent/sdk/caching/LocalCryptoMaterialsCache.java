package dev.trent.sdk.caching;

import dev.trent.sdk.materials.DecryptionMaterials;
import dev.trent.sdk.materials.EncryptionMaterials;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * An in-memory, thread-safe, least-recently-used cryptographic materials cache with a fixed capacity. Entries
 * hold their own copy of the plaintext data key, which is zeroed when the entry is evicted or expires. Several
 * caching CMMs may share one cache; their entries are kept apart by their partition names.
 */
public final class LocalCryptoMaterialsCache {
    private final int capacity;
    private final LongSupplier clock;
    private final LinkedHashMap<String, CacheEntry> map;

    public LocalCryptoMaterialsCache(int capacity) {
        this(capacity, System::nanoTime);
    }

    /** @param nanoClock monotonic clock in nanoseconds (injectable for tests) */
    public LocalCryptoMaterialsCache(int capacity, LongSupplier nanoClock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("Cache capacity must be at least 1");
        }
        this.capacity = capacity;
        this.clock = nanoClock;
        this.map = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, CacheEntry> eldest) {
                if (size() > LocalCryptoMaterialsCache.this.capacity) {
                    eldest.getValue().destroy();
                    return true;
                }
                return false;
            }
        };
    }

    public int capacity() {
        return capacity;
    }

    /** Number of entries currently held (expired entries are only dropped when looked up or swept). */
    public synchronized int size() {
        return map.size();
    }

    long now() {
        return clock.getAsLong();
    }

    /**
     * Returns a copy of the encryption materials under {@code id} after charging one message of
     * {@code plaintextBytes} to the entry, or null if there is no live entry or the charge would exceed the limits
     * (the entry is then removed).
     */
    synchronized EncryptionMaterials useEncryption(
            String id, long plaintextBytes, long maxAgeNanos, long maxMessages, long maxBytes) {
        CacheEntry e = liveEntry(id, maxAgeNanos);
        if (e == null || e.encryption == null) {
            return null;
        }
        long messages = e.messages + 1;
        long bytes = e.bytes + plaintextBytes;
        if (messages > maxMessages || bytes > maxBytes || bytes < 0) {
            remove(id);
            return null;
        }
        e.messages = messages;
        e.bytes = bytes;
        return e.encryption.copy();
    }

    synchronized void putEncryption(String id, EncryptionMaterials materials, long plaintextBytes) {
        CacheEntry e = new CacheEntry(now(), materials.copy(), null);
        e.messages = 1;
        e.bytes = plaintextBytes;
        CacheEntry old = map.put(id, e);
        if (old != null) {
            old.destroy();
        }
    }

    synchronized DecryptionMaterials getDecryption(String id, long maxAgeNanos) {
        CacheEntry e = liveEntry(id, maxAgeNanos);
        return e == null || e.decryption == null ? null : e.decryption.copy();
    }

    synchronized void putDecryption(String id, DecryptionMaterials materials) {
        CacheEntry old = map.put(id, new CacheEntry(now(), null, materials.copy()));
        if (old != null) {
            old.destroy();
        }
    }

    private CacheEntry liveEntry(String id, long maxAgeNanos) {
        CacheEntry e = map.get(id);
        if (e != null && now() - e.created >= maxAgeNanos) {
            remove(id);
            return null;
        }
        return e;
    }

    private void remove(String id) {
        CacheEntry e = map.remove(id);
        if (e != null) {
            e.destroy();
        }
    }

    /** Drops every entry older than {@code maxAgeNanos}. */
    public synchronized void sweep(long maxAgeNanos) {
        long t = now();
        for (Iterator<CacheEntry> it = map.values().iterator(); it.hasNext(); ) {
            CacheEntry e = it.next();
            if (t - e.created >= maxAgeNanos) {
                e.destroy();
                it.remove();
            }
        }
    }

    /** Removes all entries, zeroing their data keys. */
    public synchronized void clear() {
        map.values().forEach(CacheEntry::destroy);
        map.clear();
    }

    private static final class CacheEntry {
        final long created;
        final EncryptionMaterials encryption;
        final DecryptionMaterials decryption;
        long messages;
        long bytes;

        CacheEntry(long created, EncryptionMaterials encryption, DecryptionMaterials decryption) {
            this.created = created;
            this.encryption = encryption;
            this.decryption = decryption;
        }

        void destroy() {
            if (encryption != null) {
                encryption.destroy();
            }
            if (decryption != null) {
                decryption.destroy();
            }
        }
    }
}
