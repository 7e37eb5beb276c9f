package dev.trent.core.audit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One record of the audit journal: one line of a segment file,
 *
 * <pre>
 * {"seq":N,"prev":"&lt;64 hex&gt;","hash":"&lt;64 hex&gt;","event":&lt;the CloudTrail event JSON&gt;}\n
 * </pre>
 *
 * where {@code hash = SHA-256(prev || seq as 8 bytes big-endian || the event's bytes exactly as written)} and
 * {@code prev} is the {@code hash} of record {@code N-1} (32 zero bytes before the first record). The event's bytes
 * sit verbatim between the fixed prefix and the final {@code }}, so a verifier hashes exactly what was written; each
 * line is still plain JSON ({@code jq} reads it).
 *
 * @param seq the record's sequence number, from 1, without gaps over the whole journal
 * @param prev the previous record's hash as stored in this record
 * @param hash this record's hash as stored
 * @param event the event's JSON bytes
 */
public record JournalRecord(long seq, byte[] prev, byte[] hash, byte[] event) {
    public static final int HASH_LENGTH = 32;
    public static final byte[] GENESIS = new byte[HASH_LENGTH];
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] PREFIX_SEQ = ascii("{\"seq\":");
    private static final byte[] PREFIX_PREV = ascii(",\"prev\":\"");
    private static final byte[] PREFIX_HASH = ascii("\",\"hash\":\"");
    private static final byte[] PREFIX_EVENT = ascii("\",\"event\":");

    /** A new record chained to {@code prev}. */
    public static JournalRecord chain(long seq, byte[] prev, byte[] event) {
        return new JournalRecord(seq, prev, hash(prev, seq, event), event);
    }

    /** The chain hash of a record's parts. */
    public static byte[] hash(byte[] prev, long seq, byte[] event) {
        return hash(sha256(), prev, seq, event, 0, event.length);
    }

    /** The chain hash of a record whose event is {@code event[off, off + len)}, with a digest the caller owns. */
    public static byte[] hash(MessageDigest sha, byte[] prev, long seq, byte[] event, int off, int len) {
        sha.reset();
        sha.update(prev);
        for (int i = 7; i >= 0; i--) sha.update((byte) (seq >>> (8 * i)));
        sha.update(event, off, len);
        return sha.digest();
    }

    /** Whether the stored hash is the hash of the stored parts (the record was not altered on its own). */
    public boolean selfConsistent() {
        return MessageDigest.isEqual(hash, hash(prev, seq, event));
    }

    /** The line, with its final newline. */
    public byte[] line() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(event.length + 200);
        appendLine(out, seq, prev, hash, event, 0, event.length);
        return out.toByteArray();
    }

    /**
     * Appends the line of a record (with its final newline) whose event is {@code event[off, off + len)} to
     * {@code out}, and returns the line's length.
     */
    public static int appendLine(
            ByteArrayOutputStream out, long seq, byte[] prev, byte[] hash, byte[] event, int off, int len) {
        int before = out.size();
        out.write(PREFIX_SEQ, 0, PREFIX_SEQ.length);
        byte[] digits = ascii(Long.toString(seq));
        out.write(digits, 0, digits.length);
        out.write(PREFIX_PREV, 0, PREFIX_PREV.length);
        byte[] hex = new byte[2 * HASH_LENGTH];
        out.write(hex(prev, hex), 0, hex.length);
        out.write(PREFIX_HASH, 0, PREFIX_HASH.length);
        out.write(hex(hash, hex), 0, hex.length);
        out.write(PREFIX_EVENT, 0, PREFIX_EVENT.length);
        out.write(event, off, len);
        out.write('}');
        out.write('\n');
        return out.size() - before;
    }

    private static final byte[] HEX_DIGITS = ascii("0123456789abcdef");

    private static byte[] hex(byte[] b, byte[] into) {
        for (int i = 0; i < HASH_LENGTH; i++) {
            into[2 * i] = HEX_DIGITS[(b[i] >> 4) & 0xF];
            into[2 * i + 1] = HEX_DIGITS[b[i] & 0xF];
        }
        return into;
    }

    /**
     * Parses one line (without its newline).
     *
     * @throws IllegalArgumentException if it is not a record line
     */
    public static JournalRecord parse(byte[] line, int from, int to) {
        int p = expect(line, from, to, PREFIX_SEQ);
        int seqEnd = p;
        while (seqEnd < to && line[seqEnd] >= '0' && line[seqEnd] <= '9') seqEnd++;
        if (seqEnd == p || seqEnd - p > 19) throw new IllegalArgumentException("no sequence number");
        long seq = Long.parseLong(new String(line, p, seqEnd - p, StandardCharsets.US_ASCII));
        p = expect(line, seqEnd, to, PREFIX_PREV);
        byte[] prev = hex(line, p, to);
        p = expect(line, p + 2 * HASH_LENGTH, to, PREFIX_HASH);
        byte[] hash = hex(line, p, to);
        p = expect(line, p + 2 * HASH_LENGTH, to, PREFIX_EVENT);
        if (to - p < 3 || line[to - 1] != '}' || line[p] != '{') throw new IllegalArgumentException("no event");
        return new JournalRecord(seq, prev, hash, Arrays.copyOfRange(line, p, to - 1));
    }

    private static int expect(byte[] line, int p, int to, byte[] prefix) {
        if (to - p < prefix.length || !Arrays.equals(line, p, p + prefix.length, prefix, 0, prefix.length)) {
            throw new IllegalArgumentException("not a journal record");
        }
        return p + prefix.length;
    }

    private static byte[] hex(byte[] line, int p, int to) {
        if (to - p < 2 * HASH_LENGTH) throw new IllegalArgumentException("truncated hash");
        try {
            return HEX.parseHex(new String(line, p, 2 * HASH_LENGTH, StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad hash");
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] hexBytes(String s) {
        return HEX.parseHex(s);
    }

    static String hex(byte[] b) {
        return HEX.formatHex(b);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
