package dev.trent.server.auth;

/** Lower-case hex by table, for hashes and signatures. */
final class Hex {

    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private Hex() {}

    static String encode(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = DIGITS[(bytes[i] >> 4) & 0xf];
            out[2 * i + 1] = DIGITS[bytes[i] & 0xf];
        }
        return new String(out);
    }

    /** Writes the hex of {@code bytes} as ASCII into {@code out} at {@code p}; returns the position after it. */
    static int put(byte[] out, int p, byte[] bytes) {
        for (byte b : bytes) {
            out[p++] = (byte) DIGITS[(b >> 4) & 0xf];
            out[p++] = (byte) DIGITS[b & 0xf];
        }
        return p;
    }

    /** Whether {@code hex} (either case) is the hex of {@code bytes}. Not constant time: for public values. */
    static boolean equalsIgnoreCase(byte[] bytes, String hex) {
        if (hex.length() != bytes.length * 2) {
            return false;
        }
        for (int i = 0; i < bytes.length; i++) {
            char hi = Character.toLowerCase(hex.charAt(2 * i));
            char lo = Character.toLowerCase(hex.charAt(2 * i + 1));
            if (hi != DIGITS[(bytes[i] >> 4) & 0xf] || lo != DIGITS[bytes[i] & 0xf]) {
                return false;
            }
        }
        return true;
    }
}
