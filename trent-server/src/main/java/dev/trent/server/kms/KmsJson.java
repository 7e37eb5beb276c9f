package dev.trent.server.kms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trent.core.ServiceException;
import dev.trent.core.kms.KeyAlgorithm;
import dev.trent.core.kms.KeyCapabilities;
import dev.trent.core.kms.KeyImport;
import dev.trent.core.kms.KeyMaterialInfo;
import dev.trent.core.kms.KeySpec;
import dev.trent.core.kms.KeyState;
import dev.trent.core.kms.KmsKey;
import dev.trent.core.kms.MultiRegionConfig;
import dev.trent.core.kms.Page;
import dev.trent.core.kms.Tag;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The KMS shapes on the wire: reading members of a validated request body (the validator has checked types,
 * lengths and enums already) and writing the response shapes several operations share.
 */
final class KmsJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private KmsJson() {}

    static ObjectNode obj() {
        return F.objectNode();
    }

    /** AWS JSON timestamps: epoch seconds with millisecond fraction, written as a plain decimal. */
    static JsonNode time(Instant t) {
        return F.numberNode(BigDecimal.valueOf(t.toEpochMilli(), 3));
    }

    static String str(JsonNode in, String name) {
        JsonNode n = in.get(name);
        return n == null || n.isNull() ? null : n.asText();
    }

    /** An enum member by wire name (the validator has checked it is one of the model's). */
    static <T> T wire(JsonNode in, String name, Function<String, T> parse) {
        String s = str(in, name);
        if (s == null) return null;
        try {
            return parse.apply(s);
        } catch (IllegalArgumentException e) {
            throw ServiceException.validation("'" + s + "' is not a valid value of " + name + ".");
        }
    }

    /** An AWS JSON timestamp member (epoch seconds, maybe with a fraction; or an ISO-8601 string). */
    static Instant instant(JsonNode in, String name) {
        JsonNode n = in.get(name);
        if (n == null || n.isNull()) return null;
        try {
            if (n.isNumber()) {
                return Instant.ofEpochMilli(n.decimalValue()
                        .movePointRight(3)
                        .setScale(0, java.math.RoundingMode.HALF_UP)
                        .longValueExact());
            }
            return Instant.parse(n.asText());
        } catch (ArithmeticException | java.time.format.DateTimeParseException e) {
            throw new ServiceException("SerializationException", 400, "'" + name + "' is not a valid timestamp.");
        }
    }

    static Integer integer(JsonNode in, String name) {
        JsonNode n = in.get(name);
        return n == null || n.isNull() ? null : n.asInt();
    }

    static Boolean bool(JsonNode in, String name) {
        JsonNode n = in.get(name);
        return n == null || n.isNull() ? null : n.asBoolean();
    }

    static boolean isTrue(JsonNode in, String name) {
        return Boolean.TRUE.equals(bool(in, name));
    }

    static byte[] blob(JsonNode in, String name) {
        JsonNode n = in.get(name);
        if (n == null || n.isNull()) return null;
        try {
            return Base64.getDecoder().decode(n.asText());
        } catch (IllegalArgumentException e) {
            throw new ServiceException("SerializationException", 400, "'" + name + "' is not valid base64.");
        }
    }

    /** Decrypt's CiphertextBlob is optional in the model (for other key stores) but required here. */
    static byte[] requiredBlob(JsonNode in, String name) {
        byte[] b = blob(in, name);
        if (b == null) {
            String member = Character.toLowerCase(name.charAt(0)) + name.substring(1);
            throw ServiceException.validation("1 validation error detected: Value null at '" + member
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return b;
    }

    /**
     * The largest encryption context accepted: the UTF-8 bytes of its keys and values together. AWS bounds the
     * encryption context without a figure in its model or API reference; Trent takes 8192 bytes (8 KiB), far above
     * what clients send (the AWS Encryption SDK adds one pair of about 100 bytes), so that a request cannot make
     * every encrypt and decrypt hash and bind a context of up to the whole request body.
     */
    static final int MAX_ENCRYPTION_CONTEXT_BYTES = 8192;

    static Map<String, String> context(JsonNode in, String name) {
        JsonNode n = in.get(name);
        if (n == null || n.isNull()) return Map.of();
        Map<String, String> out = new HashMap<>();
        long bytes = 0;
        Iterator<Map.Entry<String, JsonNode>> it = n.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String value = e.getValue().asText();
            bytes += utf8Length(e.getKey()) + utf8Length(value);
            if (bytes > MAX_ENCRYPTION_CONTEXT_BYTES) {
                throw ServiceException.validation("The encryption context (" + name + ") is too large: its keys and"
                        + " values take more than " + MAX_ENCRYPTION_CONTEXT_BYTES + " bytes (UTF-8).");
            }
            out.put(e.getKey(), value);
        }
        return out;
    }

    /** The length of {@code s} in UTF-8, without encoding it (an unpaired surrogate counts 2; encoding refuses it later). */
    static int utf8Length(String s) {
        int n = s.length();
        int bytes = n;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) bytes += c < 0x800 ? 1 : Character.isSurrogate(c) ? 1 : 2;
        }
        return bytes;
    }

    static List<Tag> tags(JsonNode n) {
        List<Tag> out = new ArrayList<>();
        if (n == null) return out;
        for (JsonNode t : n) {
            out.add(new Tag(
                    t.hasNonNull("TagKey") ? t.get("TagKey").asText() : null,
                    t.hasNonNull("TagValue") ? t.get("TagValue").asText() : null));
        }
        return out;
    }

    static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n == null) return out;
        for (JsonNode k : n) out.add(k.asText());
        return out;
    }

    static void rejectRecipient(JsonNode in) {
        if (in.hasNonNull("Recipient")) {
            throw ServiceException.unsupported("Recipient (AWS Nitro Enclaves attestation) is not supported by Trent.");
        }
    }

    static ObjectNode paged(ObjectNode out, Page<?> page) {
        if (page.nextMarker() != null) out.put("NextMarker", page.nextMarker());
        out.put("Truncated", page.truncated());
        return out;
    }

    /** KeyMetadata with every member AWS returns for this kind of key. */
    static ObjectNode keyMetadata(KmsKey k) {
        ObjectNode m =
                obj().put("AWSAccountId", k.accountId()).put("KeyId", k.keyId()).put("Arn", k.arn());
        m.set("CreationDate", time(k.creationDate()));
        m.put("Enabled", k.enabled())
                .put("Description", k.description())
                .put("KeyUsage", k.keyUsage().wireName())
                .put("KeyState", k.state().name());
        if (k.state() == KeyState.PendingDeletion && k.deletionDate() != null) {
            m.set("DeletionDate", time(k.deletionDate()));
        }
        Instant validTo = KeyImport.validTo(k);
        if (validTo != null) m.set("ValidTo", time(validTo));
        m.put("Origin", k.origin().wireName()).put("KeyManager", k.awsManaged() ? "AWS" : "CUSTOMER");
        KeyMaterialInfo.ExpirationModel expiration = KeyImport.expirationModel(k);
        if (expiration != null) m.put("ExpirationModel", expiration.name());
        m.put("CustomerMasterKeySpec", k.keySpec().wireName())
                .put("KeySpec", k.keySpec().wireName());
        // Only the algorithm lists of the key's usage, as AWS returns them.
        algorithms(m, "EncryptionAlgorithms", KeyCapabilities.encryptionAlgorithms(k.keySpec(), k.keyUsage()));
        algorithms(m, "SigningAlgorithms", KeyCapabilities.signingAlgorithms(k.keySpec(), k.keyUsage()));
        algorithms(m, "MacAlgorithms", KeyCapabilities.macAlgorithms(k.keySpec(), k.keyUsage()));
        algorithms(m, "KeyAgreementAlgorithms", KeyCapabilities.keyAgreementAlgorithms(k.keySpec(), k.keyUsage()));
        MultiRegionConfig set = k.multiRegion();
        m.put("MultiRegion", set != null);
        if (set != null) {
            ObjectNode c = m.putObject("MultiRegionConfiguration")
                    .put("MultiRegionKeyType", set.type().name());
            c.putObject("PrimaryKey")
                    .put("Arn", regionalArn(k, set.primaryRegion()))
                    .put("Region", set.primaryRegion());
            ArrayNode replicas = c.putArray("ReplicaKeys");
            for (String r : set.replicaRegions()) {
                replicas.addObject().put("Arn", regionalArn(k, r)).put("Region", r);
            }
        }
        // PendingDeletionWindowInDays is only for multi-Region primaries in PendingReplicaDeletion (AWS API reference).
        if (k.state() == KeyState.PendingReplicaDeletion && k.pendingWindowDays() != null) {
            m.put("PendingDeletionWindowInDays", k.pendingWindowDays());
        }
        // AWS names the current key material of symmetric encryption keys only (none before an import).
        KeyMaterialInfo current = k.currentMaterial();
        if (k.keySpec() == KeySpec.SYMMETRIC_DEFAULT && current != null)
            m.put("CurrentKeyMaterialId", current.materialId());
        return m;
    }

    private static String regionalArn(KmsKey k, String region) {
        return "arn:" + k.partition() + ":kms:" + region + ":" + k.accountId() + ":key/" + k.keyId();
    }

    /** {@code name} as a list of wire names, left out when empty. */
    static void algorithms(ObjectNode out, String name, List<? extends KeyAlgorithm> algorithms) {
        if (algorithms.isEmpty()) return;
        ArrayNode arr = out.putArray(name);
        for (KeyAlgorithm a : algorithms) arr.add(a.wireName());
    }
}
