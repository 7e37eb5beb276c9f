package dev.trent.core.auth.policy;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * One condition of a statement: an operator (with its set operator and {@code IfExists}), one condition key and its
 * policy values, compiled. Evaluation follows the IAM User Guide:
 *
 * <ul>
 *   <li>several policy values for the key: OR for a positive operator, NOR for a negated one;
 *   <li>a key absent from the request: the condition is false, but true for a negated operator, for {@code
 *       ...IfExists} and for {@code ForAllValues:}; {@code ForAnyValue:} over an absent key is false;
 *   <li>{@code ForAnyValue:} is true if some request value satisfies the operator; {@code ForAllValues:} if every
 *       request value does (for negated operators, "satisfies" means it matches no policy value);
 *   <li>{@code Null}: {@code true} asks that the key be absent, {@code false} that it be present.
 * </ul>
 */
final class Condition {
    enum SetOperator {
        NONE,
        FOR_ANY_VALUE,
        FOR_ALL_VALUES
    }

    final Operator operator;
    final SetOperator set;
    final boolean ifExists;
    /** The condition key in lower case (keys are case-insensitive). */
    final String key;

    private final Template[] templates;
    private final Glob[] globs;
    private final double[] numbers;
    private final long[] dates;
    private final boolean[] booleans;
    private final byte[][] binaries;
    private final IpRange[] ranges;

    private Condition(
            Operator operator,
            SetOperator set,
            boolean ifExists,
            String key,
            Template[] templates,
            double[] numbers,
            long[] dates,
            boolean[] booleans,
            byte[][] binaries,
            IpRange[] ranges) {
        this.operator = operator;
        this.set = set;
        this.ifExists = ifExists;
        this.key = key;
        this.templates = templates;
        this.numbers = numbers;
        this.dates = dates;
        this.booleans = booleans;
        this.binaries = binaries;
        this.ranges = ranges;
        if (templates != null) {
            boolean ignoreCase = operator.family == Operator.Family.STRING_IGNORE_CASE;
            globs = new Glob[templates.length];
            for (int i = 0; i < templates.length; i++) globs[i] = templates[i].constantGlob(ignoreCase);
        } else {
            globs = null;
        }
    }

    /**
     * Compiles the policy values of one condition; returns null with {@code problem[0]} set to what is wrong when a
     * value cannot be read as the operator's type.
     */
    static Condition compile(
            Operator operator,
            SetOperator set,
            boolean ifExists,
            String key,
            List<String> values,
            boolean variables,
            String[] problem) {
        int n = values.size();
        switch (operator.family) {
            case STRING, STRING_IGNORE_CASE, STRING_LIKE, ARN -> {
                Template[] t = new Template[n];
                for (int i = 0; i < n; i++) t[i] = Template.of(values.get(i), variables);
                return new Condition(operator, set, ifExists, key, t, null, null, null, null, null);
            }
            case NUMERIC -> {
                double[] d = new double[n];
                for (int i = 0; i < n; i++) {
                    Double v = number(values.get(i));
                    if (v == null) return fail(problem, operator, values.get(i), "a number");
                    d[i] = v;
                }
                return new Condition(operator, set, ifExists, key, null, d, null, null, null, null);
            }
            case DATE -> {
                long[] d = new long[n];
                for (int i = 0; i < n; i++) {
                    Long v = date(values.get(i));
                    if (v == null) return fail(problem, operator, values.get(i), "a date");
                    d[i] = v;
                }
                return new Condition(operator, set, ifExists, key, null, null, d, null, null, null);
            }
            case BOOL, NULL -> {
                boolean[] b = new boolean[n];
                for (int i = 0; i < n; i++) {
                    String v = values.get(i);
                    if (!"true".equalsIgnoreCase(v) && !"false".equalsIgnoreCase(v)) {
                        return fail(problem, operator, v, "true or false");
                    }
                    b[i] = "true".equalsIgnoreCase(v);
                }
                return new Condition(operator, set, ifExists, key, null, null, null, b, null, null);
            }
            case BINARY -> {
                byte[][] b = new byte[n][];
                for (int i = 0; i < n; i++) {
                    try {
                        b[i] = Base64.getDecoder().decode(values.get(i));
                    } catch (IllegalArgumentException e) {
                        return fail(problem, operator, values.get(i), "Base64");
                    }
                }
                return new Condition(operator, set, ifExists, key, null, null, null, null, b, null);
            }
            case IP -> {
                IpRange[] r = new IpRange[n];
                for (int i = 0; i < n; i++) {
                    r[i] = IpRange.parse(values.get(i));
                    if (r[i] == null) return fail(problem, operator, values.get(i), "an IP address or CIDR block");
                }
                return new Condition(operator, set, ifExists, key, null, null, null, null, null, r);
            }
            default -> throw new IllegalStateException(operator.wire);
        }
    }

    private static Condition fail(String[] problem, Operator operator, String value, String expected) {
        problem[0] = "The value \"" + value + "\" of the " + operator.wire + " condition is not " + expected + ".";
        return null;
    }

    boolean evaluate(EvaluationContext request) {
        List<String> values = request.values(key);
        boolean absent = values == null || values.isEmpty();
        if (operator == Operator.NULL) {
            for (boolean b : booleans) {
                if (b == absent) return true;
            }
            return false;
        }
        if (absent) {
            if (ifExists) return true;
            return switch (set) {
                case FOR_ALL_VALUES -> true;
                case FOR_ANY_VALUE -> false;
                case NONE -> operator.negated;
            };
        }
        Glob[] patterns = resolved(request);
        switch (set) {
            case FOR_ANY_VALUE -> {
                for (String v : values) {
                    if (matches(v, patterns) != operator.negated) return true;
                }
                return false;
            }
            case FOR_ALL_VALUES -> {
                for (String v : values) {
                    if (matches(v, patterns) == operator.negated) return false;
                }
                return true;
            }
            default -> {
                for (String v : values) {
                    if (matches(v, patterns)) return !operator.negated;
                }
                return operator.negated;
            }
        }
    }

    /** The string and ARN patterns of this request (variables resolved; null entries match nothing). */
    private Glob[] resolved(EvaluationContext request) {
        if (templates == null) return null;
        Glob[] out = null;
        for (int i = 0; i < templates.length; i++) {
            if (globs[i] != null) continue;
            if (out == null) out = Arrays.copyOf(globs, globs.length);
            out[i] = templates[i].glob(request, operator.family == Operator.Family.STRING_IGNORE_CASE);
        }
        return out == null ? globs : out;
    }

    /** Whether request value {@code v} matches some policy value (before negation). */
    private boolean matches(String v, Glob[] patterns) {
        if (v == null) return false;
        switch (operator.family) {
            case STRING, STRING_IGNORE_CASE -> {
                boolean ignoreCase = operator.family == Operator.Family.STRING_IGNORE_CASE;
                for (Glob p : patterns) {
                    if (p == null) continue;
                    if (ignoreCase
                            ? p.pattern().equalsIgnoreCase(v)
                            : p.pattern().equals(v)) return true;
                }
                return false;
            }
            case STRING_LIKE -> {
                for (Glob p : patterns) {
                    if (p != null && p.matches(v)) return true;
                }
                return false;
            }
            case ARN -> {
                for (Glob p : patterns) {
                    if (p != null && arnMatches(p, v)) return true;
                }
                return false;
            }
            case NUMERIC -> {
                Double d = number(v);
                if (d == null) return false;
                for (double p : numbers) {
                    if (operator.compare(Double.compare(d, p))) return true;
                }
                return false;
            }
            case DATE -> {
                Long t = date(v);
                if (t == null) return false;
                for (long p : dates) {
                    if (operator.compare(Long.compare(t, p))) return true;
                }
                return false;
            }
            case BOOL -> {
                boolean isTrue = "true".equalsIgnoreCase(v);
                if (!isTrue && !"false".equalsIgnoreCase(v)) return false;
                for (boolean b : booleans) {
                    if (b == isTrue) return true;
                }
                return false;
            }
            case BINARY -> {
                byte[] bytes;
                try {
                    bytes = Base64.getDecoder().decode(v);
                } catch (IllegalArgumentException e) {
                    return false;
                }
                for (byte[] b : binaries) {
                    if (Arrays.equals(b, bytes)) return true;
                }
                return false;
            }
            case IP -> {
                for (IpRange r : ranges) {
                    if (r.contains(v)) return true;
                }
                return false;
            }
            default -> {
                return false;
            }
        }
    }

    /** ARN matching: each of the six colon-separated parts on its own, wildcards within a part. */
    static boolean arnMatches(Glob pattern, String value) {
        String p = pattern.pattern();
        int ps = 0;
        int vs = 0;
        for (int part = 0; part < 5; part++) {
            int pe = p.indexOf(':', ps);
            int ve = value.indexOf(':', vs);
            if (pe < 0 || ve < 0) return false;
            if (!pattern.matchesRange(ps, pe, value, vs, ve)) return false;
            ps = pe + 1;
            vs = ve + 1;
        }
        return pattern.matchesRange(ps, p.length(), value, vs, value.length());
    }

    static Double number(String s) {
        if (s == null || s.isEmpty()) return null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9') && c != '.' && c != '-' && c != '+' && c != 'e' && c != 'E') return null;
        }
        try {
            double d = Double.parseDouble(s);
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * A date as IAM reads one (ISO 8601 date-time with or without offset, a date alone, or seconds since the epoch),
     * in milliseconds since the epoch; null if it is none of these.
     */
    static Long date(String s) {
        if (s == null || s.isEmpty()) return null;
        if (number(s) != null) {
            double seconds = Double.parseDouble(s);
            return (long) Math.floor(seconds * 1000);
        }
        try {
            String u = s.indexOf('t') >= 0 || s.indexOf('z') >= 0 ? s.toUpperCase(Locale.ROOT) : s;
            int t = u.indexOf('T');
            if (t < 0)
                return LocalDate.parse(u)
                        .atStartOfDay(ZoneOffset.UTC)
                        .toInstant()
                        .toEpochMilli();
            boolean zoned = u.indexOf('Z', t) >= 0 || u.indexOf('+', t) >= 0 || u.indexOf('-', t) >= 0;
            return zoned
                    ? OffsetDateTime.parse(u).toInstant().toEpochMilli()
                    : LocalDateTime.parse(u).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
