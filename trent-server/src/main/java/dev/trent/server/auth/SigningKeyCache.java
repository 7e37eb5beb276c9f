package dev.trent.server.auth;

import dev.trent.crypto.ConstantTime;

/**
 * A bounded, lock-free cache of SigV4 signing keys, keyed by (access key id, scope date, region, service) and
 * guarded by the secret the key was derived from.
 *
 * <p>Two-way set-associative over a fixed power-of-two array: a lookup reads two slots, an insert overwrites one.
 * Entries are immutable (all fields final, arrays never mutated after construction), so racy reads of the slot
 * array are safe under the Java memory model and no locking is needed. The memory bound is
 * {@code slots * ~250 bytes}.
 *
 * <p>Staleness: an entry holds a private copy of the secret it was derived from and is used only if that copy
 * equals the secret the lookup returned now (compared with {@link ConstantTime#equals}, constant time). A
 * rotated secret therefore never hits an old signing key, and no invalidation call is needed.
 */
final class SigningKeyCache {

    private static final class Entry {
        final String accessKeyId;
        final String date;
        final String region;
        final String service;
        final byte[] secret;
        final byte[] signingKey;

        Entry(String accessKeyId, String date, String region, String service, byte[] secret, byte[] signingKey) {
            this.accessKeyId = accessKeyId;
            this.date = date;
            this.region = region;
            this.service = service;
            this.secret = secret.clone();
            this.signingKey = signingKey.clone();
        }

        boolean matches(String accessKeyId, String date, String region, String service, byte[] secret) {
            return this.date.equals(date)
                    && this.accessKeyId.equals(accessKeyId)
                    && this.region.equals(region)
                    && this.service.equals(service)
                    && ConstantTime.equals(this.secret, secret);
        }
    }

    private final Entry[] slots;
    private final int mask;

    SigningKeyCache(int capacity) {
        int size = capacity <= 2 ? 2 : Integer.highestOneBit(capacity - 1) << 1; // next power of two >= capacity
        this.slots = new Entry[size];
        this.mask = size - 1;
    }

    int capacity() {
        return slots.length;
    }

    /** The cached signing key (do not modify it), or {@code null}. */
    byte[] get(String accessKeyId, String date, String region, String service, byte[] secret) {
        int i = index(accessKeyId, date, region, service);
        Entry e = slots[i];
        if (e != null && e.matches(accessKeyId, date, region, service, secret)) {
            return e.signingKey;
        }
        e = slots[i ^ 1];
        if (e != null && e.matches(accessKeyId, date, region, service, secret)) {
            return e.signingKey;
        }
        return null;
    }

    void put(String accessKeyId, String date, String region, String service, byte[] secret, byte[] signingKey) {
        int i = index(accessKeyId, date, region, service);
        Entry fresh = new Entry(accessKeyId, date, region, service, secret, signingKey);
        Entry a = slots[i];
        if (a == null || a.accessKeyId.equals(accessKeyId)) {
            slots[i] = fresh; // empty, or an older date/secret of the same key: replace it
        } else {
            slots[i ^ 1] = fresh; // the first way is another key's: take (or evict) the second way
        }
    }

    private int index(String accessKeyId, String date, String region, String service) {
        int h = accessKeyId.hashCode();
        h = 31 * h + date.hashCode();
        h = 31 * h + region.hashCode();
        h = 31 * h + service.hashCode();
        h ^= (h >>> 16);
        h *= 0x9E3779B1;
        h ^= (h >>> 15);
        return h & mask;
    }
}
