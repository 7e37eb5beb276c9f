package dev.trent.crypto;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * Canonical byte encoding of a KMS encryption context, used as associated data.
 *
 * <pre>
 * encoding = count:uint32be  entry*
 * entry    = keyLength:uint32be  key:UTF-8  valueLength:uint32be  value:UTF-8
 * </pre>
 *
 * <ul>
 *   <li>Entries are sorted by key, comparing the keys' UTF-8 bytes as unsigned bytes
 *       lexicographically (a shorter key that is a prefix of a longer one sorts first). The map's
 *       iteration order therefore never matters.
 *   <li>Every key and value is length-prefixed, so no two different contexts share an encoding
 *       (e.g. {@code {"ab":"c"}} and {@code {"a":"bc"}} differ).
 *   <li>A {@code null} map and an empty map both encode to the fixed 4 bytes {@code 00 00 00 00}
 *       (count 0): AWS KMS treats an absent and an empty encryption context alike.
 *   <li>Strings must be well-formed Unicode: an unpaired surrogate is rejected with {@link
 *       IllegalArgumentException} rather than silently replaced (which would let two different
 *       strings encode alike). Null keys or values are rejected too. No Unicode normalisation is
 *       applied: strings are bound exactly as given.
 * </ul>
 */
public final class EncryptionContextEncoding {

    private static final byte[] EMPTY_CONTEXT = {0, 0, 0, 0};

    private EncryptionContextEncoding() {}

    /** Returns the canonical encoding of {@code context}; see the class documentation. */
    public static byte[] canonical(Map<String, String> context) {
        if (context == null || context.isEmpty()) {
            return EMPTY_CONTEXT.clone();
        }
        int n = context.size();
        byte[][] keys = new byte[n][];
        byte[][] values = new byte[n][];
        Integer[] order = new Integer[n];
        long total = 4;
        int i = 0;
        for (Map.Entry<String, String> e : context.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                throw new IllegalArgumentException("encryption context keys and values must not be null");
            }
            keys[i] = utf8(e.getKey());
            values[i] = utf8(e.getValue());
            total += 8L + keys[i].length + values[i].length;
            order[i] = i;
            i++;
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("encryption context too large");
        }
        Arrays.sort(order, (a, b) -> Arrays.compareUnsigned(keys[a], keys[b]));
        ByteBuffer out = ByteBuffer.allocate((int) total);
        out.putInt(n);
        for (int k = 0; k < n; k++) {
            int idx = order[k];
            if (k > 0 && Arrays.equals(keys[idx], keys[order[k - 1]])) {
                throw new IllegalArgumentException("duplicate encryption context key");
            }
            out.putInt(keys[idx].length).put(keys[idx]);
            out.putInt(values[idx].length).put(values[idx]);
        }
        return out.array();
    }

    private static byte[] utf8(String s) {
        if (!hasSurrogate(s)) {
            return s.getBytes(StandardCharsets.UTF_8); // exact: nothing that could be malformed
        }
        try {
            ByteBuffer b = StandardCharsets.UTF_8
                    .newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(s));
            byte[] bytes = new byte[b.remaining()];
            b.get(bytes);
            return bytes;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("encryption context is not well-formed Unicode", e);
        }
    }

    private static boolean hasSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isSurrogate(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
