package dev.trent.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trent.core.Caller;
import dev.trent.core.ServiceException;
import dev.trent.core.kms.Alias;
import dev.trent.core.kms.KeyService;
import dev.trent.core.kms.KeyState;
import dev.trent.core.kms.KmsKey;
import dev.trent.core.kms.Tag;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The KMS operations on the wire: turns validated AWS JSON 1.1 request bodies into {@link KeyService} calls
 * and results into response bodies. Knows nothing of HTTP or authentication.
 */
public final class KmsApi {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** One operation: {@code inline} ones only read memory and may run on an event-loop thread. */
    public record Operation(String name, boolean inline, Handler handler) {}

    @FunctionalInterface
    public interface Handler {
        /**
         * Runs the operation. Secret byte arrays placed in the response (plaintexts, data keys) are added to
         * {@code wipe}; the caller zeroes them once the response is serialized.
         */
        ObjectNode handle(Caller caller, JsonNode in, List<byte[]> wipe);
    }

    /** A handler that puts no secrets in its response. */
    @FunctionalInterface
    private interface PlainHandler {
        ObjectNode handle(Caller caller, JsonNode in);
    }

    private final KeyService keys;
    private final Map<String, Operation> operations = new HashMap<>();

    public KmsApi(KeyService keys) {
        this.keys = keys;
        // cryptographic operations: memory only
        op("Encrypt", true, this::encrypt);
        secretOp("Decrypt", true, this::decrypt);
        op("ReEncrypt", true, this::reEncrypt);
        secretOp("GenerateDataKey", true, (c, in, wipe) -> dataKey(c, in, true, wipe));
        secretOp("GenerateDataKeyWithoutPlaintext", true, (c, in, wipe) -> dataKey(c, in, false, wipe));
        secretOp("GenerateRandom", true, this::generateRandom);
        // reads
        op(
                "DescribeKey",
                true,
                (c, in) -> obj().set("KeyMetadata", keyMetadata(keys.describeKey(c, str(in, "KeyId")))));
        op("ListKeys", true, this::listKeys);
        op("ListAliases", true, this::listAliases);
        op("ListResourceTags", true, this::listResourceTags);
        op(
                "GetKeyPolicy",
                true,
                (c, in) -> obj().put("Policy", keys.getKeyPolicy(c, str(in, "KeyId"), str(in, "PolicyName")))
                        .put("PolicyName", "default"));
        op("ListKeyPolicies", true, this::listKeyPolicies);
        op("GetKeyRotationStatus", true, (c, in) -> {
            KmsKey k = keys.keyForRotationStatus(c, str(in, "KeyId"));
            return obj().put("KeyRotationEnabled", false).put("KeyId", k.arn());
        });
        // writes: run off the event loop
        op("CreateKey", false, this::createKey);
        op("EnableKey", false, (c, in) -> {
            keys.enableKey(c, str(in, "KeyId"));
            return obj();
        });
        op("DisableKey", false, (c, in) -> {
            keys.disableKey(c, str(in, "KeyId"));
            return obj();
        });
        op("ScheduleKeyDeletion", false, (c, in) -> {
            KmsKey k = keys.scheduleKeyDeletion(c, str(in, "KeyId"), integer(in, "PendingWindowInDays"));
            return obj().put("KeyId", k.arn())
                    .<ObjectNode>set("DeletionDate", time(k.deletionDate()))
                    .put("KeyState", k.state().name())
                    .put("PendingWindowInDays", k.pendingWindowDays());
        });
        op(
                "CancelKeyDeletion",
                false,
                (c, in) -> obj().put(
                                "KeyId",
                                keys.cancelKeyDeletion(c, str(in, "KeyId")).arn()));
        op("UpdateKeyDescription", false, (c, in) -> {
            keys.updateKeyDescription(c, str(in, "KeyId"), str(in, "Description"));
            return obj();
        });
        op("CreateAlias", false, (c, in) -> {
            keys.createAlias(c, str(in, "AliasName"), str(in, "TargetKeyId"));
            return obj();
        });
        op("UpdateAlias", false, (c, in) -> {
            keys.updateAlias(c, str(in, "AliasName"), str(in, "TargetKeyId"));
            return obj();
        });
        op("DeleteAlias", false, (c, in) -> {
            keys.deleteAlias(c, str(in, "AliasName"));
            return obj();
        });
        op("TagResource", false, (c, in) -> {
            keys.tagResource(c, str(in, "KeyId"), tags(in.get("Tags")));
            return obj();
        });
        op("UntagResource", false, (c, in) -> {
            List<String> tagKeys = new ArrayList<>();
            for (JsonNode k : in.path("TagKeys")) tagKeys.add(k.asText());
            keys.untagResource(c, str(in, "KeyId"), tagKeys);
            return obj();
        });
        op("PutKeyPolicy", false, (c, in) -> {
            keys.putKeyPolicy(c, str(in, "KeyId"), str(in, "PolicyName"), str(in, "Policy"));
            return obj();
        });
    }

    private void op(String name, boolean inline, PlainHandler h) {
        operations.put(name, new Operation(name, inline, (c, in, wipe) -> h.handle(c, in)));
    }

    private void secretOp(String name, boolean inline, Handler h) {
        operations.put(name, new Operation(name, inline, h));
    }

    /** The operation of that name, or null if Trent does not implement it. */
    public Operation operation(String name) {
        return operations.get(name);
    }

    // ------------------------------------------------------------------ handlers

    private ObjectNode createKey(Caller c, JsonNode in) {
        KmsKey k = keys.createKey(
                c,
                new KeyService.NewKey(
                        str(in, "Description"),
                        str(in, "KeyUsage"),
                        str(in, "KeySpec"),
                        str(in, "CustomerMasterKeySpec"),
                        str(in, "Origin"),
                        str(in, "Policy"),
                        in.has("Tags") ? tags(in.get("Tags")) : List.of(),
                        bool(in, "MultiRegion"),
                        str(in, "CustomKeyStoreId"),
                        str(in, "XksKeyId")));
        return obj().set("KeyMetadata", keyMetadata(k));
    }

    private ObjectNode encrypt(Caller c, JsonNode in) {
        KeyService.CipherResult r = keys.encrypt(
                c,
                str(in, "KeyId"),
                blob(in, "Plaintext"),
                context(in, "EncryptionContext"),
                str(in, "EncryptionAlgorithm"),
                isTrue(in, "DryRun"));
        return obj().put("CiphertextBlob", r.ciphertextBlob())
                .put("KeyId", r.keyArn())
                .put("EncryptionAlgorithm", r.encryptionAlgorithm());
    }

    private ObjectNode decrypt(Caller c, JsonNode in, List<byte[]> wipe) {
        rejectRecipient(in);
        KeyService.PlainResult r = keys.decrypt(
                c,
                requiredBlob(in, "CiphertextBlob"),
                context(in, "EncryptionContext"),
                str(in, "KeyId"),
                str(in, "EncryptionAlgorithm"),
                isTrue(in, "DryRun"));
        ObjectNode out = obj().put("KeyId", r.keyArn())
                .put("Plaintext", r.plaintext())
                .put("EncryptionAlgorithm", r.encryptionAlgorithm());
        if (r.keyMaterialId() != null) out.put("KeyMaterialId", r.keyMaterialId());
        wipe.add(r.plaintext());
        return out;
    }

    private ObjectNode reEncrypt(Caller c, JsonNode in) {
        KeyService.ReEncrypted r = keys.reEncrypt(
                c,
                requiredBlob(in, "CiphertextBlob"),
                context(in, "SourceEncryptionContext"),
                str(in, "SourceKeyId"),
                str(in, "DestinationKeyId"),
                context(in, "DestinationEncryptionContext"),
                str(in, "SourceEncryptionAlgorithm"),
                str(in, "DestinationEncryptionAlgorithm"),
                isTrue(in, "DryRun"));
        ObjectNode out = obj().put("CiphertextBlob", r.ciphertextBlob())
                .put("SourceKeyId", r.sourceKeyArn())
                .put("KeyId", r.keyArn())
                .put("SourceEncryptionAlgorithm", r.sourceEncryptionAlgorithm())
                .put("DestinationEncryptionAlgorithm", r.destinationEncryptionAlgorithm());
        if (r.sourceKeyMaterialId() != null) out.put("SourceKeyMaterialId", r.sourceKeyMaterialId());
        if (r.destinationKeyMaterialId() != null) out.put("DestinationKeyMaterialId", r.destinationKeyMaterialId());
        return out;
    }

    private ObjectNode dataKey(Caller c, JsonNode in, boolean withPlaintext, List<byte[]> wipe) {
        if (withPlaintext) rejectRecipient(in);
        KeyService.DataKey r = keys.generateDataKey(
                c,
                str(in, "KeyId"),
                context(in, "EncryptionContext"),
                integer(in, "NumberOfBytes"),
                str(in, "KeySpec"),
                withPlaintext,
                isTrue(in, "DryRun"));
        ObjectNode out = obj().put("CiphertextBlob", r.ciphertextBlob());
        if (r.plaintext() != null) {
            out.put("Plaintext", r.plaintext());
            wipe.add(r.plaintext());
        }
        out.put("KeyId", r.keyArn());
        if (r.keyMaterialId() != null) out.put("KeyMaterialId", r.keyMaterialId());
        return out;
    }

    private ObjectNode generateRandom(Caller c, JsonNode in, List<byte[]> wipe) {
        rejectRecipient(in);
        byte[] bytes = keys.generateRandom(integer(in, "NumberOfBytes"), str(in, "CustomKeyStoreId"));
        wipe.add(bytes);
        return obj().put("Plaintext", bytes);
    }

    private ObjectNode listKeys(Caller c, JsonNode in) {
        KeyService.Page<KmsKey> page = keys.listKeys(c, integer(in, "Limit"), str(in, "Marker"));
        ObjectNode out = obj();
        ArrayNode arr = out.putArray("Keys");
        for (KmsKey k : page.items()) arr.addObject().put("KeyId", k.keyId()).put("KeyArn", k.arn());
        return paged(out, page);
    }

    private ObjectNode listAliases(Caller c, JsonNode in) {
        KeyService.Page<Alias> page = keys.listAliases(c, str(in, "KeyId"), integer(in, "Limit"), str(in, "Marker"));
        ObjectNode out = obj();
        ArrayNode arr = out.putArray("Aliases");
        for (Alias a : page.items()) {
            ObjectNode o = arr.addObject()
                    .put("AliasName", a.name())
                    .put("AliasArn", a.arn(c.partition()))
                    .put("TargetKeyId", a.targetKeyId().toString());
            o.set("CreationDate", time(a.creationDate()));
            o.set("LastUpdatedDate", time(a.lastUpdatedDate()));
        }
        return paged(out, page);
    }

    private ObjectNode listResourceTags(Caller c, JsonNode in) {
        KeyService.Page<Tag> page = keys.listResourceTags(c, str(in, "KeyId"), integer(in, "Limit"), str(in, "Marker"));
        ObjectNode out = obj();
        ArrayNode arr = out.putArray("Tags");
        for (Tag t : page.items()) arr.addObject().put("TagKey", t.key()).put("TagValue", t.value());
        return paged(out, page);
    }

    private ObjectNode listKeyPolicies(Caller c, JsonNode in) {
        KeyService.Page<String> page =
                keys.listKeyPolicies(c, str(in, "KeyId"), integer(in, "Limit"), str(in, "Marker"));
        ObjectNode out = obj();
        ArrayNode arr = out.putArray("PolicyNames");
        page.items().forEach(arr::add);
        return paged(out, page);
    }

    private static ObjectNode paged(ObjectNode out, KeyService.Page<?> page) {
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
                .put("KeyUsage", k.keyUsage())
                .put("KeyState", k.state().name());
        if (k.state() == KeyState.PendingDeletion && k.deletionDate() != null) {
            m.set("DeletionDate", time(k.deletionDate()));
        }
        m.put("Origin", k.origin())
                .put("KeyManager", "CUSTOMER")
                .put("CustomerMasterKeySpec", k.keySpec())
                .put("KeySpec", k.keySpec());
        m.putArray("EncryptionAlgorithms").add(KeyService.SYMMETRIC_DEFAULT);
        m.put("MultiRegion", false);
        // PendingDeletionWindowInDays is only for multi-Region primaries in PendingReplicaDeletion (AWS API reference).
        m.put("CurrentKeyMaterialId", k.currentMaterial().materialId());
        return m;
    }

    // ------------------------------------------------------------------ input/output helpers

    private static ObjectNode obj() {
        return F.objectNode();
    }

    /** AWS JSON timestamps: epoch seconds with millisecond fraction, written as a plain decimal. */
    static JsonNode time(Instant t) {
        return F.numberNode(BigDecimal.valueOf(t.toEpochMilli(), 3));
    }

    private static String str(JsonNode in, String name) {
        JsonNode n = in.get(name);
        return n == null || n.isNull() ? null : n.asText();
    }

    private static Integer integer(JsonNode in, String name) {
        JsonNode n = in.get(name);
        return n == null || n.isNull() ? null : n.asInt();
    }

    private static Boolean bool(JsonNode in, String name) {
        JsonNode n = in.get(name);
        return n == null || n.isNull() ? null : n.asBoolean();
    }

    private static boolean isTrue(JsonNode in, String name) {
        return Boolean.TRUE.equals(bool(in, name));
    }

    private static byte[] blob(JsonNode in, String name) {
        JsonNode n = in.get(name);
        if (n == null || n.isNull()) return null;
        try {
            return Base64.getDecoder().decode(n.asText());
        } catch (IllegalArgumentException e) {
            throw new ServiceException("SerializationException", 400, "'" + name + "' is not valid base64.");
        }
    }

    private static Map<String, String> context(JsonNode in, String name) {
        JsonNode n = in.get(name);
        if (n == null || n.isNull()) return Map.of();
        Map<String, String> out = new HashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = n.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    private static List<Tag> tags(JsonNode n) {
        List<Tag> out = new ArrayList<>();
        if (n == null) return out;
        for (JsonNode t : n) {
            out.add(new Tag(
                    t.hasNonNull("TagKey") ? t.get("TagKey").asText() : null,
                    t.hasNonNull("TagValue") ? t.get("TagValue").asText() : null));
        }
        return out;
    }

    /** Decrypt's CiphertextBlob is optional in the model (for other key stores) but required here. */
    private static byte[] requiredBlob(JsonNode in, String name) {
        byte[] b = blob(in, name);
        if (b == null) {
            String member = Character.toLowerCase(name.charAt(0)) + name.substring(1);
            throw ServiceException.validation("1 validation error detected: Value null at '" + member
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return b;
    }

    private static void rejectRecipient(JsonNode in) {
        if (in.hasNonNull("Recipient")) {
            throw ServiceException.unsupported("Recipient (AWS Nitro Enclaves attestation) is not supported by Trent.");
        }
    }
}
