package dev.trent.server.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trent.server.protocol.ProtocolException;
import dev.trent.server.protocol.ServiceModel.Member;
import dev.trent.server.protocol.ServiceModel.Shape;
import dev.trent.server.protocol.ValidationFailure;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

/**
 * Turns the parameters of an AWS Query request into a JSON object shaped like the operation's input shape, so the
 * same {@code RequestValidator} and the same kind of handler serve Query and AWS JSON services.
 *
 * <p>The parameter names are the ones botocore's and the AWS SDKs' Query serializers write (each name below is the
 * member's {@code locationName} when the model gives one):
 * <ul>
 *   <li>a member of the input: {@code Name}; of a nested structure: {@code Outer.Inner};</li>
 *   <li>a list: {@code Name.member.1}, {@code Name.member.2}, ... ({@code member} is the list member's
 *       {@code locationName} when it has one); a flattened list: {@code Name.1}, {@code Name.2}; an empty list:
 *       {@code Name=} with no elements; structures in lists: {@code Tags.member.1.Key};</li>
 *   <li>a map: {@code Name.entry.N.key} and {@code Name.entry.N.value} (flattened: {@code Name.N.key}); key and
 *       value take their {@code locationName}s;</li>
 *   <li>booleans {@code true} / {@code false}; numbers in decimal; timestamps in ISO 8601
 *       ({@code 2026-01-02T03:04:05Z}, with or without fractional seconds or an offset) or, for a member whose
 *       format is {@code unixTimestamp}, epoch seconds; blobs in base64.</li>
 * </ul>
 *
 * <p>What the JSON object holds: strings, timestamps and blobs as JSON strings (the base64 text of a blob, as in
 * AWS JSON; a timestamp as sent, or a number of epoch seconds); booleans as JSON booleans; integers as JSON
 * integers; floats and doubles as JSON numbers; lists as arrays; maps as objects; structures as objects. A value
 * that does not read as its type (an integer {@code ten}, a boolean {@code yes}) is kept as a JSON string, so the
 * validator reports it the way it reports a wrong JSON type ({@code Member must be an integer}). Parameters the
 * input shape does not know are ignored, as AWS does ({@code Action}, {@code Version}, the {@code X-Amz-*} of a
 * presigned request among them).
 *
 * <p>Errors: list elements or map entries numbered other than 1, 2, ..., n, or an element or entry index that is
 * not a number, give {@code InvalidQueryParameter} (400) naming the parameter; a timestamp in no format above
 * gives a {@code ValidationException} ({@code Member must be a timestamp}) that the Query error mapping sends as
 * {@code ValidationError}.
 *
 * <p>Stateless and thread-safe.
 */
public final class QueryDecoder {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private QueryDecoder() {}

    /**
     * The input of an operation whose input shape is {@code input} (null for an operation without input, giving
     * an empty object), from the request's parameters.
     */
    public static ObjectNode decode(QueryForm form, Shape input) {
        ObjectNode out = JSON.objectNode();
        if (input != null) new Run(form).members(input, "", out, new StringBuilder(32));
        return out;
    }

    private static final class Run {
        final QueryForm form;

        Run(QueryForm form) {
            this.form = form;
        }

        void members(Shape shape, String prefix, ObjectNode out, StringBuilder path) {
            for (Member m : shape.members()) {
                String key = prefix + m.locationName();
                int mark = path.length();
                if (mark > 0) path.append('.');
                path.append(m.pathName());
                JsonNode v = value(m.shape(), key, m.flattened(), m.timestampFormat(), path);
                path.setLength(mark);
                if (v != null) out.set(m.name(), v);
            }
        }

        /** The value at parameter name {@code key}, or null when the request has none. */
        JsonNode value(Shape shape, String key, boolean flattened, String timestampFormat, StringBuilder path) {
            return switch (shape.type()) {
                case STRUCTURE -> {
                    if (!form.hasPrefix(key + ".")) yield null;
                    ObjectNode o = JSON.objectNode();
                    members(shape, key + ".", o, path);
                    yield o;
                }
                case LIST -> list(shape, key, flattened, path);
                case MAP -> map(shape, key, flattened, path);
                default -> {
                    String raw = form.get(key);
                    yield raw == null ? null : scalar(shape, raw, timestampFormat, path);
                }
            };
        }

        private JsonNode list(Shape shape, String key, boolean flattened, StringBuilder path) {
            String elementName = shape.listMemberName() != null ? shape.listMemberName() : "member";
            String elementPrefix = flattened ? key + "." : key + "." + elementName + ".";
            int count = count(elementPrefix, key);
            if (count == 0) {
                // "Name=" is an empty list; no parameter at all is an absent one
                String raw = form.get(key);
                if (raw == null) return null;
                if (!raw.isEmpty()) {
                    throw invalid("The parameter " + key + " is a list: send its elements as " + elementPrefix + "1, "
                            + elementPrefix + "2, ... (or " + key + "= for an empty list).");
                }
                return JSON.arrayNode();
            }
            ArrayNode out = JSON.arrayNode(count);
            Shape element = shape.listMember();
            for (int i = 1; i <= count; i++) {
                int mark = path.length();
                path.append('.').append(i).append(".member");
                JsonNode v = value(element, elementPrefix + i, element.flattened(), null, path);
                path.setLength(mark);
                out.add(v == null ? JSON.objectNode() : v);
            }
            return out;
        }

        private JsonNode map(Shape shape, String key, boolean flattened, StringBuilder path) {
            String entryPrefix = flattened ? key + "." : key + ".entry.";
            int count = count(entryPrefix, key);
            if (count == 0) {
                String raw = form.get(key);
                if (raw == null) return null;
                if (!raw.isEmpty()) {
                    throw invalid("The parameter " + key + " is a map: send its entries as " + entryPrefix
                            + "1.key and " + entryPrefix + "1.value, ...");
                }
                return JSON.objectNode();
            }
            String keyName = shape.mapKeyName() != null ? shape.mapKeyName() : "key";
            String valueName = shape.mapValueName() != null ? shape.mapValueName() : "value";
            ObjectNode out = JSON.objectNode();
            for (int i = 1; i <= count; i++) {
                String entry = entryPrefix + i + ".";
                String k = form.get(entry + keyName);
                if (k == null) {
                    throw invalid("The map entry " + entryPrefix + i + " has no " + entry + keyName + ".");
                }
                int mark = path.length();
                path.append('.').append(k);
                JsonNode v = value(
                        shape.mapValue(), entry + valueName, shape.mapValue().flattened(), null, path);
                path.setLength(mark);
                if (v == null) {
                    throw invalid("The map entry " + entryPrefix + i + " has no " + entry + valueName + ".");
                }
                if (out.has(k)) throw invalid("The map " + key + " has the key '" + k + "' twice.");
                out.set(k, v);
            }
            return out;
        }

        /**
         * How many elements are numbered under {@code prefix} ({@code Tags.member.}): the indexes must be exactly
         * 1..n; 0 when there are none.
         */
        private int count(String prefix, String key) {
            Map<String, String> entries = form.withPrefix(prefix);
            if (entries.isEmpty()) return 0;
            BitSet seen = new BitSet();
            for (String name : entries.keySet()) {
                int dot = name.indexOf('.', prefix.length());
                String index = name.substring(prefix.length(), dot < 0 ? name.length() : dot);
                int i = index(index);
                if (i < 1 || i > QueryForm.MAX_PARAMETERS) {
                    throw invalid("The parameter " + name + " does not number its element of " + key
                            + " with an index from 1 to " + QueryForm.MAX_PARAMETERS + ".");
                }
                seen.set(i);
            }
            int n = seen.length() - 1;
            if (seen.cardinality() != n) {
                int gap = seen.nextClearBit(1);
                throw invalid("The elements of " + key + " must be numbered 1, 2, 3, ... without gaps: " + prefix + (n)
                        + " is given, " + prefix + gap + " is not.");
            }
            return n;
        }

        private static int index(String s) {
            if (s.isEmpty() || s.length() > 6 || s.charAt(0) == '0') return -1;
            int v = 0;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < '0' || c > '9') return -1;
                v = v * 10 + (c - '0');
            }
            return v;
        }

        private static JsonNode scalar(Shape shape, String raw, String timestampFormat, StringBuilder path) {
            return switch (shape.type()) {
                case BOOLEAN ->
                    switch (raw) {
                        case "true" -> JSON.booleanNode(true);
                        case "false" -> JSON.booleanNode(false);
                        default -> JSON.textNode(raw);
                    };
                case BYTE, SHORT, INTEGER, LONG -> integral(raw);
                case FLOAT, DOUBLE -> decimal(raw);
                case TIMESTAMP ->
                    timestamp(raw, timestampFormat != null ? timestampFormat : shape.timestampFormat(), shape, path);
                default -> JSON.textNode(raw);
            };
        }

        private static JsonNode integral(String raw) {
            if (!isInteger(raw)) return JSON.textNode(raw);
            BigInteger v = new BigInteger(raw);
            if (v.bitLength() < 32) return JSON.numberNode(v.intValue());
            if (v.bitLength() < 64) return JSON.numberNode(v.longValue());
            return JSON.numberNode(v);
        }

        private static boolean isInteger(String raw) {
            int start = raw.startsWith("-") ? 1 : 0;
            if (raw.length() == start || raw.length() > 400) return false;
            for (int i = start; i < raw.length(); i++) {
                char c = raw.charAt(i);
                if (c < '0' || c > '9') return false;
            }
            return true;
        }

        private static JsonNode decimal(String raw) {
            if (raw.length() > 400) return JSON.textNode(raw);
            try {
                return JSON.numberNode(new BigDecimal(raw));
            } catch (NumberFormatException e) {
                return JSON.textNode(raw);
            }
        }

        private static JsonNode timestamp(String raw, String format, Shape shape, StringBuilder path) {
            if ("unixTimestamp".equals(format) || !raw.contains("-")) {
                JsonNode n = decimal(raw);
                if (n.isNumber()) return n;
            }
            if (Timestamps.parse(raw) != null) return JSON.textNode(raw);
            String value = shape.sensitive() ? "Value" : "Value '" + raw + "'";
            throw ValidationFailure.exception(
                    List.of(value + " at '" + path + "' failed to satisfy constraint: Member must be a timestamp"));
        }

        private static ProtocolException invalid(String message) {
            return new ProtocolException(QueryForm.INVALID_QUERY_PARAMETER, 400, message);
        }
    }
}
