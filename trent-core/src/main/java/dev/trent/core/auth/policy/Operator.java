package dev.trent.core.auth.policy;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The condition operators of the IAM policy language (without the {@code IfExists} suffix and set prefixes). */
enum Operator {
    STRING_EQUALS("StringEquals", Family.STRING, false),
    STRING_NOT_EQUALS("StringNotEquals", Family.STRING, true),
    STRING_EQUALS_IGNORE_CASE("StringEqualsIgnoreCase", Family.STRING_IGNORE_CASE, false),
    STRING_NOT_EQUALS_IGNORE_CASE("StringNotEqualsIgnoreCase", Family.STRING_IGNORE_CASE, true),
    STRING_LIKE("StringLike", Family.STRING_LIKE, false),
    STRING_NOT_LIKE("StringNotLike", Family.STRING_LIKE, true),
    NUMERIC_EQUALS("NumericEquals", Family.NUMERIC, false),
    NUMERIC_NOT_EQUALS("NumericNotEquals", Family.NUMERIC, true),
    NUMERIC_LESS_THAN("NumericLessThan", Family.NUMERIC, false),
    NUMERIC_LESS_THAN_EQUALS("NumericLessThanEquals", Family.NUMERIC, false),
    NUMERIC_GREATER_THAN("NumericGreaterThan", Family.NUMERIC, false),
    NUMERIC_GREATER_THAN_EQUALS("NumericGreaterThanEquals", Family.NUMERIC, false),
    DATE_EQUALS("DateEquals", Family.DATE, false),
    DATE_NOT_EQUALS("DateNotEquals", Family.DATE, true),
    DATE_LESS_THAN("DateLessThan", Family.DATE, false),
    DATE_LESS_THAN_EQUALS("DateLessThanEquals", Family.DATE, false),
    DATE_GREATER_THAN("DateGreaterThan", Family.DATE, false),
    DATE_GREATER_THAN_EQUALS("DateGreaterThanEquals", Family.DATE, false),
    BOOL("Bool", Family.BOOL, false),
    BINARY_EQUALS("BinaryEquals", Family.BINARY, false),
    IP_ADDRESS("IpAddress", Family.IP, false),
    NOT_IP_ADDRESS("NotIpAddress", Family.IP, true),
    ARN_EQUALS("ArnEquals", Family.ARN, false),
    ARN_LIKE("ArnLike", Family.ARN, false),
    ARN_NOT_EQUALS("ArnNotEquals", Family.ARN, true),
    ARN_NOT_LIKE("ArnNotLike", Family.ARN, true),
    NULL("Null", Family.NULL, false);

    /** How policy values are read and compared. */
    enum Family {
        STRING,
        STRING_IGNORE_CASE,
        STRING_LIKE,
        NUMERIC,
        DATE,
        BOOL,
        BINARY,
        IP,
        ARN,
        NULL
    }

    private static final Map<String, Operator> BY_NAME = new TreeMap<>();

    static {
        for (Operator o : values()) BY_NAME.put(o.wire, o);
    }

    final String wire;
    final Family family;
    /** A negated operator is true when no policy value matches. */
    final boolean negated;

    Operator(String wire, Family family, boolean negated) {
        this.wire = wire;
        this.family = family;
        this.negated = negated;
    }

    /** The operator spelled {@code name} (case-sensitive, as IAM), or null. */
    static Operator named(String name) {
        return BY_NAME.get(name);
    }

    /** For numeric and date comparisons: whether {@code request} compared to {@code policy} satisfies it. */
    boolean compare(int cmp) {
        return switch (this) {
            case NUMERIC_EQUALS, DATE_EQUALS, NUMERIC_NOT_EQUALS, DATE_NOT_EQUALS -> cmp == 0;
            case NUMERIC_LESS_THAN, DATE_LESS_THAN -> cmp < 0;
            case NUMERIC_LESS_THAN_EQUALS, DATE_LESS_THAN_EQUALS -> cmp <= 0;
            case NUMERIC_GREATER_THAN, DATE_GREATER_THAN -> cmp > 0;
            case NUMERIC_GREATER_THAN_EQUALS, DATE_GREATER_THAN_EQUALS -> cmp >= 0;
            default -> throw new IllegalStateException(name().toLowerCase(Locale.ROOT));
        };
    }
}
