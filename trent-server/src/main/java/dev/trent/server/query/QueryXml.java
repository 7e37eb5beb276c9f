package dev.trent.server.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trent.server.protocol.ServiceModel;
import dev.trent.server.protocol.ServiceModel.Member;
import dev.trent.server.protocol.ServiceModel.Shape;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * The XML bodies of AWS Query responses, written from a handler's JSON output by the output shape:
 *
 * <pre>
 * &lt;GetUserResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"&gt;
 *   &lt;GetUserResult&gt; ...members of the output shape... &lt;/GetUserResult&gt;
 *   &lt;ResponseMetadata&gt;&lt;RequestId&gt;id&lt;/RequestId&gt;&lt;/ResponseMetadata&gt;
 * &lt;/GetUserResponse&gt;
 * </pre>
 *
 * The result element (the operation's {@code resultWrapper}) comes first: the AWS SDK for Java v2 reads the first
 * child of the root as the result. An operation without output has only the metadata.
 *
 * <p>How output JSON becomes XML (members in model order, each named by its {@code locationName}, else its name;
 * members the shape does not know and JSON nulls are left out):
 * <ul>
 *   <li>structure: an element holding its members;</li>
 *   <li>list: {@code <Name><member>v</member>...</Name>} ({@code member} is the list member's
 *       {@code locationName} when it has one); flattened: one {@code <Name>v</Name>} per element, named by the list
 *       member's {@code locationName} when it has one;</li>
 *   <li>map: {@code <Name><entry><key>k</key><value>v</value></entry>...</Name>} (flattened: one
 *       {@code <Name><key/><value/></Name>} per entry);</li>
 *   <li>timestamp: from epoch seconds (a JSON number, fractions allowed) or ISO 8601 text, written in ISO 8601 UTC
 *       with milliseconds when there are any, or as the model's {@code timestampFormat} says;</li>
 *   <li>boolean: {@code true}/{@code false} (a JSON boolean, or its text); numbers in decimal;</li>
 *   <li>blob: base64 (a JSON binary value is encoded; JSON text is taken to be base64 already);</li>
 *   <li>string: the text, escaped ({@code & < >}; carriage returns as {@code &#xD;} so XML parsers keep them;
 *       characters XML 1.0 cannot carry as U+FFFD).</li>
 * </ul>
 * A value of the wrong JSON kind for its shape (an object where a list belongs) is a handler bug: it throws
 * {@link IllegalArgumentException}, which the pipeline answers as an internal error.
 */
public final class QueryXml {
    public static final String CONTENT_TYPE = "text/xml";

    private QueryXml() {}

    /** The success body of {@code operation} with the handler's {@code output} (may be null). */
    public static byte[] response(ServiceModel model, ServiceModel.Operation operation, JsonNode output, String id) {
        String name = operation.name();
        StringBuilder sb = new StringBuilder(512);
        sb.append('<').append(name).append("Response");
        namespace(sb, model.xmlNamespace());
        sb.append('>');
        Shape shape = operation.output();
        if (shape != null) {
            String wrapper = operation.resultWrapper() != null ? operation.resultWrapper() : name + "Result";
            sb.append('<').append(wrapper).append('>');
            if (output != null && !output.isNull()) {
                if (!output.isObject()) throw wrongKind(wrapper, "an object", output);
                members(sb, shape, output);
            }
            sb.append("</").append(wrapper).append('>');
        }
        sb.append("<ResponseMetadata><RequestId>");
        text(sb, id);
        sb.append("</RequestId></ResponseMetadata></").append(name).append("Response>");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * An error body: {@code <ErrorResponse xmlns=ns><Error><Type>Sender|Receiver</Type><Code/><Message/></Error>
     * <RequestId/></ErrorResponse>}; no namespace when {@code namespace} is null, no {@code Message} when
     * {@code message} is null.
     */
    public static byte[] error(String namespace, boolean senderFault, String code, String message, String id) {
        StringBuilder sb = new StringBuilder(256);
        sb.append("<ErrorResponse");
        namespace(sb, namespace);
        sb.append("><Error><Type>").append(senderFault ? "Sender" : "Receiver").append("</Type><Code>");
        text(sb, code);
        sb.append("</Code>");
        if (message != null) {
            sb.append("<Message>");
            text(sb, message);
            sb.append("</Message>");
        }
        sb.append("</Error><RequestId>");
        text(sb, id);
        sb.append("</RequestId></ErrorResponse>");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void namespace(StringBuilder sb, String uri) {
        if (uri == null) return;
        sb.append(" xmlns=\"");
        attribute(sb, uri);
        sb.append('"');
    }

    private static void members(StringBuilder sb, Shape shape, JsonNode object) {
        for (Member m : shape.members()) {
            JsonNode v = object.get(m.name());
            if (v == null || v.isNull() || m.xmlAttribute()) continue;
            member(sb, m, v);
        }
    }

    private static void member(StringBuilder sb, Member m, JsonNode v) {
        Shape shape = m.shape();
        String name = m.locationName();
        if (m.flattened() && shape.type() == ServiceModel.ShapeType.LIST) {
            if (!v.isArray()) throw wrongKind(name, "an array", v);
            String element = shape.listMemberName() != null ? shape.listMemberName() : name;
            for (JsonNode e : v) {
                if (e.isNull()) continue;
                open(sb, element, m.xmlNamespace());
                content(sb, shape.listMember(), e, null, element);
                close(sb, element);
            }
            return;
        }
        if (m.flattened() && shape.type() == ServiceModel.ShapeType.MAP) {
            if (!v.isObject()) throw wrongKind(name, "an object", v);
            for (Map.Entry<String, JsonNode> e : v.properties()) {
                open(sb, name, m.xmlNamespace());
                entry(sb, shape, e);
                close(sb, name);
            }
            return;
        }
        open(sb, name, m.xmlNamespace());
        content(sb, shape, v, m.timestampFormat(), name);
        close(sb, name);
    }

    /** What goes between the tags of an element of {@code shape} with value {@code v}. */
    private static void content(StringBuilder sb, Shape shape, JsonNode v, String timestampFormat, String where) {
        switch (shape.type()) {
            case STRUCTURE -> {
                if (!v.isObject()) throw wrongKind(where, "an object", v);
                members(sb, shape, v);
            }
            case LIST -> {
                if (!v.isArray()) throw wrongKind(where, "an array", v);
                String element = shape.listMemberName() != null ? shape.listMemberName() : "member";
                for (JsonNode e : v) {
                    if (e.isNull()) continue;
                    sb.append('<').append(element).append('>');
                    content(sb, shape.listMember(), e, null, where + "." + element);
                    close(sb, element);
                }
            }
            case MAP -> {
                if (!v.isObject()) throw wrongKind(where, "an object", v);
                for (Map.Entry<String, JsonNode> e : v.properties()) {
                    sb.append("<entry>");
                    entry(sb, shape, e);
                    sb.append("</entry>");
                }
            }
            case TIMESTAMP -> {
                String format = timestampFormat != null ? timestampFormat : shape.timestampFormat();
                try {
                    sb.append(Timestamps.format(Timestamps.of(v), format));
                } catch (IllegalArgumentException | ArithmeticException | java.time.DateTimeException e) {
                    throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
                }
            }
            case BLOB -> {
                if (v.isBinary()) {
                    try {
                        sb.append(Base64.getEncoder().encodeToString(v.binaryValue()));
                    } catch (java.io.IOException e) {
                        throw new IllegalArgumentException(where + ": unreadable binary value", e);
                    }
                } else if (v.isTextual()) {
                    text(sb, v.textValue());
                } else {
                    throw wrongKind(where, "base64 text or binary", v);
                }
            }
            case BOOLEAN -> {
                if (v.isBoolean()) sb.append(v.booleanValue());
                else if (v.isTextual()) text(sb, v.textValue());
                else throw wrongKind(where, "a boolean", v);
            }
            case BYTE, SHORT, INTEGER, LONG, FLOAT, DOUBLE -> {
                if (v.isNumber()) sb.append(v.isFloatingPointNumber() ? number(v) : v.asText());
                else if (v.isTextual()) text(sb, v.textValue());
                else throw wrongKind(where, "a number", v);
            }
            default -> {
                if (v.isContainerNode()) throw wrongKind(where, "a string", v);
                text(sb, v.asText());
            }
        }
    }

    private static String number(JsonNode v) {
        if (v.isBigDecimal()) return v.decimalValue().toPlainString();
        double d = v.doubleValue();
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    private static void entry(StringBuilder sb, Shape map, Map.Entry<String, JsonNode> e) {
        String key = map.mapKeyName() != null ? map.mapKeyName() : "key";
        String value = map.mapValueName() != null ? map.mapValueName() : "value";
        sb.append('<').append(key).append('>');
        text(sb, e.getKey());
        close(sb, key);
        if (e.getValue() != null && !e.getValue().isNull()) {
            sb.append('<').append(value).append('>');
            content(sb, map.mapValue(), e.getValue(), null, e.getKey());
            close(sb, value);
        }
    }

    private static void open(StringBuilder sb, String name, String namespace) {
        sb.append('<').append(name);
        namespace(sb, namespace);
        sb.append('>');
    }

    private static void close(StringBuilder sb, String name) {
        sb.append("</").append(name).append('>');
    }

    private static IllegalArgumentException wrongKind(String where, String expected, JsonNode v) {
        return new IllegalArgumentException("the output member " + where + " must be " + expected + ", not "
                + v.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
    }

    /** Escapes text content. */
    static void text(StringBuilder sb, String s) {
        escape(sb, s, false);
    }

    private static void attribute(StringBuilder sb, String s) {
        escape(sb, s, true);
    }

    private static void escape(StringBuilder sb, String s, boolean attribute) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '\r' -> sb.append("&#xD;");
                case '"' -> sb.append(attribute ? "&quot;" : "\"");
                case '\t', '\n' -> sb.append(attribute ? (c == '\t' ? "&#x9;" : "&#xA;") : String.valueOf(c));
                default -> {
                    if (c < 0x20 || c == 0xFFFE || c == 0xFFFF) {
                        sb.append('\uFFFD');
                    } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                        sb.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        sb.append('\uFFFD');
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
    }
}
