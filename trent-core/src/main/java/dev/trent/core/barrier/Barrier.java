package dev.trent.core.barrier;

import dev.trent.crypto.AesGcm;
import dev.trent.crypto.HmacSha;
import dev.trent.crypto.SecretBytes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Seals and unseals every value Trent stores, with AES-256-GCM under the root key, bound to the record's identity
 * and to the write that made it.
 *
 * <p>Sealed layout (version 2): {@code 0x02 || sequence(8, big-endian) || iv(12) || ciphertext || tag(16)}. The
 * associated data is {@code "trent/barrier/v2" || 0x00 || sequence(8) || record identity (UTF-8)}: a sealed blob
 * only opens under the identity it was sealed for (blobs cannot be swapped between records), and its write
 * sequence (see {@link SealedStore}) cannot be changed without breaking the tag, so an older copy of a record
 * always says that it is older.
 *
 * <p>Version 1 ({@code 0x01 || iv || ciphertext || tag}, associated data {@code "trent/barrier/v1" || 0x00 ||
 * identity}) is what data directories of earlier builds hold; it still opens ({@link #sequenceOf} says
 * {@link #UNVERSIONED}) so that {@link SealedStore} can upgrade it once, and is never written.
 *
 * <p>Version 3 ({@code 0x03 || term(4) || sequence(8) || iv(12) || ciphertext || tag(16)}, associated data {@code
 * "trent/barrier/v3" || 0x00 || term(4) || sequence(8) || identity}) names the {@link Keyring} term that sealed it,
 * so a rotation only adds a term and re-seals: every value opens under the term it names. A keyring whose active
 * term is 0 (the key file of a data directory from before keyrings) still writes version 2.
 *
 * <p>{@link #recordTag} is a keyed MAC (HMAC-SHA-256 under a key derived from the root key) over an identity and a
 * sequence, from which {@link SealedStore} builds its digest of which version of every record the store holds.
 */
public final class Barrier implements AutoCloseable {
    private static final byte V1 = 0x01;
    private static final byte V2 = 0x02;
    private static final byte V3 = 0x03;
    private static final byte[] AAD_V1 = "trent/barrier/v1\0".getBytes(StandardCharsets.UTF_8);
    private static final byte[] AAD_V2 = "trent/barrier/v2\0".getBytes(StandardCharsets.UTF_8);
    private static final byte[] AAD_V3 = "trent/barrier/v3\0".getBytes(StandardCharsets.UTF_8);
    private static final int V2_HEADER = 1 + Long.BYTES;
    private static final int V3_HEADER = 1 + Integer.BYTES + Long.BYTES;

    /** The sequence {@link #sequenceOf} reports for a blob of the old, unversioned format. */
    public static final long UNVERSIONED = 0;

    /** Length of a {@link #recordTag} in bytes. */
    public static final int TAG_LENGTH = 32;

    private final SecureRandom random;
    private volatile Keys keys;
    private volatile Runnable refresher = () -> {};

    /** The keys of one keyring: AES-GCM per term, the active term, the digest MAC. */
    private record Keys(Keyring keyring, java.util.Map<Integer, AesGcm> aeads, HmacSha digestMac) {}

    /** A barrier sealed directly under {@code rootKey} (the key file of earlier builds: keyring term 0). */
    public Barrier(SecretBytes rootKey, SecureRandom random) {
        this(Keyring.legacy(rootKey), random);
    }

    /** A barrier over {@code keyring}, which it owns from now on (and destroys on close or replacement). */
    public Barrier(Keyring keyring, SecureRandom random) {
        this.random = random;
        this.keys = keysOf(keyring);
    }

    private Keys keysOf(Keyring keyring) {
        java.util.Map<Integer, AesGcm> aeads = new java.util.HashMap<>();
        for (int term : keyring.terms()) aeads.put(term, new AesGcm(keyring.key(term), random));
        return new Keys(
                keyring, java.util.Map.copyOf(aeads), new HmacSha(HmacSha.Algorithm.HMAC_SHA_256, keyring.digestKey()));
    }

    /**
     * Replaces the keyring (a rotation): new values are sealed with its active term; values of terms it no longer
     * has no longer open. Its digest key must be this barrier's.
     */
    public void update(Keyring keyring) {
        Keys old = keys;
        if (!dev.trent.crypto.ConstantTime.equals(
                old.keyring().digestKey().reveal(), keyring.digestKey().reveal())) {
            throw new IllegalArgumentException("a rotated keyring keeps the record digest key");
        }
        keys = keysOf(keyring);
        old.keyring().close(); // operations under way keep their own copies (AesGcm, HmacSha copy the keys)
    }

    /**
     * What re-reads the keyring when another process or node may have rotated it ({@link RootOfTrust}): run when a
     * value names a term this barrier does not hold, and by {@link #refresh}.
     */
    public void refreshWith(Runnable refresher) {
        this.refresher = refresher;
    }

    /** Re-reads the keyring (see {@link #refreshWith}). */
    public void refresh() {
        refresher.run();
    }

    /** The keyring term new values are sealed with. */
    public int activeTerm() {
        return keys.keyring().activeTerm();
    }

    /** A copy of the keyring in use (the caller closes it). */
    public Keyring keyring() {
        return keys.keyring().copy();
    }

    /** The keyring term a sealed blob names (0 for formats 1 and 2). */
    public static int termOf(String identity, byte[] sealed) {
        if (sealed != null && sealed.length > V3_HEADER && sealed[0] == V3) {
            return ByteBuffer.wrap(sealed, 1, Integer.BYTES).getInt();
        }
        sequenceOf(identity, sealed); // a blob in no known format says so
        return 0;
    }

    /**
     * Seals {@code plaintext} for the record {@code identity} as written by the write of sequence {@code sequence}
     * (at least 1).
     */
    public byte[] seal(String identity, long sequence, byte[] plaintext) {
        if (sequence < 1) throw new IllegalArgumentException("a write sequence starts at 1");
        Keys k = keys;
        int term = k.keyring().activeTerm();
        try {
            AesGcm aead = k.aeads().get(term);
            if (term != 0) {
                byte[] sealed = aead.encrypt(plaintext, aadV3(identity, term, sequence));
                byte[] out = new byte[V3_HEADER + sealed.length];
                out[0] = V3;
                ByteBuffer.wrap(out, 1, V3_HEADER - 1).putInt(term).putLong(sequence);
                System.arraycopy(sealed, 0, out, V3_HEADER, sealed.length);
                return out;
            }
            byte[] sealed = aead.encrypt(plaintext, aadV2(identity, sequence));
            byte[] out = new byte[V2_HEADER + sealed.length];
            out[0] = V2;
            ByteBuffer.wrap(out, 1, Long.BYTES).putLong(sequence);
            System.arraycopy(sealed, 0, out, V2_HEADER, sealed.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("sealing failed", e);
        }
    }

    /**
     * The write sequence a sealed blob claims ({@link #UNVERSIONED} for the old format), read from its header
     * without opening it: only {@link #unseal} proves the claim.
     *
     * @throws BarrierException if the blob is in no known format
     */
    public static long sequenceOf(String identity, byte[] sealed) {
        if (sealed != null && sealed.length > 0 && sealed[0] == V1) return UNVERSIONED;
        if (sealed != null && sealed.length > V2_HEADER && sealed[0] == V2) {
            long sequence = ByteBuffer.wrap(sealed, 1, Long.BYTES).getLong();
            if (sequence >= 1) return sequence;
        }
        if (sealed != null && sealed.length > V3_HEADER && sealed[0] == V3) {
            long sequence =
                    ByteBuffer.wrap(sealed, 1 + Integer.BYTES, Long.BYTES).getLong();
            if (sequence >= 1) return sequence;
        }
        throw new BarrierException("record '" + identity + "' is not sealed in a known format");
    }

    /**
     * Opens a sealed blob (either format) and returns its plaintext; the sequence it was sealed with is
     * {@link #sequenceOf}.
     *
     * @throws BarrierException if it was altered, sealed for another identity or sequence, or under another root key
     */
    public byte[] unseal(String identity, byte[] sealed) {
        long sequence = sequenceOf(identity, sealed);
        int term = termOf(identity, sealed);
        AesGcm aead = keys.aeads().get(term);
        if (aead == null) {
            refresh(); // a rotation elsewhere may have added it
            aead = keys.aeads().get(term);
        }
        if (aead == null) {
            throw new BarrierException("record '" + identity + "' is sealed with keyring term " + term
                    + ", which this keyring does not hold (sealed under another root key, or the keyring went back)");
        }
        try {
            if (sealed[0] == V3) {
                return aead.decrypt(
                        Arrays.copyOfRange(sealed, V3_HEADER, sealed.length), aadV3(identity, term, sequence));
            }
            if (sequence == UNVERSIONED) {
                return aead.decrypt(Arrays.copyOfRange(sealed, 1, sealed.length), aadV1(identity));
            }
            return aead.decrypt(Arrays.copyOfRange(sealed, V2_HEADER, sealed.length), aadV2(identity, sequence));
        } catch (GeneralSecurityException e) {
            throw new BarrierException("record '" + identity
                    + "' cannot be unsealed: it was altered, moved, or sealed under another root key");
        }
    }

    /**
     * A keyed tag of ({@code identity}, {@code sequence}): {@link #TAG_LENGTH} bytes that nobody without the root
     * key can compute, so a digest built from them cannot be adjusted to match a changed store.
     */
    public byte[] recordTag(String identity, long sequence) {
        byte[] id = identity.getBytes(StandardCharsets.UTF_8);
        byte[] data = new byte[Long.BYTES + id.length];
        ByteBuffer.wrap(data).putLong(sequence);
        System.arraycopy(id, 0, data, Long.BYTES, id.length);
        return keys.digestMac().compute(data);
    }

    private static byte[] aadV1(String identity) {
        byte[] id = identity.getBytes(StandardCharsets.UTF_8);
        byte[] aad = new byte[AAD_V1.length + id.length];
        System.arraycopy(AAD_V1, 0, aad, 0, AAD_V1.length);
        System.arraycopy(id, 0, aad, AAD_V1.length, id.length);
        return aad;
    }

    private static byte[] aadV3(String identity, int term, long sequence) {
        byte[] id = identity.getBytes(StandardCharsets.UTF_8);
        byte[] aad = new byte[AAD_V3.length + Integer.BYTES + Long.BYTES + id.length];
        System.arraycopy(AAD_V3, 0, aad, 0, AAD_V3.length);
        ByteBuffer.wrap(aad, AAD_V3.length, Integer.BYTES + Long.BYTES)
                .putInt(term)
                .putLong(sequence);
        System.arraycopy(id, 0, aad, AAD_V3.length + Integer.BYTES + Long.BYTES, id.length);
        return aad;
    }

    private static byte[] aadV2(String identity, long sequence) {
        byte[] id = identity.getBytes(StandardCharsets.UTF_8);
        byte[] aad = new byte[AAD_V2.length + Long.BYTES + id.length];
        System.arraycopy(AAD_V2, 0, aad, 0, AAD_V2.length);
        ByteBuffer.wrap(aad, AAD_V2.length, Long.BYTES).putLong(sequence);
        System.arraycopy(id, 0, aad, AAD_V2.length + Long.BYTES, id.length);
        return aad;
    }

    /**
     * Seals in the old format. Only for tests that build a data directory as earlier builds wrote it.
     *
     * @deprecated never used to write data; version 2 ({@link #seal(String, long, byte[])}) is
     */
    @Deprecated
    byte[] sealUnversioned(String identity, byte[] plaintext) {
        try {
            byte[] sealed = keys.aeads().get(keys.keyring().activeTerm()).encrypt(plaintext, aadV1(identity));
            byte[] out = new byte[sealed.length + 1];
            out[0] = V1;
            System.arraycopy(sealed, 0, out, 1, sealed.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("sealing failed", e);
        }
    }

    @Override
    public void close() {
        keys.keyring().close();
    }

    /** A sealed record failed to open. */
    public static class BarrierException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public BarrierException(String message) {
            super(message);
        }
    }
}
