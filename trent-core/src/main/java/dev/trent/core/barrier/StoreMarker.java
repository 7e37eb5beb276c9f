package dev.trent.core.barrier;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The store's rollback marker, kept sealed in the store beside the records it describes and rewritten by every
 * write (see {@link SealedStore}): which store this is, the sequence of the newest write, and a digest of which
 * version of every record the store holds.
 *
 * @param storeId 16 random bytes naming this store for its life (a restored copy keeps it)
 * @param sequence the write sequence of the newest write (also the sequence the marker is sealed with)
 * @param digest the XOR of {@link Barrier#recordTag} over (key, sequence) of every record but the marker
 * @param storeVersion the store's {@link dev.trent.core.store.Store.Entry#version()} of the marker record (not
 *     sealed: the precondition of the next write)
 */
record StoreMarker(byte[] storeId, long sequence, byte[] digest, long storeVersion) {
    static final int ID_LENGTH = 16;
    private static final int MAGIC = 0x54524d31; // "TRM1"
    private static final int LENGTH = 4 + ID_LENGTH + Long.BYTES + Barrier.TAG_LENGTH;

    StoreMarker {
        if (storeId.length != ID_LENGTH || digest.length != Barrier.TAG_LENGTH) {
            throw new IllegalArgumentException("bad marker");
        }
    }

    byte[] encode() {
        return ByteBuffer.allocate(LENGTH)
                .putInt(MAGIC)
                .put(storeId)
                .putLong(sequence)
                .put(digest)
                .array();
    }

    /** Decodes a marker's plaintext; {@code storeVersion} comes from the store. */
    static StoreMarker decode(byte[] plain, long storeVersion) {
        if (plain.length != LENGTH) throw new Barrier.BarrierException("the store's rollback marker is malformed");
        ByteBuffer b = ByteBuffer.wrap(plain);
        if (b.getInt() != MAGIC) throw new Barrier.BarrierException("the store's rollback marker is malformed");
        byte[] id = new byte[ID_LENGTH];
        b.get(id);
        long sequence = b.getLong();
        byte[] digest = new byte[Barrier.TAG_LENGTH];
        b.get(digest);
        return new StoreMarker(id, sequence, digest, storeVersion);
    }

    StoreMarker withStoreVersion(long version) {
        return new StoreMarker(storeId, sequence, digest, version);
    }

    /** The store id in a form for messages (hex of the first 4 bytes). */
    String shortId() {
        return java.util.HexFormat.of().formatHex(Arrays.copyOf(storeId, 4));
    }

    static void xor(byte[] into, byte[] tag) {
        for (int i = 0; i < into.length; i++) into[i] ^= tag[i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoreMarker m
                && Arrays.equals(storeId, m.storeId)
                && sequence == m.sequence
                && Arrays.equals(digest, m.digest)
                && storeVersion == m.storeVersion;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(sequence);
    }

    @Override
    public String toString() {
        return "StoreMarker[" + shortId() + ", sequence " + sequence + "]";
    }
}
