package dev.trent.core.barrier;

import dev.trent.crypto.Hkdf;
import dev.trent.crypto.SecretBytes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The barrier's keys, like Vault's keyring: numbered <i>terms</i> of 32-byte keys, one of them active (new values
 * are sealed with it), the others still opening what they sealed until a rotation has re-sealed it; and the key of
 * the store's record digest (see {@link SealedStore}), which stays the same across rotations. Never changed in
 * place: a rotation makes a new keyring.
 *
 * <p>Term 0 is the key file itself, as data directories of earlier builds were sealed directly under it (formats 1
 * and 2 of {@link Barrier}); terms from 1 on are random keys, stored wrapped under the root key
 * ({@link KeyringRecord}).
 *
 * <p>Encoding: {@code 0x01 || active(4) || digestKey(32) || count(4) || count × (term(4) || key(32))}.
 */
public final class Keyring implements AutoCloseable {
    static final byte[] DIGEST_INFO = "trent/barrier/record-digest/v1".getBytes(StandardCharsets.UTF_8);
    private static final byte FORMAT = 0x01;
    private static final int KEY = 32;

    private final int active;
    private final SecretBytes digestKey;
    private final SortedMap<Integer, SecretBytes> terms;

    private Keyring(int active, SecretBytes digestKey, SortedMap<Integer, SecretBytes> terms) {
        if (!terms.containsKey(active)) throw new IllegalArgumentException("the active term is not in the keyring");
        this.active = active;
        this.digestKey = digestKey;
        this.terms = Collections.unmodifiableSortedMap(terms);
    }

    /** A new keyring: term 1 and a digest key, both random. */
    public static Keyring create(SecureRandom random) {
        SortedMap<Integer, SecretBytes> t = new TreeMap<>();
        t.put(1, SecretBytes.random(random, KEY));
        return new Keyring(1, SecretBytes.random(random, KEY), t);
    }

    /** The keyring of a data directory sealed directly under its key file (term 0), as earlier builds made. */
    public static Keyring legacy(SecretBytes rootKey) {
        if (rootKey.length() != KEY) throw new IllegalArgumentException("root key must be 32 bytes");
        SortedMap<Integer, SecretBytes> t = new TreeMap<>();
        t.put(0, SecretBytes.copyOf(rootKey.reveal()));
        SecretBytes digest = SecretBytes.wrap(Hkdf.sha256(rootKey.reveal(), new byte[0], DIGEST_INFO, KEY));
        rootKey.destroy();
        return new Keyring(0, digest, t);
    }

    /** This keyring and a new random term, which becomes the active one. */
    public Keyring withNewTerm(SecureRandom random) {
        SortedMap<Integer, SecretBytes> t = copies();
        int next = terms.lastKey() + 1;
        t.put(next, SecretBytes.random(random, KEY));
        return new Keyring(next, SecretBytes.copyOf(digestKey.reveal()), t);
    }

    /** This keyring with only its active term: the others have nothing left to open. */
    public Keyring withoutRetiredTerms() {
        SortedMap<Integer, SecretBytes> t = new TreeMap<>();
        t.put(active, SecretBytes.copyOf(terms.get(active).reveal()));
        return new Keyring(active, SecretBytes.copyOf(digestKey.reveal()), t);
    }

    /** A copy of this keyring (the barrier owns and destroys its own). */
    public Keyring copy() {
        return new Keyring(active, SecretBytes.copyOf(digestKey.reveal()), copies());
    }

    private SortedMap<Integer, SecretBytes> copies() {
        SortedMap<Integer, SecretBytes> t = new TreeMap<>();
        terms.forEach((n, k) -> t.put(n, SecretBytes.copyOf(k.reveal())));
        return t;
    }

    public int activeTerm() {
        return active;
    }

    /** The terms, oldest first. */
    public java.util.Set<Integer> terms() {
        return terms.keySet();
    }

    /** Whether a rotation is under way: terms other than the active one still hold records. */
    public boolean rotating() {
        return terms.size() > 1;
    }

    SecretBytes key(int term) {
        return terms.get(term);
    }

    SecretBytes digestKey() {
        return digestKey;
    }

    /** The encoding (secret: the caller zeroes it). */
    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(1 + 4 + KEY + 4 + terms.size() * (4 + KEY));
        b.put(FORMAT).putInt(active).put(digestKey.reveal()).putInt(terms.size());
        terms.forEach((n, k) -> b.putInt(n).put(k.reveal()));
        return b.array();
    }

    /** Reads {@link #encode}'s output (not modified; the caller zeroes it). */
    public static Keyring decode(byte[] bytes) {
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            if (b.get() != FORMAT) throw new Barrier.BarrierException("the keyring is in an unknown format");
            int active = b.getInt();
            byte[] d = new byte[KEY];
            b.get(d);
            int n = b.getInt();
            if (n < 1 || n > 1024) throw new Barrier.BarrierException("the keyring is malformed");
            SortedMap<Integer, SecretBytes> t = new TreeMap<>();
            for (int i = 0; i < n; i++) {
                int term = b.getInt();
                byte[] k = new byte[KEY];
                b.get(k);
                t.put(term, SecretBytes.wrap(k));
            }
            if (b.hasRemaining()) throw new Barrier.BarrierException("the keyring is malformed");
            return new Keyring(active, SecretBytes.wrap(d), t);
        } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
            throw new Barrier.BarrierException("the keyring is malformed");
        }
    }

    @Override
    public void close() {
        digestKey.destroy();
        terms.values().forEach(SecretBytes::destroy);
    }

    @Override
    public String toString() {
        return "Keyring[active " + active + ", terms " + terms.keySet() + "]";
    }

    static void wipe(byte[] b) {
        if (b != null) Arrays.fill(b, (byte) 0);
    }
}
