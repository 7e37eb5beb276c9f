package dev.trent.server.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trent.server.protocol.ServiceModel.Member;
import dev.trent.server.protocol.ServiceModel.Shape;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Checks a request body against the input shape of its operation, the way AWS services do
 * before an operation runs, and words each violation as AWS does.
 *
 * <h2>Messages</h2>
 * Each violation reads {@code Value <v> at '<path>' failed to satisfy constraint: <constraint>}:
 * <ul>
 *   <li>{@code <v>} is {@code null} for a missing required member ({@code Value null at 'keyId'
 *       ... Member must not be null}); {@code '<value>'} otherwise, with strings as they are,
 *       numbers in decimal, lists as {@code [a, b]} and maps as {@code {k=v, k2=v2}}. The value is
 *       left out ({@code Value at 'plaintext' ...}) when the member, its shape or an enclosing
 *       shape is {@code sensitive}, when it is a blob, and when it is or contains a structure.
 *   <li>{@code <path>} is the member name with its first letter lowercased ({@code keyId}),
 *       nested members joined with dots, list elements as {@code <list>.<1-based index>.member}
 *       (e.g. {@code tags.1.member.tagKey}).
 *   <li>{@code <constraint>} is one of {@code Member must not be null}, {@code Member must have
 *       length less than or equal to N} / {@code greater than or equal to N} (characters of a
 *       string, decoded bytes of a blob, entries of a list or map), {@code Member must have value
 *       less than or equal to N} / {@code greater than or equal to N} (numbers), {@code Member must
 *       satisfy enum value set: [A, B]} (model order) and {@code Member must satisfy regular
 *       expression pattern: <model pattern>} (matched against the whole value).
 * </ul>
 * A member that breaks several constraints gets one violation for each, in the order max, min,
 * enum, pattern. Elements of a list of non-aggregates, and the keys and values of a map, are
 * reported once for the whole collection, at the collection's path, listing every constraint of
 * the entry shape as AWS does: {@code Member must satisfy constraint: [c1, c2]} for list
 * elements, {@code Map keys must satisfy constraint: [...]} and {@code Map value must satisfy
 * constraint: [...]} for maps. Structures inside lists are validated member by member; structures
 * or collections inside maps likewise, under the path {@code <map>.<key>}.
 *
 * <p>Violations come in model order: members in declaration order, depth first. Members the
 * model does not know are ignored, and a JSON {@code null} counts as absent, as with AWS.
 *
 * <h2>Wrong JSON types (Trent's choice)</h2>
 * AWS rejects a value of the wrong JSON type while deserializing, with a
 * {@code SerializationException} worded after its Java internals. Trent instead reports it as one
 * more {@code ValidationException} violation, in the same format, with the constraint
 * <ul>
 *   <li>{@code Member must be a string} (a number, boolean, list or object for a string),
 *   <li>{@code Member must be an integer} (anything but a JSON number with an integral value,
 *       e.g. {@code "5"}, {@code true} or {@code 1.5}, for an integer or long; {@code 2.0} is
 *       accepted as 2; a value beyond the 32-bit/64-bit range is reported against that range,
 *       e.g. {@code Member must have value less than or equal to 2147483647}),
 *   <li>{@code Member must be a number}, {@code Member must be a boolean},
 *       {@code Member must be a timestamp} (a JSON number of epoch seconds or a string),
 *   <li>{@code Member must be a base64-encoded binary value} (a non-string, or text that
 *       {@link java.util.Base64#getDecoder()} does not accept, for a blob),
 *   <li>{@code Member must be a structure}, {@code Member must be a list},
 *       {@code Member must be a map} (an object, array or object expected);
 *   <li>inside collections: {@code Member must satisfy constraint: [Member must be a string]},
 *       {@code Map value must satisfy constraint: [Member must be a string]}, and
 *       {@code [Member must not be null]} for a {@code null} entry.
 * </ul>
 * A body that is not a JSON object is not validated at all: {@link #validate} throws a
 * {@code SerializationException} {@link ProtocolException}, matching how the protocol layer
 * treats unreadable JSON.
 *
 * <p>Thread-safe; create one per {@link ServiceModel} and share it. The success path allocates
 * only a small per-call path buffer and the regex matchers.
 */
public final class RequestValidator {

    private static final String NOT_NULL = "Member must not be null";
    private static final String NOT_NULL_LIST = "[" + NOT_NULL + "]";
    private static final int OK = 0;
    private static final int BAD_TYPE = 1;
    private static final int BAD_VALUE = 2;
    private static final double LONG_RANGE = 0x1p63;

    private final ServiceModel model;

    public RequestValidator(ServiceModel model) {
        this.model = Objects.requireNonNull(model, "model");
    }

    /** The model requests are validated against. */
    public ServiceModel model() {
        return model;
    }

    /**
     * Validates a request body.
     *
     * @param operation the operation name from {@code X-Amz-Target}, without the target prefix
     * @param body the parsed request body
     * @return the violations in AWS wording, in model order; empty if the request is valid
     * @throws ProtocolException {@code UnknownOperationException} if the model has no such
     *     operation; {@code SerializationException} if {@code body} is not a JSON object
     */
    public List<String> validate(String operation, JsonNode body) throws ProtocolException {
        ServiceModel.Operation op = model.operation(operation);
        if (op == null) {
            throw ProtocolException.unknownOperation();
        }
        if (body == null || !body.isObject()) {
            throw ProtocolException.serialization(
                    body != null && body.isArray() ? "Start of list found where not expected" : null);
        }
        Shape input = op.input();
        if (input == null) {
            return List.of();
        }
        Run run = new Run();
        if (input.type == ServiceModel.ShapeType.STRUCTURE) {
            run.members(input, body, input.sensitive);
        } else {
            run.value(input, body, false);
        }
        return run.violations == null ? List.of() : Collections.unmodifiableList(run.violations);
    }

    /**
     * Validates a request body and throws if it is invalid.
     *
     * @throws ProtocolException a {@code ValidationException} whose message is
     *     {@link ValidationFailure#message(List)} of the violations, or the exceptions of
     *     {@link #validate(String, JsonNode)}
     */
    public void validateOrThrow(String operation, JsonNode body) throws ProtocolException {
        List<String> violations = validate(operation, body);
        if (!violations.isEmpty()) {
            throw ValidationFailure.exception(violations);
        }
    }

    /** The state of one validation: the current member path and the violations found so far. */
    private static final class Run {
        final StringBuilder path = new StringBuilder(64);
        List<String> violations;

        void members(Shape shape, JsonNode object, boolean hidden) {
            for (Member m : shape.members) {
                JsonNode child = object.get(m.name);
                boolean absent = child == null || child.isNull();
                if (absent && !m.required) {
                    continue;
                }
                int mark = path.length();
                if (mark > 0) {
                    path.append('.');
                }
                path.append(m.pathName);
                if (absent) {
                    addNull();
                } else {
                    value(m.shape, child, hidden || m.sensitive);
                }
                path.setLength(mark);
            }
        }

        void value(Shape shape, JsonNode v, boolean hidden) {
            hidden |= shape.sensitive;
            switch (shape.type) {
                case STRUCTURE -> {
                    if (v.isObject()) {
                        members(shape, v, hidden);
                    } else {
                        wrongType(shape, v, hidden);
                    }
                }
                case LIST -> list(shape, v, hidden);
                case MAP -> map(shape, v, hidden);
                default -> scalar(shape, v, hidden, true);
            }
        }

        /** Type and element-count checks shared by lists and maps; false when the value has the wrong type. */
        private boolean typeAndCount(Shape shape, JsonNode v, boolean hidden, boolean rightType) {
            if (!rightType) {
                wrongType(shape, v, hidden);
                return false;
            }
            boolean echo = !hidden && shape.echo;
            int n = v.size();
            if (n > shape.maxLength) {
                add(v, echo, shape.maxConstraint);
            } else if (n < shape.minLength) {
                add(v, echo, shape.minConstraint);
            }
            return true;
        }

        private void list(Shape shape, JsonNode v, boolean hidden) {
            if (!typeAndCount(shape, v, hidden, v.isArray())) {
                return;
            }
            boolean echo = !hidden && shape.echo;
            int n = v.size();
            Shape element = shape.listMember;
            boolean elementHidden = hidden || element.sensitive;
            if (element.type.isAggregate()) {
                int mark = path.length();
                for (int i = 0; i < n; i++) {
                    path.append('.').append(i + 1).append(".member");
                    JsonNode e = v.get(i);
                    if (e.isNull()) {
                        addNull();
                    } else {
                        value(element, e, elementHidden);
                    }
                    path.setLength(mark);
                }
            } else {
                for (int i = 0; i < n; i++) {
                    String problem = entryProblem(element, v.get(i), elementHidden);
                    if (problem != null) {
                        add(v, echo, "Member must satisfy constraint: " + problem);
                        break;
                    }
                }
            }
        }

        private void map(Shape shape, JsonNode v, boolean hidden) {
            if (!typeAndCount(shape, v, hidden, v.isObject())) {
                return;
            }
            boolean echo = !hidden && shape.echo;
            Shape key = shape.mapKey;
            Shape value = shape.mapValue;
            boolean valueHidden = hidden || value.sensitive;
            boolean checkKeys = key.type == ServiceModel.ShapeType.STRING && key.constrained;
            String keyProblem = null;
            String valueProblem = null;
            for (Map.Entry<String, JsonNode> e : v.properties()) {
                if (checkKeys && keyProblem == null && string(key, e.getKey(), null, true, false) != OK) {
                    keyProblem = key.constraintList;
                }
                JsonNode entry = e.getValue();
                if (value.type.isAggregate()) {
                    int mark = path.length();
                    path.append('.').append(e.getKey());
                    if (entry.isNull()) {
                        addNull();
                    } else {
                        value(value, entry, valueHidden);
                    }
                    path.setLength(mark);
                } else if (valueProblem == null) {
                    valueProblem = entryProblem(value, entry, valueHidden);
                }
            }
            if (keyProblem != null) {
                add(v, echo, "Map keys must satisfy constraint: " + keyProblem);
            }
            if (valueProblem != null) {
                add(v, echo, "Map value must satisfy constraint: " + valueProblem);
            }
        }

        /** For an entry of a collection: {@code null} if fine, else the bracketed constraints. */
        private String entryProblem(Shape shape, JsonNode e, boolean hidden) {
            if (e.isNull()) {
                return NOT_NULL_LIST;
            }
            return switch (scalar(shape, e, hidden, false)) {
                case OK -> null;
                case BAD_TYPE -> shape.typeConstraintList;
                default -> shape.constraintList;
            };
        }

        /**
         * Checks a non-aggregate value. With {@code report}, every broken constraint is recorded at
         * the current path; without, the first problem ends the check.
         */
        private int scalar(Shape shape, JsonNode v, boolean hidden, boolean report) {
            switch (shape.type) {
                case STRING -> {
                    if (!v.isTextual()) {
                        return badType(shape, v, hidden, report);
                    }
                    return string(shape, v.textValue(), v, hidden, report);
                }
                case BLOB -> {
                    long length = v.isTextual() ? Base64Length.decodedLength(v.textValue()) : -1;
                    if (length < 0) {
                        return badType(shape, v, true, report);
                    }
                    if (length > shape.maxLength) {
                        return bad(v, false, shape.maxConstraint, report);
                    }
                    if (length < shape.minLength) {
                        return bad(v, false, shape.minConstraint, report);
                    }
                    return OK;
                }
                case BOOLEAN -> {
                    return v.isBoolean() ? OK : badType(shape, v, hidden, report);
                }
                case TIMESTAMP -> {
                    return v.isNumber() || v.isTextual() ? OK : badType(shape, v, hidden, report);
                }
                case FLOAT, DOUBLE -> {
                    if (!v.isNumber()) {
                        return badType(shape, v, hidden, report);
                    }
                    double d = v.doubleValue();
                    if (shape.hasMax && d > shape.maxDouble) {
                        return bad(v, !hidden, shape.maxConstraint, report);
                    }
                    if (shape.hasMin && d < shape.minDouble) {
                        return bad(v, !hidden, shape.minConstraint, report);
                    }
                    return OK;
                }
                case BYTE, SHORT, INTEGER, LONG -> {
                    return integral(shape, v, hidden, report);
                }
                default -> {
                    return OK;
                }
            }
        }

        private int integral(Shape shape, JsonNode v, boolean hidden, boolean report) {
            if (!v.isNumber()) {
                return badType(shape, v, hidden, report);
            }
            long value;
            if (v.isInt() || v.isLong() || v.isShort()) {
                value = v.longValue();
            } else if (v.isBigInteger()) {
                BigInteger b = v.bigIntegerValue();
                if (b.bitLength() > 63) {
                    return outOfRange(shape, v, b.signum(), hidden, report);
                }
                value = b.longValue();
            } else if (v.isBigDecimal()) {
                BigDecimal d = v.decimalValue();
                if (d.signum() != 0 && d.stripTrailingZeros().scale() > 0) {
                    return badType(shape, v, hidden, report);
                }
                if (d.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
                    return outOfRange(shape, v, d.signum(), hidden, report);
                }
                value = d.longValue();
            } else {
                double d = v.doubleValue();
                if (!Double.isFinite(d) || d != Math.rint(d)) {
                    return badType(shape, v, hidden, report);
                }
                if (d >= LONG_RANGE || d < -LONG_RANGE) {
                    return outOfRange(shape, v, d > 0 ? 1 : -1, hidden, report);
                }
                value = (long) d;
            }
            if (value > shape.maxLong) {
                return bad(v, !hidden, shape.maxConstraint, report);
            }
            if (value < shape.minLong) {
                return bad(v, !hidden, shape.minConstraint, report);
            }
            return OK;
        }

        private int outOfRange(Shape shape, JsonNode v, int sign, boolean hidden, boolean report) {
            return bad(v, !hidden, sign > 0 ? shape.maxConstraint : shape.minConstraint, report);
        }

        /** Checks a string value ({@code node} is only for the message; may be null if !report). */
        private int string(Shape shape, String s, JsonNode node, boolean hidden, boolean report) {
            int status = OK;
            if (shape.hasMin || shape.hasMax) {
                int units = s.length();
                long length = units;
                // Lengths count code points; count them only where surrogate pairs could matter.
                if (units > shape.maxLength || (units >= shape.minLength && units < 2L * shape.minLength)) {
                    length = s.codePointCount(0, units);
                }
                if (length > shape.maxLength) {
                    status = bad(node, !hidden, shape.maxConstraint, report);
                } else if (length < shape.minLength) {
                    status = bad(node, !hidden, shape.minConstraint, report);
                }
                if (status != OK && !report) {
                    return status;
                }
            }
            if (shape.enumSet != null && !shape.enumSet.contains(s)) {
                status = bad(node, !hidden, shape.enumConstraint, report);
                if (!report) {
                    return status;
                }
            }
            if (shape.compiledPattern != null && !matches(shape, s)) {
                status = bad(node, !hidden, shape.patternConstraint, report);
            }
            return status;
        }

        private static boolean matches(Shape shape, String s) {
            try {
                return shape.compiledPattern.matcher(s).matches();
            } catch (StackOverflowError e) {
                // A pathological value for a backtracking pattern: treat it as not matching.
                return false;
            }
        }

        private int badType(Shape shape, JsonNode v, boolean hidden, boolean report) {
            if (report) {
                wrongType(shape, v, hidden);
            }
            return BAD_TYPE;
        }

        private int bad(JsonNode v, boolean echo, String constraint, boolean report) {
            if (report) {
                add(v, echo, constraint);
            }
            return BAD_VALUE;
        }

        private void wrongType(Shape shape, JsonNode v, boolean hidden) {
            add(v, !hidden && shape.type != ServiceModel.ShapeType.BLOB, shape.type.typeConstraint);
        }

        private void addNull() {
            record(new StringBuilder(path.length() + 70)
                    .append("Value null at '")
                    .append(path)
                    .append("' failed to satisfy constraint: ")
                    .append(NOT_NULL)
                    .toString());
        }

        private void add(JsonNode v, boolean echo, String constraint) {
            StringBuilder sb = new StringBuilder(96).append("Value ");
            if (echo) {
                sb.append('\'');
                render(v, sb);
                sb.append("' ");
            }
            sb.append("at '")
                    .append(path)
                    .append("' failed to satisfy constraint: ")
                    .append(constraint);
            record(sb.toString());
        }

        private void record(String violation) {
            if (violations == null) {
                violations = new ArrayList<>(4);
            }
            violations.add(violation);
        }
    }

    /** Renders a JSON value the way AWS echoes values: Java's toString of the decoded value. */
    static void render(JsonNode v, StringBuilder sb) {
        if (v.isTextual()) {
            sb.append(v.textValue());
        } else if (v.isNumber()) {
            sb.append(numberText(v));
        } else if (v.isArray()) {
            sb.append('[');
            for (int i = 0; i < v.size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                render(v.get(i), sb);
            }
            sb.append(']');
        } else if (v.isObject()) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<String, JsonNode> e : v.properties()) {
                if (!first) {
                    sb.append(", ");
                }
                first = false;
                sb.append(e.getKey()).append('=');
                render(e.getValue(), sb);
            }
            sb.append('}');
        } else if (v.isNull() || v.isMissingNode()) {
            sb.append("null");
        } else {
            sb.append(v.asText());
        }
    }

    /** A number in plain decimal: {@code 1025}, {@code 1.5}; integral floats without {@code .0}. */
    static String numberText(JsonNode v) {
        if (v.isIntegralNumber()) {
            return v.isBigInteger() ? v.bigIntegerValue().toString() : Long.toString(v.longValue());
        }
        BigDecimal d;
        if (v.isBigDecimal()) {
            d = v.decimalValue();
        } else {
            double x = v.doubleValue();
            if (!Double.isFinite(x)) {
                return Double.toString(x);
            }
            d = new BigDecimal(Double.toString(x));
        }
        d = d.stripTrailingZeros();
        // Plain notation unless that would spell out an absurd number of digits.
        return Math.abs((long) d.scale()) <= 64 ? d.toPlainString() : d.toString();
    }
}
