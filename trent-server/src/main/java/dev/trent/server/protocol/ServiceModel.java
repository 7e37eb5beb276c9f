package dev.trent.server.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The wire contract of one AWS service: its operations, the shapes of their inputs and outputs, its errors, and
 * the serialization traits the AWS Query protocol and its XML responses need (result wrappers, location names,
 * flattened collections, timestamp formats, XML namespaces).
 *
 * <p>A model is read from the compact JSON that {@code tools/gen-service-model.py} derives from a
 * botocore service model (for KMS: {@code kms-model.json} next to this class). Loading resolves
 * every shape reference, compiles every pattern and precomputes the constraint texts, so that
 * {@link RequestValidator} does no name lookups, no regex compilation and no message building on
 * the success path. Load a model once, at startup, and share it: it is immutable and thread-safe.
 *
 * <p>Nothing here is specific to KMS; {@link #fromResource(String)} loads any generated model
 * (e.g. a future {@code ssm-model.json}).
 */
public final class ServiceModel {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String origin;
    private final Map<String, String> metadata;
    private final Map<String, Operation> operations;
    private final Map<String, Shape> shapes;
    private final Map<String, ErrorShape> errors;

    private ServiceModel(
            String origin,
            Map<String, String> metadata,
            Map<String, Operation> operations,
            Map<String, Shape> shapes,
            Map<String, ErrorShape> errors) {
        this.origin = origin;
        this.metadata = metadata;
        this.operations = operations;
        this.shapes = shapes;
        this.errors = errors;
    }

    /** The KMS model ({@code kms-model.json}), loaded on first use and shared afterwards. */
    public static ServiceModel kms() {
        return KmsHolder.KMS;
    }

    private static final class KmsHolder {
        static final ServiceModel KMS = fromResource("kms-model.json");
    }

    /**
     * Loads a generated model from a classpath resource in this package.
     *
     * @param resourceName e.g. {@code "kms-model.json"}
     * @throws IllegalStateException if the resource is missing or not a valid model
     */
    public static ServiceModel fromResource(String resourceName) {
        try (InputStream in = ServiceModel.class.getResourceAsStream(resourceName)) {
            if (in == null) {
                throw new IllegalStateException("service model resource not found: " + resourceName);
            }
            return load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read service model " + resourceName, e);
        }
    }

    /**
     * Reads a generated model.
     *
     * @throws IOException if the stream cannot be read or is not JSON
     * @throws IllegalArgumentException if the JSON is not a consistent model (e.g. a dangling shape
     *     reference or a pattern that does not compile)
     */
    public static ServiceModel load(InputStream in) throws IOException {
        return parse(MAPPER.readTree(in));
    }

    /** Builds a model from the already parsed JSON of a generated model file. */
    public static ServiceModel parse(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("service model must be a JSON object");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        JsonNode metaNode = root.path("metadata");
        for (Map.Entry<String, JsonNode> e : metaNode.properties()) {
            metadata.put(e.getKey(), e.getValue().asText());
        }

        JsonNode shapesNode = root.path("shapes");
        if (!shapesNode.isObject()) {
            throw new IllegalArgumentException("service model has no shapes");
        }
        Map<String, Shape> shapes = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : shapesNode.properties()) {
            shapes.put(e.getKey(), new Shape(e.getKey(), e.getValue()));
        }
        for (Shape shape : shapes.values()) {
            shape.link(shapes);
        }
        for (Shape shape : shapes.values()) {
            shape.computeEcho();
        }

        Map<String, Operation> operations = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : root.path("operations").properties()) {
            JsonNode op = e.getValue();
            List<String> errors = new ArrayList<>();
            for (JsonNode err : op.path("errors")) {
                errors.add(err.asText());
            }
            operations.put(
                    e.getKey(),
                    new Operation(
                            e.getKey(),
                            resolve(shapes, op.path("input").asText(null), "input of " + e.getKey()),
                            resolve(shapes, op.path("output").asText(null), "output of " + e.getKey()),
                            List.copyOf(errors),
                            op.path("resultWrapper").asText(null),
                            op.path("method").asText("POST"),
                            "none".equals(op.path("authtype").asText(null))));
        }
        return new ServiceModel(
                root.path("origin").asText(""),
                Collections.unmodifiableMap(metadata),
                Collections.unmodifiableMap(new HashMap<>(operations)),
                Collections.unmodifiableMap(shapes),
                errorIndex(shapes));
    }

    /** The exception shapes by shape name and by wire code (where the model gives one that differs). */
    private static Map<String, ErrorShape> errorIndex(Map<String, Shape> shapes) {
        Map<String, ErrorShape> byName = new HashMap<>();
        Map<String, ErrorShape> byCode = new HashMap<>();
        for (Shape s : shapes.values()) {
            if (!s.exception) continue;
            JsonNode error = s.source.path("error");
            String code = error.path("code").asText(s.name);
            int status = error.path("httpStatusCode").asInt(s.fault ? 500 : 400);
            boolean sender =
                    error.has("senderFault") ? error.path("senderFault").asBoolean() : !s.fault && status < 500;
            ErrorShape e = new ErrorShape(s.name, code, status, sender);
            byName.put(s.name, e);
            byCode.putIfAbsent(code, e);
        }
        byCode.putAll(byName); // a shape name wins over another shape's code
        return Collections.unmodifiableMap(byCode);
    }

    /** botocore writes an XML namespace as {@code {"uri": ..., "prefix": ...}}; a bare string is taken as the URI. */
    private static String namespaceUri(JsonNode ns) {
        return ns.isObject() ? ns.path("uri").asText(null) : ns.asText(null);
    }

    private static Shape resolve(Map<String, Shape> shapes, String name, String where) {
        if (name == null) {
            return null;
        }
        Shape shape = shapes.get(name);
        if (shape == null) {
            throw new IllegalArgumentException("undefined shape " + name + " (" + where + ")");
        }
        return shape;
    }

    /** The provenance note of the generated file (source model and its licence). */
    public String origin() {
        return origin;
    }

    /** A metadata value such as {@code targetPrefix}, {@code jsonVersion}, or {@code null}. */
    public String metadata(String key) {
        return metadata.get(key);
    }

    /** The {@code X-Amz-Target} prefix, e.g. {@code TrentService} for KMS. */
    public String targetPrefix() {
        return metadata.get("targetPrefix");
    }

    /** The AWS JSON protocol version, e.g. {@code 1.1}. */
    public String jsonVersion() {
        return metadata.get("jsonVersion");
    }

    /** botocore's protocol name: {@code json}, {@code query}, {@code rest-json}, ... */
    public String protocol() {
        return metadata.get("protocol");
    }

    /** The API version ({@code 2010-05-08} for IAM), sent as {@code Version} by Query clients. */
    public String apiVersion() {
        return metadata.get("apiVersion");
    }

    /** The XML namespace of Query responses ({@code https://iam.amazonaws.com/doc/2010-05-08/}), or null. */
    public String xmlNamespace() {
        return metadata.get("xmlNamespace");
    }

    /**
     * The exception shape named {@code codeOrShapeName} ({@code NoSuchEntityException}) or sent on the wire as it
     * ({@code NoSuchEntity}), or null when the model has no such error.
     */
    public ErrorShape error(String codeOrShapeName) {
        return codeOrShapeName == null ? null : errors.get(codeOrShapeName);
    }

    /** Whether the service has an operation of this name (e.g. {@code Encrypt}). */
    public boolean hasOperation(String name) {
        return name != null && operations.containsKey(name);
    }

    /** The operation of this name, or {@code null}. */
    public Operation operation(String name) {
        return name == null ? null : operations.get(name);
    }

    /** The input shape of an operation, or {@code null} if it is unknown or takes no input. */
    public Shape inputShape(String operation) {
        Operation op = operation(operation);
        return op == null ? null : op.input();
    }

    /** The names of all operations. */
    public Set<String> operationNames() {
        return operations.keySet();
    }

    /** The shape of this name, or {@code null}. */
    public Shape shape(String name) {
        return shapes.get(name);
    }

    /** All shapes by name, in model order. */
    public Map<String, Shape> shapes() {
        return shapes;
    }

    /**
     * One operation: its input and output shapes (either may be {@code null}), error shapes, the element that
     * wraps its result in a Query response ({@code resultWrapper}, e.g. {@code GetUserResult}; null for AWS JSON),
     * its HTTP method, and whether it is called without a signature ({@code authtype: none}, e.g. STS
     * {@code AssumeRoleWithWebIdentity}).
     */
    public record Operation(
            String name,
            Shape input,
            Shape output,
            List<String> errors,
            String resultWrapper,
            String httpMethod,
            boolean unsigned) {}

    /**
     * An error of the service as it goes on the wire.
     *
     * @param shapeName the exception shape ({@code NoSuchEntityException})
     * @param code the wire code: the model's {@code error.code} ({@code NoSuchEntity}) or else the shape name
     * @param httpStatus the model's {@code error.httpStatusCode}, else 500 for a fault and 400 otherwise
     * @param senderFault whether the caller is at fault (Query's {@code <Type>Sender</Type>})
     */
    public record ErrorShape(String shapeName, String code, int httpStatus, boolean senderFault) {}

    /** The shape types of a botocore model. */
    public enum ShapeType {
        STRUCTURE("Member must be a structure"),
        LIST("Member must be a list"),
        MAP("Member must be a map"),
        STRING("Member must be a string"),
        BLOB("Member must be a base64-encoded binary value"),
        BOOLEAN("Member must be a boolean"),
        BYTE("Member must be an integer"),
        SHORT("Member must be an integer"),
        INTEGER("Member must be an integer"),
        LONG("Member must be an integer"),
        FLOAT("Member must be a number"),
        DOUBLE("Member must be a number"),
        TIMESTAMP("Member must be a timestamp"),
        /** Any JSON value (Smithy documents and types this validator does not know). */
        DOCUMENT("");

        final String typeConstraint;

        ShapeType(String typeConstraint) {
            this.typeConstraint = typeConstraint;
        }

        /** Structures, lists and maps: the shapes whose values contain other values. */
        public boolean isAggregate() {
            return this == STRUCTURE || this == LIST || this == MAP;
        }

        boolean isIntegral() {
            return this == BYTE || this == SHORT || this == INTEGER || this == LONG;
        }

        static ShapeType of(String modelType) {
            return switch (modelType) {
                case "structure" -> STRUCTURE;
                case "list" -> LIST;
                case "map" -> MAP;
                case "string" -> STRING;
                case "blob" -> BLOB;
                case "boolean" -> BOOLEAN;
                case "byte" -> BYTE;
                case "short" -> SHORT;
                case "integer" -> INTEGER;
                case "long" -> LONG;
                case "float" -> FLOAT;
                case "double" -> DOUBLE;
                case "timestamp" -> TIMESTAMP;
                default -> DOCUMENT;
            };
        }
    }

    /** A member of a structure. */
    public static final class Member {
        final String name;
        final String pathName;
        final Shape shape;
        final boolean required;
        final boolean sensitive;
        final String locationName;
        final boolean flattened;
        final String xmlNamespace;
        final boolean xmlAttribute;
        final String timestampFormat;

        Member(String name, Shape shape, boolean required, boolean sensitive, JsonNode traits) {
            this.name = name;
            this.pathName = pathName(name);
            this.shape = shape;
            this.required = required;
            this.sensitive = sensitive || shape.sensitive;
            JsonNode t = traits;
            this.locationName = t.path("locationName").asText(name);
            this.flattened = t.path("flattened").asBoolean(shape.flattened);
            this.xmlNamespace = t.has("xmlNamespace") ? namespaceUri(t.get("xmlNamespace")) : shape.xmlNamespace;
            this.xmlAttribute = t.path("xmlAttribute").asBoolean(false);
            this.timestampFormat = t.path("timestampFormat").asText(shape.timestampFormat);
        }

        /** The JSON member name, e.g. {@code KeyId}. */
        public String name() {
            return name;
        }

        /** The name AWS uses in error paths: first letter lowercased, e.g. {@code keyId}. */
        public String pathName() {
            return pathName;
        }

        public Shape shape() {
            return shape;
        }

        public boolean required() {
            return required;
        }

        /** Whether values of this member must not appear in messages (member or shape trait). */
        public boolean sensitive() {
            return sensitive;
        }

        /** The name on the wire (Query parameter, XML element): the model's {@code locationName}, else the name. */
        public String locationName() {
            return locationName;
        }

        /** Whether a list or map member is flattened (member trait, else the shape's). */
        public boolean flattened() {
            return flattened;
        }

        /** The XML namespace URI of the member's element (member trait, else the shape's), or null. */
        public String xmlNamespace() {
            return xmlNamespace;
        }

        /** Whether the member is an XML attribute rather than an element (REST-XML; not used by Query). */
        public boolean xmlAttribute() {
            return xmlAttribute;
        }

        /**
         * The timestamp format ({@code iso8601}, {@code unixTimestamp}, {@code rfc822}) the model gives the member
         * or its shape, or null for the protocol's default.
         */
        public String timestampFormat() {
            return timestampFormat;
        }

        static String pathName(String name) {
            if (name.isEmpty() || !Character.isUpperCase(name.charAt(0))) {
                return name;
            }
            return Character.toLowerCase(name.charAt(0)) + name.substring(1);
        }
    }

    /**
     * A shape with its constraints, resolved and precompiled.
     *
     * <p>For strings, {@code min}/{@code max} bound the length in characters; for blobs, the
     * decoded length in bytes; for lists and maps, the number of entries; for numbers, the value.
     */
    public static final class Shape {
        final String name;
        final ShapeType type;
        final boolean sensitive;

        final boolean hasMin;
        final boolean hasMax;
        final BigDecimal min;
        final BigDecimal max;
        /** Effective integral bounds: the model bounds clipped to the type's range. */
        long minLong;

        long maxLong;
        String minLongText;
        String maxLongText;

        final List<String> enumValues;
        final Set<String> enumSet;
        final String pattern;
        final Pattern compiledPattern;

        final boolean exception;
        final boolean fault;
        final boolean flattened;
        final String timestampFormat;
        final String xmlNamespace;
        final String listMemberName;
        final String mapKeyName;
        final String mapValueName;

        private final JsonNode source;
        List<Member> members = List.of();
        Shape listMember;
        Shape mapKey;
        Shape mapValue;

        /** Length bounds (strings, blobs, lists, maps); 0 and Long.MAX_VALUE when unbounded. */
        long minLength;

        long maxLength = Long.MAX_VALUE;
        /** Value bounds of float and double shapes. */
        double minDouble;

        double maxDouble;
        /** Whether the shape has any length, range, enum or pattern constraint. */
        boolean constrained;

        /** "Member must have length less than or equal to N" and the like, precomputed. */
        String maxConstraint;

        String minConstraint;
        String enumConstraint;
        String patternConstraint;
        /** All constraints of this shape, "[c1, c2]", as AWS lists them for collection entries. */
        String constraintList;
        /** "[Member must be a string]" and the like, for collection entries of the wrong type. */
        String typeConstraintList;
        /** Whether a value of this shape may be echoed in a message (no blob, structure, secret). */
        boolean echo;

        private boolean echoComputed;

        Shape(String name, JsonNode node) {
            this.name = name;
            this.source = node;
            this.type = ShapeType.of(node.path("type").asText(""));
            this.sensitive = node.path("sensitive").asBoolean(false);
            this.hasMin = node.hasNonNull("min");
            this.hasMax = node.hasNonNull("max");
            this.min = hasMin ? node.get("min").decimalValue() : null;
            this.max = hasMax ? node.get("max").decimalValue() : null;
            JsonNode enumNode = node.get("enum");
            if (enumNode != null && enumNode.isArray()) {
                List<String> values = new ArrayList<>();
                for (JsonNode v : enumNode) {
                    values.add(v.asText());
                }
                this.enumValues = List.copyOf(values);
                this.enumSet = Set.copyOf(new HashSet<>(values));
            } else {
                this.enumValues = List.of();
                this.enumSet = null;
            }
            this.pattern = node.hasNonNull("pattern") ? node.get("pattern").asText() : null;
            this.exception = node.path("exception").asBoolean(false);
            this.fault = node.path("fault").asBoolean(false);
            this.flattened = node.path("flattened").asBoolean(false);
            this.timestampFormat = node.path("timestampFormat").asText(null);
            this.xmlNamespace = node.has("xmlNamespace") ? namespaceUri(node.get("xmlNamespace")) : null;
            this.listMemberName = node.path("memberName").asText(null);
            this.mapKeyName = node.path("keyName").asText(null);
            this.mapValueName = node.path("valueName").asText(null);
            try {
                this.compiledPattern = pattern == null ? null : ModelPatterns.compile(pattern);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("shape " + name + ": " + e.getMessage(), e);
            }
        }

        void link(Map<String, Shape> shapes) {
            switch (type) {
                case STRUCTURE -> {
                    Set<String> required = new HashSet<>();
                    for (JsonNode r : source.path("required")) {
                        required.add(r.asText());
                    }
                    List<Member> list = new ArrayList<>();
                    for (Map.Entry<String, JsonNode> e : source.path("members").properties()) {
                        JsonNode m = e.getValue();
                        list.add(new Member(
                                e.getKey(),
                                resolve(shapes, m.path("shape").asText(null), "member " + name + "." + e.getKey()),
                                required.contains(e.getKey()),
                                m.path("sensitive").asBoolean(false),
                                m));
                    }
                    members = List.copyOf(list);
                }
                case LIST -> listMember = resolve(shapes, source.path("member").asText(null), "member of " + name);
                case MAP -> {
                    mapKey = resolve(shapes, source.path("key").asText(null), "key of " + name);
                    mapValue = resolve(shapes, source.path("value").asText(null), "value of " + name);
                }
                default -> {}
            }
            if (type == ShapeType.LIST && listMember == null
                    || type == ShapeType.MAP && (mapKey == null || mapValue == null)) {
                throw new IllegalArgumentException("shape " + name + " lacks its member/key/value shape");
            }
            precomputeConstraints();
        }

        private void precomputeConstraints() {
            List<String> all = new ArrayList<>(4);
            boolean valueBounds = type.isIntegral() || type == ShapeType.FLOAT || type == ShapeType.DOUBLE;
            String what = valueBounds ? "value" : "length";
            if (type.isIntegral()) {
                long typeMin = switch (type) {
                    case BYTE -> Byte.MIN_VALUE;
                    case SHORT -> Short.MIN_VALUE;
                    case INTEGER -> Integer.MIN_VALUE;
                    default -> Long.MIN_VALUE;
                };
                long typeMax = switch (type) {
                    case BYTE -> Byte.MAX_VALUE;
                    case SHORT -> Short.MAX_VALUE;
                    case INTEGER -> Integer.MAX_VALUE;
                    default -> Long.MAX_VALUE;
                };
                minLong = hasMin ? clamp(min, typeMin, typeMax, true) : typeMin;
                maxLong = hasMax ? clamp(max, typeMin, typeMax, false) : typeMax;
                minLongText = Long.toString(minLong);
                maxLongText = Long.toString(maxLong);
            }
            // Integral types always get both bounds: a value outside the type's range is reported
            // like one outside the model's range, with the bound that applies.
            if (hasMax || type.isIntegral()) {
                String bound = type.isIntegral() ? maxLongText : max.toPlainString();
                maxConstraint = "Member must have " + what + " less than or equal to " + bound;
                if (hasMax) {
                    all.add(maxConstraint);
                }
            }
            if (hasMin || type.isIntegral()) {
                String bound = type.isIntegral() ? minLongText : min.toPlainString();
                minConstraint = "Member must have " + what + " greater than or equal to " + bound;
                if (hasMin) {
                    all.add(minConstraint);
                }
            }
            if (enumSet != null) {
                enumConstraint = "Member must satisfy enum value set: [" + String.join(", ", enumValues) + "]";
                all.add(enumConstraint);
            }
            if (pattern != null) {
                patternConstraint = "Member must satisfy regular expression pattern: " + pattern;
                all.add(patternConstraint);
            }
            constraintList = "[" + String.join(", ", all) + "]";
            typeConstraintList = "[" + type.typeConstraint + "]";
            constrained = !all.isEmpty();
            if (!valueBounds) {
                minLength = hasMin ? Math.max(0, clamp(min, 0, Long.MAX_VALUE, true)) : 0;
                maxLength = hasMax ? clamp(max, -1, Long.MAX_VALUE, false) : Long.MAX_VALUE;
            } else if (!type.isIntegral()) {
                minDouble = hasMin ? min.doubleValue() : Double.NEGATIVE_INFINITY;
                maxDouble = hasMax ? max.doubleValue() : Double.POSITIVE_INFINITY;
            }
        }

        private static long clamp(BigDecimal bound, long typeMin, long typeMax, boolean lower) {
            BigDecimal rounded =
                    bound.setScale(0, lower ? java.math.RoundingMode.CEILING : java.math.RoundingMode.FLOOR);
            if (rounded.compareTo(BigDecimal.valueOf(typeMin)) < 0) {
                return typeMin;
            }
            if (rounded.compareTo(BigDecimal.valueOf(typeMax)) > 0) {
                return typeMax;
            }
            return rounded.longValueExact();
        }

        void computeEcho() {
            if (echoComputed) {
                return;
            }
            echoComputed = true;
            echo = false; // provisional, in case of a cycle
            boolean e = !sensitive && type != ShapeType.BLOB && type != ShapeType.STRUCTURE;
            if (e && type == ShapeType.LIST) {
                listMember.computeEcho();
                e = listMember.echo;
            } else if (e && type == ShapeType.MAP) {
                mapKey.computeEcho();
                mapValue.computeEcho();
                e = mapKey.echo && mapValue.echo;
            }
            echo = e;
        }

        public String name() {
            return name;
        }

        public ShapeType type() {
            return type;
        }

        /** Whether the shape itself carries the {@code sensitive} trait. */
        public boolean sensitive() {
            return sensitive;
        }

        /** The structure's members in declaration order (empty for other types). */
        public List<Member> members() {
            return members;
        }

        /** The member of a structure by JSON name, or {@code null}. Not for per-request use. */
        public Member member(String memberName) {
            for (Member m : members) {
                if (m.name.equals(memberName)) {
                    return m;
                }
            }
            return null;
        }

        /** The element shape of a list, else {@code null}. */
        public Shape listMember() {
            return listMember;
        }

        /** The key shape of a map, else {@code null}. */
        public Shape mapKey() {
            return mapKey;
        }

        /** The value shape of a map, else {@code null}. */
        public Shape mapValue() {
            return mapValue;
        }

        /** The lower bound, or {@code null}. */
        public BigDecimal min() {
            return min;
        }

        /** The upper bound, or {@code null}. */
        public BigDecimal max() {
            return max;
        }

        /** Whether a list or map shape is flattened in Query parameters and XML. */
        public boolean flattened() {
            return flattened;
        }

        /** The shape's timestamp format trait, or null. */
        public String timestampFormat() {
            return timestampFormat;
        }

        /**
         * The wire name of a list's elements: the list member's {@code locationName}, else null (Query and XML then
         * use {@code member} for a list that is not flattened).
         */
        public String listMemberName() {
            return listMemberName;
        }

        /** The wire name of a map's keys ({@code locationName} of the key), else null ({@code key}). */
        public String mapKeyName() {
            return mapKeyName;
        }

        /** The wire name of a map's values ({@code locationName} of the value), else null ({@code value}). */
        public String mapValueName() {
            return mapValueName;
        }

        /** Whether this is an exception shape. */
        public boolean exception() {
            return exception;
        }

        /** The enum values in model order (empty if not an enum). */
        public List<String> enumValues() {
            return enumValues;
        }

        /** The model's pattern text, or {@code null}. */
        public String pattern() {
            return pattern;
        }

        @Override
        public String toString() {
            return name + "(" + type.name().toLowerCase(java.util.Locale.ROOT) + ")";
        }
    }
}
