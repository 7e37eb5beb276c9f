package dev.trent.server.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * Timestamps as the Query protocol writes them. Requests carry ISO 8601 ({@code 2026-01-02T03:04:05Z}, with or
 * without fractional seconds, {@code Z} or an offset); responses carry ISO 8601 in UTC with milliseconds when there
 * are any ({@code 2026-01-02T03:04:05Z}, {@code 2026-01-02T03:04:05.250Z}), which botocore, the AWS SDK for Java v2
 * and the other SDKs all read, unless the model asks for {@code unixTimestamp} (epoch seconds) or {@code rfc822}.
 */
final class Timestamps {
    private static final DateTimeFormatter RFC_822 = DateTimeFormatter.ofPattern(
                    "EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
            .withZone(ZoneOffset.UTC);

    private Timestamps() {}

    /** The instant of an ISO 8601 date-time, or null when {@code text} is not one. */
    static Instant parse(String text) {
        if (text.length() > 64) return null;
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    /**
     * The instant a handler gave: a JSON number of epoch seconds (fractions allowed) or an ISO 8601 string.
     *
     * @throws IllegalArgumentException for anything else (a handler bug)
     */
    static Instant of(JsonNode v) {
        if (v.isNumber()) return ofEpochSeconds(v.decimalValue());
        if (v.isTextual()) {
            Instant i = parse(v.textValue());
            if (i != null) return i;
            try {
                return ofEpochSeconds(new BigDecimal(v.textValue()));
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException("a timestamp must be epoch seconds or ISO 8601 text, not "
                + v.getNodeType().name().toLowerCase());
    }

    private static Instant ofEpochSeconds(BigDecimal seconds) {
        BigDecimal whole = seconds.setScale(0, java.math.RoundingMode.FLOOR);
        long nanos = seconds.subtract(whole).movePointRight(9).longValue();
        return Instant.ofEpochSecond(whole.longValueExact(), nanos);
    }

    /** The instant in the wire format {@code format} ({@code iso8601} when null). */
    static String format(Instant t, String format) {
        Instant ms = t.truncatedTo(ChronoUnit.MILLIS);
        if (format == null || format.equals("iso8601")) return DateTimeFormatter.ISO_INSTANT.format(ms);
        if (format.equals("unixTimestamp")) {
            BigDecimal s =
                    BigDecimal.valueOf(ms.toEpochMilli()).movePointLeft(3).stripTrailingZeros();
            return s.scale() < 0 ? s.setScale(0).toPlainString() : s.toPlainString();
        }
        if (format.equals("rfc822")) return RFC_822.format(ms);
        return DateTimeFormatter.ISO_INSTANT.format(ms);
    }
}
