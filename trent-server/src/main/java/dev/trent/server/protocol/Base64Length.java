package dev.trent.server.protocol;

/**
 * Measures base64 text without decoding it.
 *
 * <p>Accepts exactly what {@link java.util.Base64#getDecoder()} accepts (standard alphabet,
 * padding optional but correct when present, no whitespace), so a blob that passes validation
 * also decodes in the operation handler.
 */
final class Base64Length {

    private static final boolean[] ALPHABET = new boolean[128];

    static {
        for (char c = 'A'; c <= 'Z'; c++) {
            ALPHABET[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            ALPHABET[c] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            ALPHABET[c] = true;
        }
        ALPHABET['+'] = true;
        ALPHABET['/'] = true;
    }

    private Base64Length() {}

    /** The number of bytes {@code text} decodes to, or -1 if it is not valid base64. */
    static long decodedLength(String text) {
        int n = text.length();
        int pad = 0;
        while (pad < 2 && n - pad > 0 && text.charAt(n - pad - 1) == '=') {
            pad++;
        }
        int data = n - pad;
        for (int i = 0; i < data; i++) {
            char c = text.charAt(i);
            if (c >= 128 || !ALPHABET[c]) {
                return -1;
            }
        }
        int rest = data & 3;
        if (pad > 0) {
            if ((rest == 2 && pad != 2) || (rest == 3 && pad != 1) || rest < 2) {
                return -1;
            }
        } else if (rest == 1) {
            return -1;
        }
        return (long) (data >>> 2) * 3 + (rest == 0 ? 0 : rest - 1);
    }
}
