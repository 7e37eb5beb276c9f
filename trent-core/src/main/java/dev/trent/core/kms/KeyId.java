package dev.trent.core.kms;

import dev.trent.core.ServiceException;
import java.util.Locale;
import java.util.UUID;

/**
 * The id of a KMS key, in canonical form: a UUID in lower case ({@code 1234abcd-12ab-34cd-56ef-1234567890ab})
 * for single-Region keys, or {@code mrk-} and 32 lower-case hex digits for multi-Region keys (the same id for
 * the primary and every replica, one per Region).
 *
 * <p>UUIDs are accepted in either case (as resolution always has) and held in lower case; multi-Region ids only
 * in lower case, as AWS writes them.
 */
public final class KeyId {
    private static final String MRK = "mrk-";

    private final String value;
    private final UUID uuid;
    /** The 128 bits a ciphertext header holds: the UUID, or the 32 hex digits of an mrk- id. */
    private final UUID bits;

    private KeyId(String value, UUID uuid) {
        this.value = value;
        this.uuid = uuid;
        this.bits = uuid != null ? uuid : mrkBits(value);
    }

    private static UUID mrkBits(String value) {
        String hex = value.substring(MRK.length());
        return new UUID(Long.parseUnsignedLong(hex, 0, 16, 16), Long.parseUnsignedLong(hex, 16, 32, 16));
    }

    /** A fresh random multi-Region key id ({@code mrk-} and 32 hex digits). */
    public static KeyId randomMultiRegion(java.security.SecureRandom random) {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return new KeyId(MRK + java.util.HexFormat.of().formatHex(b), null);
    }

    /** The id a ciphertext header names: its 128 bits and whether they are a multi-Region id's. */
    public static KeyId fromBits(UUID bits, boolean multiRegion) {
        if (!multiRegion) return of(bits);
        return new KeyId(
                MRK + String.format("%016x%016x", bits.getMostSignificantBits(), bits.getLeastSignificantBits()), null);
    }

    /** The id of a single-Region key. */
    public static KeyId of(UUID uuid) {
        return new KeyId(uuid.toString(), uuid);
    }

    /** A fresh random single-Region key id. */
    public static KeyId random() {
        return of(UUID.randomUUID());
    }

    /**
     * Parses a key id (not an ARN, not an alias).
     *
     * @throws ServiceException {@code NotFoundException: Invalid keyId '<s>'} for anything else, as resolution
     *     answers a malformed key id
     */
    public static KeyId parse(String s) {
        KeyId id = tryParse(s);
        if (id == null) throw ServiceException.notFound("Invalid keyId '" + s + "'");
        return id;
    }

    /** Parses a key id, or returns null if {@code s} is not one. */
    public static KeyId tryParse(String s) {
        if (s == null) return null;
        if (s.length() == 36 && isUuid(s)) {
            String lower = s.toLowerCase(Locale.ROOT);
            return new KeyId(lower, UUID.fromString(lower));
        }
        if (s.length() == MRK.length() + 32 && s.startsWith(MRK)) {
            for (int i = MRK.length(); i < s.length(); i++) {
                if (!isLowerHex(s.charAt(i))) return null;
            }
            return new KeyId(s, null);
        }
        return null;
    }

    private static boolean isUuid(String s) {
        for (int i = 0; i < 36; i++) {
            char c = s.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : !isHex(c)) return false;
        }
        return true;
    }

    private static boolean isLowerHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    }

    private static boolean isHex(char c) {
        return isLowerHex(c) || (c >= 'A' && c <= 'F');
    }

    /** The canonical string form, as in ARNs and on the wire. */
    public String value() {
        return value;
    }

    /** Whether this is a multi-Region key id ({@code mrk-...}). */
    public boolean multiRegion() {
        return uuid == null;
    }

    /** The 128 bits a ciphertext header names for this id (see {@link #multiRegion()} for which kind). */
    public UUID bits() {
        return bits;
    }

    /** The UUID of a single-Region key id (what a ciphertext header names), or null for a multi-Region id. */
    public UUID uuid() {
        return uuid;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyId other && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}
