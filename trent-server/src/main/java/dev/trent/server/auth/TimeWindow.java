package dev.trent.server.auth;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * The request date and expiry checks, in this order:
 * <ol>
 *   <li>{@code X-Amz-Expires} (presigned) must be an integer in [0, 604800] (S3's wording, as
 *       {@code IncompleteSignatureException}: "X-Amz-Expires should be a number", "X-Amz-Expires must be
 *       non-negative", "X-Amz-Expires must be less than a week (in seconds) that is 604800").</li>
 *   <li>The date ({@code X-Amz-Date}, else {@code Date}; presigned: the {@code X-Amz-Date} parameter) must be
 *       ISO 8601 basic {@code yyyyMMdd'T'HHmmss'Z'}: else {@code IncompleteSignatureException} "Date must be in
 *       ISO-8601 'basic format'. Got '&lt;value&gt;'. See http://en.wikipedia.org/wiki/ISO_8601".</li>
 *   <li>Time window against the injected {@link Clock}, ±15 minutes inclusive (whole seconds):
 *       {@code InvalidSignatureException} "Signature expired: 20261123T101500Z is now earlier than
 *       20261123T102000Z (20261123T103500Z - 15 min.)" or "Signature not yet current: &lt;t&gt; is still later
 *       than &lt;now+15&gt; (&lt;now&gt; + 15 min.)". A presigned request with {@code X-Amz-Expires=N} expires
 *       strictly N seconds after its date ("Signature expired: &lt;t&gt; is now earlier than &lt;now-N&gt;
 *       (&lt;now&gt; - N sec.)", "N min." when N is whole minutes); without it the ±15 minute rule applies, as in
 *       the AWS JSON services (which ignore X-Amz-Expires). N is capped by the service's
 *       {@link SigningRules#maxPresignedSeconds()}: 15 minutes for the AWS JSON services, so a presigned request
 *       to KMS never lives longer than a header-signed one.</li>
 * </ol>
 */
final class TimeWindow {

    private static final long SKEW_SECONDS = SigV4Verifier.MAX_CLOCK_SKEW.toSeconds();
    private static final DateTimeFormatter BASIC_ISO =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Clock clock;

    TimeWindow(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param date    the request date as sent
     * @param expires the {@code X-Amz-Expires} value as sent, or {@code null}
     * @param maxPresignedSeconds the longest a presigned request may live for this service, whatever
     *     {@code X-Amz-Expires} says ({@link SigningRules#maxPresignedSeconds()})
     * @return the request date in epoch seconds
     */
    long check(String date, String expires, long maxPresignedSeconds) throws AuthException {
        long expiresSeconds = expires == null ? -1 : parseExpires(expires);
        long signedAt = parseBasicIso(date);
        if (signedAt == Long.MIN_VALUE) {
            throw AuthException.incomplete("Date must be in ISO-8601 'basic format'. Got '" + date
                    + "'. See http://en.wikipedia.org/wiki/ISO_8601");
        }
        long now = clock.instant().getEpochSecond();
        if (signedAt > now + SKEW_SECONDS) {
            throw AuthException.invalid("Signature not yet current: " + iso(signedAt) + " is still later than "
                    + iso(now + SKEW_SECONDS) + " (" + iso(now) + " + 15 min.)");
        }
        long window = expiresSeconds >= 0 ? Math.min(expiresSeconds, maxPresignedSeconds) : SKEW_SECONDS;
        if (signedAt < now - window) {
            throw AuthException.invalid("Signature expired: " + iso(signedAt) + " is now earlier than "
                    + iso(now - window) + " (" + iso(now) + " - " + durationText(window) + ".)");
        }
        return signedAt;
    }

    private static long parseExpires(String value) throws AuthException {
        if (!value.isEmpty() && value.charAt(0) == '-' && allDigits(value, 1)) {
            throw AuthException.incomplete("X-Amz-Expires must be non-negative");
        }
        if (!allDigits(value, 0)) {
            throw AuthException.incomplete("X-Amz-Expires should be a number");
        }
        if (value.length() > 7 || Long.parseLong(value) > SigV4Verifier.MAX_PRESIGN_EXPIRES_SECONDS) {
            throw AuthException.incomplete("X-Amz-Expires must be less than a week (in seconds) that is 604800");
        }
        return Long.parseLong(value);
    }

    private static boolean allDigits(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return from < s.length();
    }

    /** Epoch seconds of {@code yyyyMMdd'T'HHmmss'Z'}, or {@link Long#MIN_VALUE} if it is not exactly that. */
    static long parseBasicIso(String s) {
        if (s.length() != 16 || s.charAt(8) != 'T' || s.charAt(15) != 'Z') {
            return Long.MIN_VALUE;
        }
        for (int i = 0; i < 15; i++) {
            if (i != 8 && (s.charAt(i) < '0' || s.charAt(i) > '9')) {
                return Long.MIN_VALUE;
            }
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 4, 2);
        int day = digits(s, 6, 2);
        int hour = digits(s, 9, 2);
        int minute = digits(s, 11, 2);
        int second = digits(s, 13, 2);
        if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) {
            return Long.MIN_VALUE;
        }
        try {
            return LocalDate.of(year, month, day).toEpochDay() * 86_400L + hour * 3600L + minute * 60L + second;
        } catch (DateTimeException e) { // e.g. 20150231
            return Long.MIN_VALUE;
        }
    }

    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            v = v * 10 + (s.charAt(i) - '0');
        }
        return v;
    }

    private static String iso(long epochSecond) {
        return BASIC_ISO.format(Instant.ofEpochSecond(epochSecond));
    }

    private static String durationText(long seconds) {
        return seconds % 60 == 0 ? (seconds / 60) + " min" : seconds + " sec";
    }
}
