package dev.trent.server.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trent.core.Caller;
import dev.trent.core.Json;
import dev.trent.core.audit.AuditEvent;
import dev.trent.core.audit.EventAttributes;
import dev.trent.server.pipeline.Exchange;
import dev.trent.server.pipeline.OperationSpec;
import dev.trent.server.protocol.ServiceModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders an {@link AuditedRequest} as a CloudTrail record (event version 1.11): who ({@code userIdentity} per
 * principal type), what ({@code eventSource}, {@code eventName}, {@code requestParameters}), the result
 * ({@code errorCode}/{@code errorMessage}, {@code responseElements} for operations that change something), and the
 * resources it touched.
 *
 * <p>Secrets never get in: request and response members are taken through the service's model, and every member
 * whose shape is binary (plaintexts, ciphertexts, messages, signatures, key material, import tokens) or marked
 * sensitive (secret access keys, passwords) is left out, as are session tokens; member names are camel-cased as
 * CloudTrail writes them. Cryptographic operations get {@code responseElements: null}, as in CloudTrail.
 */
public final class CloudTrailEvents {
    public static final String EVENT_VERSION = "1.11";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String KEY_TYPE = "AWS::KMS::Key";
    /** Members never recorded whatever their shape says. */
    private static final Set<String> NEVER = Set.of(
            "SessionToken",
            "SecretAccessKey",
            "Password",
            "NewPassword",
            "OldPassword",
            "PrivateKeyPlaintext",
            "Plaintext",
            "CiphertextBlob",
            "SecretString",
            "SecretBinary");

    private static final Pattern CREDENTIAL =
            Pattern.compile("Credential=([A-Z0-9]{16,128})/\\d{8}/([a-z0-9-]{1,40})/");
    private static final int MAX_TARGET = 128;
    private static final Pattern KEY_ID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32}");

    private CloudTrailEvents() {}

    /** The event of a request, as the tree {@link #write} writes (for tests and tools; the journal streams it). */
    public static ObjectNode render(AuditedRequest r) {
        return tree(r, null, null);
    }

    /**
     * The event of a KMS call that another service ({@code invokedBy}, e.g. {@code ssm.amazonaws.com}) made on the
     * caller's behalf, as CloudTrail writes it: the caller's identity with {@code invokedBy}, the service as source
     * address and user agent, and the key as the resource.
     */
    public static ObjectNode onBehalf(AuditedRequest r, String invokedBy, String keyArn) {
        return tree(r, invokedBy, keyArn);
    }

    /** The audit event of a request (or of a call made on its caller's behalf), streamed by the journal's writer. */
    public static AuditEvent event(AuditedRequest r, String invokedBy, String keyArn) {
        return new AuditEvent() {
            @Override
            public ObjectNode render() {
                return tree(r, invokedBy, keyArn);
            }

            @Override
            public EventAttributes write(JsonGenerator g) throws IOException {
                return CloudTrailEvents.write(r, invokedBy, keyArn, g);
            }
        };
    }

    private static ObjectNode tree(AuditedRequest r, String invokedBy, String keyArn) {
        return (ObjectNode) Json.parse(bytes(g -> write(r, invokedBy, keyArn, g)));
    }

    /**
     * Writes the CloudTrail record of {@code r} (of a call made on behalf of its caller by {@code invokedBy} on
     * {@code keyArn} when {@code invokedBy} is not null) and returns what look-ups match it on.
     */
    static EventAttributes write(AuditedRequest r, String invokedBy, String keyArn, JsonGenerator g)
            throws IOException {
        Caller c = r.caller();
        Matcher credential = c == null ? credential(r) : null;
        g.writeStartObject();
        g.writeStringField("eventVersion", EVENT_VERSION);
        String accessKeyId = writeUserIdentity(r, credential, invokedBy, g);
        long time = r.receivedAt().truncatedTo(ChronoUnit.SECONDS).toEpochMilli();
        g.writeStringField("eventTime", Instant.ofEpochMilli(time).toString());
        String source = eventSource(r);
        g.writeStringField("eventSource", source);
        String name = eventName(r);
        g.writeStringField("eventName", name);
        g.writeStringField(
                "awsRegion", c != null ? c.region() : credential != null ? credential.group(2) : "us-east-1");
        g.writeStringField("sourceIPAddress", invokedBy != null ? invokedBy : r.sourceIp());
        g.writeStringField("userAgent", invokedBy != null ? invokedBy : r.userAgent());
        if (r.errorCode() != null) {
            g.writeStringField("errorCode", r.errorCode());
            g.writeStringField("errorMessage", r.errorMessage());
        }
        ServiceModel model = r.service() == null ? null : r.service().model();
        OperationSpec op = r.operation();
        ServiceModel.Operation mop = model == null || op == null ? null : model.operation(op.name());
        g.writeFieldName("requestParameters");
        if (r.request() == null) g.writeNull();
        else writeClean(r.request(), mop == null ? null : mop.input(), g);
        boolean readOnly = op == null || op.audit().readOnly();
        g.writeFieldName("responseElements");
        ServiceModel.Shape output = mop == null ? null : mop.output();
        if (r.response() != null && !readOnly && r.errorCode() == null && recordsAnything(r.response(), output)) {
            writeClean(r.response(), output, g);
        } else {
            g.writeNull();
        }
        String keyMaterialId = r.response() == null ? null : text(r.response(), "KeyMaterialId");
        if (keyMaterialId != null) {
            g.writeObjectFieldStart("additionalEventData");
            g.writeStringField("keyMaterialId", keyMaterialId);
            g.writeEndObject();
        }
        g.writeStringField("requestID", r.requestId());
        g.writeStringField("eventID", r.eventId());
        g.writeBooleanField("readOnly", readOnly);
        String resource =
                invokedBy != null && keyArn != null && keyArn.startsWith("arn:") && c != null ? keyArn : resource(r);
        List<String[]> resources = List.of();
        if (resource != null) {
            g.writeArrayFieldStart("resources");
            writeKeyResource(resource, g);
            g.writeEndArray();
            resources = List.<String[]>of(new String[] {KEY_TYPE, resource});
        }
        g.writeStringField("eventType", "AwsApiCall");
        g.writeBooleanField("managementEvent", true);
        if (c != null) g.writeStringField("recipientAccountId", c.accountId());
        g.writeStringField("eventCategory", "Management");
        g.writeEndObject();
        return new EventAttributes(
                time,
                c == null ? null : c.accountId(),
                r.eventId(),
                name,
                source,
                readOnly,
                username(c),
                accessKeyId,
                resources);
    }

    /** An event of Trent's own doing (a scheduled deletion carried out, an automatic rotation). */
    public static ObjectNode serviceEvent(
            Instant time, String eventName, String accountId, String region, String keyArn, ObjectNode details) {
        ObjectNode e = F.objectNode();
        e.put("eventVersion", EVENT_VERSION);
        e.putObject("userIdentity").put("accountId", accountId).put("invokedBy", "kms.amazonaws.com");
        e.put("eventTime", time.truncatedTo(ChronoUnit.SECONDS).toString());
        e.put("eventSource", "kms.amazonaws.com");
        e.put("eventName", eventName);
        e.put("awsRegion", region);
        e.put("sourceIPAddress", "kms.amazonaws.com");
        e.put("userAgent", "kms.amazonaws.com");
        e.putNull("requestParameters");
        e.putNull("responseElements");
        if (details != null) e.set("additionalEventData", details);
        e.put("eventID", Exchange.randomId());
        e.put("readOnly", false);
        e.putArray("resources")
                .addObject()
                .put("accountId", accountId)
                .put("type", "AWS::KMS::Key")
                .put("ARN", keyArn);
        e.put("eventType", "AwsServiceEvent");
        e.put("managementEvent", true);
        e.put("recipientAccountId", accountId);
        e.put("eventCategory", "Management");
        return e;
    }

    /** Writes {@code userIdentity}; returns its access key id. */
    private static String writeUserIdentity(AuditedRequest r, Matcher credential, String invokedBy, JsonGenerator g)
            throws IOException {
        Caller c = r.caller();
        g.writeObjectFieldStart("userIdentity");
        String accessKeyId;
        if (c == null) {
            g.writeStringField("type", "Unknown");
            accessKeyId = credential == null ? null : credential.group(1);
            if (accessKeyId != null) g.writeStringField("accessKeyId", accessKeyId);
        } else {
            accessKeyId = c.accessKeyId();
            g.writeStringField("type", c.type().wire());
            g.writeStringField("principalId", c.principalId());
            g.writeStringField("arn", c.principalArn());
            g.writeStringField("accountId", c.accountId());
            if (accessKeyId != null) g.writeStringField("accessKeyId", accessKeyId);
            switch (c.type()) {
                case IAM_USER -> g.writeStringField("userName", after(c.principalArn(), '/'));
                case ASSUMED_ROLE -> {
                    String id = c.principalId();
                    int colon = id.indexOf(':');
                    g.writeObjectFieldStart("sessionContext");
                    g.writeObjectFieldStart("sessionIssuer");
                    g.writeStringField("type", "Role");
                    g.writeStringField("principalId", colon < 0 ? id : id.substring(0, colon));
                    g.writeStringField("arn", c.identityArn());
                    g.writeStringField("accountId", c.accountId());
                    g.writeStringField("userName", after(c.identityArn(), '/'));
                    g.writeEndObject();
                    g.writeObjectFieldStart("attributes");
                    g.writeStringField("mfaAuthenticated", "false");
                    g.writeEndObject();
                    g.writeEndObject();
                }
                case ROOT -> {}
            }
        }
        if (invokedBy != null) g.writeStringField("invokedBy", invokedBy);
        g.writeEndObject();
        return accessKeyId;
    }

    /** The user name LookupEvents shows: as {@link EventAttributes#of} reads it from {@code userIdentity}. */
    private static String username(Caller c) {
        if (c == null) return null;
        return switch (c.type()) {
            case IAM_USER, ASSUMED_ROLE -> after(c.principalArn(), '/');
            case ROOT -> "root";
        };
    }

    private static String after(String arn, char sep) {
        return arn.substring(arn.lastIndexOf(sep) + 1);
    }

    private static Matcher credential(AuditedRequest r) {
        if (r.authorization() == null || r.authorization().length() > 4096) return null;
        Matcher m = CREDENTIAL.matcher(r.authorization());
        return m.find() ? m : null;
    }

    private static String eventSource(AuditedRequest r) {
        return (r.service() == null ? "kms" : r.service().signingName()) + ".amazonaws.com";
    }

    private static String eventName(AuditedRequest r) {
        if (r.operation() != null) return r.operation().name();
        String t = r.target();
        if (t == null) return "";
        int dot = t.lastIndexOf('.');
        String name = dot < 0 ? t : t.substring(dot + 1);
        name = name.length() > MAX_TARGET ? name.substring(0, MAX_TARGET) : name;
        return name.replaceAll("[^A-Za-z0-9]", "");
    }

    /** The KMS key the request touched: the key the response names, else the key the request names; or null. */
    private static String resource(AuditedRequest r) {
        if (r.service() == null || !"kms".equals(r.service().signingName()) || r.caller() == null) return null;
        String arn = null;
        if (r.response() != null) {
            arn = text(r.response(), "KeyId");
            if (arn == null) arn = text(r.response().path("KeyMetadata"), "Arn");
        }
        if ((arn == null || !arn.startsWith("arn:")) && r.request() != null) {
            String id = text(r.request(), "KeyId");
            if (id == null) id = text(r.request(), "DestinationKeyId");
            if (id != null && id.startsWith("arn:")) {
                arn = id;
            } else if (id != null && KEY_ID.matcher(id).matches()) {
                Caller c = r.caller();
                arn = "arn:" + c.partition() + ":kms:" + c.region() + ":" + c.accountId() + ":key/" + id;
            }
        }
        return arn == null || !arn.startsWith("arn:") ? null : arn;
    }

    private static void writeKeyResource(String arn, JsonGenerator g) throws IOException {
        int from = 0;
        for (int i = 0; i < 4 && from >= 0; i++) from = arn.indexOf(':', from) + 1;
        int to = from > 0 ? arn.indexOf(':', from) : -1;
        g.writeStartObject();
        g.writeStringField("accountId", to > 0 ? arn.substring(from, to) : "");
        g.writeStringField("type", KEY_TYPE);
        g.writeStringField("ARN", arn);
        g.writeEndObject();
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    /** {@code n} without binary or sensitive members, member names camel-cased (as {@link #writeClean} writes). */
    static JsonNode clean(JsonNode n, ServiceModel.Shape shape) {
        return Json.parse(bytes(g -> writeClean(n, shape, g)));
    }

    /** Whether a member is recorded: not binary, not sensitive, in the model when there is one. */
    private static boolean recorded(String name, JsonNode v, ServiceModel.Shape shape, boolean isMap) {
        if (isMap) {
            ServiceModel.Shape s = shape.mapValue();
            return s == null || !(s.sensitive() || s.type() == ServiceModel.ShapeType.BLOB);
        }
        if (NEVER.contains(name) || v.isBinary()) return false;
        if (shape == null) return true;
        ServiceModel.Member m = shape.member(name);
        return m != null && !m.sensitive() && m.shape().type() != ServiceModel.ShapeType.BLOB;
    }

    /** Whether {@link #writeClean} of {@code n} writes more than an empty object. */
    private static boolean recordsAnything(JsonNode n, ServiceModel.Shape shape) {
        if (!n.isObject()) return !n.isBinary();
        boolean isMap = shape != null && shape.type() == ServiceModel.ShapeType.MAP;
        Iterator<Map.Entry<String, JsonNode>> it = n.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> f = it.next();
            if (recorded(f.getKey(), f.getValue(), shape, isMap)) return true;
        }
        return false;
    }

    /** Writes {@code n} without binary or sensitive members, member names camel-cased as CloudTrail writes them. */
    private static void writeClean(JsonNode n, ServiceModel.Shape shape, JsonGenerator g) throws IOException {
        if (n.isBinary()) {
            g.writeNull();
        } else if (n.isObject()) {
            g.writeStartObject();
            boolean isMap = shape != null && shape.type() == ServiceModel.ShapeType.MAP;
            Iterator<Map.Entry<String, JsonNode>> it = n.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> f = it.next();
                String name = f.getKey();
                JsonNode v = f.getValue();
                if (!recorded(name, v, shape, isMap)) continue;
                if (isMap) {
                    g.writeFieldName(name); // map keys (encryption context, tags) keep their spelling
                    writeClean(v, shape.mapValue(), g);
                } else {
                    g.writeFieldName(camel(name));
                    writeClean(v, shape == null ? null : shape.member(name).shape(), g);
                }
            }
            g.writeEndObject();
        } else if (n.isArray()) {
            g.writeStartArray();
            ServiceModel.Shape s = shape == null ? null : shape.listMember();
            if (s == null || !(s.sensitive() || s.type() == ServiceModel.ShapeType.BLOB)) {
                for (JsonNode v : n) writeClean(v, s, g);
            }
            g.writeEndArray();
        } else {
            g.writeTree(n);
        }
    }

    @FunctionalInterface
    private interface Writing {
        void to(JsonGenerator g) throws IOException;
    }

    private static byte[] bytes(Writing w) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            w.to(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static String camel(String name) {
        if (name.isEmpty() || !Character.isUpperCase(name.charAt(0))) return name;
        int i = 0;
        while (i < name.length() && Character.isUpperCase(name.charAt(i))) i++;
        // "KeyId" -> "keyId", "ARN" -> "arn", "KMSKeyId" -> "kmsKeyId": a run of capitals is lowercased but for the
        // last one when a lowercase word follows it
        int lower = i == 1 || i == name.length() ? i : i - 1;
        return name.substring(0, lower).toLowerCase(Locale.ROOT) + name.substring(lower);
    }
}
