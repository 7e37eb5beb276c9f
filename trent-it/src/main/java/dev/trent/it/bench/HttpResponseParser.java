package dev.trent.it.bench;

/**
 * The little HTTP/1.1 response parsing a load generator needs, on a byte array: where the head ends, the status
 * code, and {@code Content-Length}. Deliberately minimal (no chunked encoding: both servers measured here always
 * send {@code Content-Length}) so that the client spends its CPU on sending, not on parsing.
 */
final class HttpResponseParser {
    private static final byte[] CONTENT_LENGTH = "content-length:".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private HttpResponseParser() {}

    /** Index of the {@code \r\n\r\n} that ends the head, searching {@code [from, to)}, or -1. */
    static int indexOfHeaderEnd(byte[] b, int from, int to) {
        for (int i = Math.max(0, from); i + 3 < to; i++) {
            if (b[i + 3] == '\n' && b[i + 2] == '\r' && b[i + 1] == '\n' && b[i] == '\r') return i;
        }
        return -1;
    }

    /** The status code of {@code HTTP/1.x NNN ...}, or -1 if the status line is not that. */
    static int status(byte[] b) {
        if (b.length < 12 || b[0] != 'H' || b[8] != ' ') return -1;
        int s = 0;
        for (int i = 9; i < 12; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) return -1;
            s = s * 10 + d;
        }
        return s;
    }

    /** The {@code Content-Length} value in the head {@code [0, headEnd)}, or -1 if absent or malformed. */
    static int contentLength(byte[] b, int headEnd) {
        int line = 0;
        while (line < headEnd) {
            int eol = line;
            while (eol < headEnd && b[eol] != '\r') eol++;
            if (eol - line > CONTENT_LENGTH.length && startsWithIgnoreCase(b, line, CONTENT_LENGTH)) {
                int i = line + CONTENT_LENGTH.length;
                while (i < eol && b[i] == ' ') i++;
                long v = 0;
                int digits = 0;
                for (; i < eol && b[i] >= '0' && b[i] <= '9'; i++, digits++) {
                    v = v * 10 + (b[i] - '0');
                    if (v > Integer.MAX_VALUE) return -1;
                }
                return digits == 0 ? -1 : (int) v;
            }
            line = eol + 2;
        }
        return -1;
    }

    private static boolean startsWithIgnoreCase(byte[] b, int at, byte[] lowerPrefix) {
        for (int i = 0; i < lowerPrefix.length; i++) {
            int c = b[at + i];
            if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
            if (c != lowerPrefix[i]) return false;
        }
        return true;
    }
}
