package dev.trent.server.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trent.core.Caller;
import dev.trent.server.pipeline.Exchange;
import dev.trent.server.pipeline.OperationSpec;
import dev.trent.server.protocol.ServiceModel;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
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

    public static ObjectNode render(AuditedRequest r) {
        ObjectNode e = F.objectNode();
        Caller c = r.caller();
        e.put("eventVersion", EVENT_VERSION);
        e.set("userIdentity", userIdentity(r));
        e.put("eventTime", r.receivedAt().truncatedTo(ChronoUnit.SECONDS).toString());
        e.put("eventSource", eventSource(r));
        e.put("eventName", eventName(r));
        e.put("awsRegion", region(r));
        e.put("sourceIPAddress", r.sourceIp());
        e.put("userAgent", r.userAgent());
        if (r.errorCode() != null) {
            e.put("errorCode", r.errorCode());
            e.put("errorMessage", r.errorMessage());
        }
        ServiceModel model = r.service() == null ? null : r.service().model();
        OperationSpec op = r.operation();
        ServiceModel.Operation mop = model == null || op == null ? null : model.operation(op.name());
        e.set(
                "requestParameters",
                r.request() == null ? F.nullNode() : clean(r.request(), mop == null ? null : mop.input()));
        boolean management = op != null && !op.audit().readOnly();
        e.set(
                "responseElements",
                r.response() != null && management && r.errorCode() == null
                        ? cleanOrNull(r.response(), mop == null ? null : mop.output())
                        : F.nullNode());
        String keyMaterialId = r.response() == null ? null : text(r.response(), "KeyMaterialId");
        if (keyMaterialId != null) e.putObject("additionalEventData").put("keyMaterialId", keyMaterialId);
        e.put("requestID", r.requestId());
        e.put("eventID", r.eventId());
        e.put("readOnly", op == null || op.audit().readOnly());
        ArrayNode resources = resources(r);
        if (resources != null) e.set("resources", resources);
        e.put("eventType", "AwsApiCall");
        e.put("managementEvent", true);
        if (c != null) e.put("recipientAccountId", c.accountId());
        e.put("eventCategory", "Management");
        return e;
    }

    /**
     * The event of a KMS call that another service ({@code invokedBy}, e.g. {@code ssm.amazonaws.com}) made on the
     * caller's behalf, as CloudTrail writes it: the caller's identity with {@code invokedBy}, the service as source
     * address and user agent, and the key as the resource.
     */
    public static ObjectNode onBehalf(AuditedRequest r, String invokedBy, String keyArn) {
        ObjectNode e = render(r);
        ((ObjectNode) e.get("userIdentity")).put("invokedBy", invokedBy);
        e.put("sourceIPAddress", invokedBy);
        e.put("userAgent", invokedBy);
        if (keyArn != null && keyArn.startsWith("arn:") && r.caller() != null) {
            String[] parts = keyArn.split(":", 6);
            e.putArray("resources")
                    .addObject()
                    .put("accountId", parts.length > 4 ? parts[4] : "")
                    .put("type", "AWS::KMS::Key")
                    .put("ARN", keyArn);
        }
        return e;
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

    private static ObjectNode userIdentity(AuditedRequest r) {
        ObjectNode u = F.objectNode();
        Caller c = r.caller();
        if (c == null) {
            u.put("type", "Unknown");
            Matcher m = credential(r);
            if (m != null) u.put("accessKeyId", m.group(1));
            return u;
        }
        u.put("type", c.type().wire());
        u.put("principalId", c.principalId());
        u.put("arn", c.principalArn());
        u.put("accountId", c.accountId());
        if (c.accessKeyId() != null) u.put("accessKeyId", c.accessKeyId());
        switch (c.type()) {
            case IAM_USER -> u.put("userName", after(c.principalArn(), '/'));
            case ASSUMED_ROLE -> {
                ObjectNode ctx = u.putObject("sessionContext");
                String id = c.principalId();
                int colon = id.indexOf(':');
                ctx.putObject("sessionIssuer")
                        .put("type", "Role")
                        .put("principalId", colon < 0 ? id : id.substring(0, colon))
                        .put("arn", c.identityArn())
                        .put("accountId", c.accountId())
                        .put("userName", after(c.identityArn(), '/'));
                ctx.putObject("attributes").put("mfaAuthenticated", "false");
            }
            case ROOT -> {}
        }
        return u;
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

    private static String region(AuditedRequest r) {
        if (r.caller() != null) return r.caller().region();
        Matcher m = credential(r);
        return m != null ? m.group(2) : "us-east-1";
    }

    /** KMS keys the request touched: the key the response names, else the key the request names. */
    private static ArrayNode resources(AuditedRequest r) {
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
        if (arn == null || !arn.startsWith("arn:")) return null;
        String[] parts = arn.split(":", 6);
        ArrayNode a = F.arrayNode();
        a.addObject()
                .put("accountId", parts.length > 4 ? parts[4] : "")
                .put("type", "AWS::KMS::Key")
                .put("ARN", arn);
        return a;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    private static JsonNode cleanOrNull(JsonNode n, ServiceModel.Shape shape) {
        JsonNode c = clean(n, shape);
        return c.isObject() && c.isEmpty() ? F.nullNode() : c;
    }

    /** {@code n} without binary or sensitive members, member names camel-cased. */
    static JsonNode clean(JsonNode n, ServiceModel.Shape shape) {
        if (n.isBinary()) return F.nullNode();
        if (n.isObject()) {
            ObjectNode out = F.objectNode();
            boolean isMap = shape != null && shape.type() == ServiceModel.ShapeType.MAP;
            Iterator<Map.Entry<String, JsonNode>> it = n.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> f = it.next();
                String name = f.getKey();
                JsonNode v = f.getValue();
                ServiceModel.Shape s = null;
                if (isMap) {
                    s = shape.mapValue();
                    if (s != null && (s.sensitive() || s.type() == ServiceModel.ShapeType.BLOB)) continue;
                    out.set(name, clean(v, s)); // map keys (encryption context, tags) keep their spelling
                    continue;
                }
                if (NEVER.contains(name) || v.isBinary()) continue;
                if (shape != null) {
                    ServiceModel.Member m = shape.member(name);
                    if (m == null) continue; // not in the model: not recorded
                    if (m.sensitive() || m.shape().type() == ServiceModel.ShapeType.BLOB) continue;
                    s = m.shape();
                }
                out.set(camel(name), clean(v, s));
            }
            return out;
        }
        if (n.isArray()) {
            ArrayNode out = F.arrayNode();
            ServiceModel.Shape s = shape == null ? null : shape.listMember();
            if (s != null && (s.sensitive() || s.type() == ServiceModel.ShapeType.BLOB)) return out;
            for (JsonNode v : n) out.add(clean(v, s));
            return out;
        }
        return n;
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
