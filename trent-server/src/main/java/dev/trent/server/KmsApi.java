package dev.trent.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trent.core.RequestContext;
import dev.trent.core.ServiceException;
import dev.trent.core.kms.Alias;
import dev.trent.core.kms.AliasRequests;
import dev.trent.core.kms.CryptoRequests;
import dev.trent.core.kms.DataKeySpec;
import dev.trent.core.kms.EncryptionAlgorithm;
import dev.trent.core.kms.KeyCapabilities;
import dev.trent.core.kms.KeySpec;
import dev.trent.core.kms.KeyState;
import dev.trent.core.kms.KeyUsage;
import dev.trent.core.kms.KmsKey;
import dev.trent.core.kms.KmsOperations;
import dev.trent.core.kms.LifecycleRequests;
import dev.trent.core.kms.Origin;
import dev.trent.core.kms.Page;
import dev.trent.core.kms.Tag;
import dev.trent.core.kms.TagPolicyRequests;
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
 * The KMS operations on the wire: turns validated AWS JSON 1.1 request bodies into typed requests of the
 * {@link KmsOperations} and their results into response bodies. Knows nothing of HTTP or authentication.
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
        ObjectNode handle(RequestContext ctx, JsonNode in, List<byte[]> wipe);
    }

    /** A handler that puts no secrets in its response. */
    @FunctionalInterface
    private interface PlainHandler {
        ObjectNode handle(RequestContext ctx, JsonNode in);
    }

    private final KmsOperations keys;
    private final Map<String, Operation> operations = new HashMap<>();

    public KmsApi(KmsOperations keys) {
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
                (c, in) -> obj().set(
                                "KeyMetadata",
                                keyMetadata(keys.lifecycle()
                                        .describeKey(c, new LifecycleRequests.DescribeKey(str(in, "KeyId"))))));
        op("ListKeys", true, this::listKeys);
        op("ListAliases", true, this::listAliases);
        op("ListResourceTags", true, this::listResourceTags);
        op(
                "GetKeyPolicy",
                true,
                (c, in) -> obj().put(
                                "Policy",
                                keys.tagsAndPolicies()
                                        .getKeyPolicy(
                                                c,
                                                new TagPolicyRequests.GetKeyPolicy(
                                                        str(in, "KeyId"), str(in, "PolicyName")))
                                        .policy())
                        .put("PolicyName", "default"));
        op("ListKeyPolicies", true, this::listKeyPolicies);
        op("GetKeyRotationStatus", true, (c, in) -> {
            TagPolicyRequests.RotationStatus r = keys.tagsAndPolicies()
                    .getKeyRotationStatus(c, new TagPolicyRequests.GetKeyRotationStatus(str(in, "KeyId")));
            return obj().put("KeyRotationEnabled", r.keyRotationEnabled()).put("KeyId", r.keyArn());
        });
        // writes: run off the event loop
        op("CreateKey", false, this::createKey);
        op("EnableKey", false, (c, in) -> {
            keys.lifecycle().enableKey(c, new LifecycleRequests.EnableKey(str(in, "KeyId")));
            return obj();
        });
        op("DisableKey", false, (c, in) -> {
            keys.lifecycle().disableKey(c, new LifecycleRequests.DisableKey(str(in, "KeyId")));
            return obj();
        });
        op("ScheduleKeyDeletion", false, (c, in) -> {
            KmsKey k = keys.lifecycle()
                    .scheduleKeyDeletion(
                            c,
                            new LifecycleRequests.ScheduleKeyDeletion(
                                    str(in, "KeyId"), integer(in, "PendingWindowInDays")));
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
                                keys.lifecycle()
                                        .cancelKeyDeletion(c, new LifecycleRequests.CancelKeyDeletion(str(in, "KeyId")))
                                        .arn()));
        op("UpdateKeyDescription", false, (c, in) -> {
            keys.lifecycle()
                    .updateKeyDescription(
                            c, new LifecycleRequests.UpdateKeyDescription(str(in, "KeyId"), str(in, "Description")));
            return obj();
        });
        op("CreateAlias", false, (c, in) -> {
            keys.aliases().createAlias(c, new AliasRequests.CreateAlias(str(in, "AliasName"), str(in, "TargetKeyId")));
            return obj();
        });
        op("UpdateAlias", false, (c, in) -> {
            keys.aliases().updateAlias(c, new AliasRequests.UpdateAlias(str(in, "AliasName"), str(in, "TargetKeyId")));
            return obj();
        });
        op("DeleteAlias", false, (c, in) -> {
            keys.aliases().deleteAlias(c, new AliasRequests.DeleteAlias(str(in, "AliasName")));
            return obj();
        });
        op("TagResource", false, (c, in) -> {
            keys.tagsAndPolicies()
                    .tagResource(c, new TagPolicyRequests.TagResource(str(in, "KeyId"), tags(in.get("Tags"))));
            return obj();
        });
        op("UntagResource", false, (c, in) -> {
            List<String> tagKeys = new ArrayList<>();
            for (JsonNode k : in.path("TagKeys")) tagKeys.add(k.asText());
            keys.tagsAndPolicies().untagResource(c, new TagPolicyRequests.UntagResource(str(in, "KeyId"), tagKeys));
            return obj();
        });
        op("PutKeyPolicy", false, (c, in) -> {
            keys.tagsAndPolicies()
                    .putKeyPolicy(
                            c,
                            new TagPolicyRequests.PutKeyPolicy(
                                    str(in, "KeyId"), str(in, "PolicyName"), str(in, "Policy")));
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

    private ObjectNode createKey(RequestContext c, JsonNode in) {
        KmsKey k = keys.lifecycle()
                .createKey(
                        c,
                        new LifecycleRequests.CreateKey(
                                str(in, "Description"),
                                wire(in, "KeyUsage", KeyUsage::fromWire),
                                wire(in, "KeySpec", KeySpec::fromWire),
                                wire(in, "CustomerMasterKeySpec", KeySpec::fromWire),
                                wire(in, "Origin", Origin::fromWire),
                                str(in, "Policy"),
                                in.has("Tags") ? tags(in.get("Tags")) : List.of(),
                                bool(in, "MultiRegion"),
                                str(in, "CustomKeyStoreId"),
                                str(in, "XksKeyId")));
        return obj().set("KeyMetadata", keyMetadata(k));
    }

    private ObjectNode encrypt(RequestContext c, JsonNode in) {
        CryptoRequests.Encrypted r = keys.cryptography()
                .encrypt(
                        c,
                        new CryptoRequests.Encrypt(
                                str(in, "KeyId"),
                                blob(in, "Plaintext"),
                                context(in, "EncryptionContext"),
                                wire(in, "EncryptionAlgorithm", EncryptionAlgorithm::fromWire),
                                isTrue(in, "DryRun")));
        return obj().put("CiphertextBlob", r.ciphertextBlob())
                .put("KeyId", r.keyArn())
                .put("EncryptionAlgorithm", r.encryptionAlgorithm().wireName());
    }

    private ObjectNode decrypt(RequestContext c, JsonNode in, List<byte[]> wipe) {
        rejectRecipient(in);
        CryptoRequests.Decrypted r = keys.cryptography()
                .decrypt(
                        c,
                        new CryptoRequests.Decrypt(
                                requiredBlob(in, "CiphertextBlob"),
                                context(in, "EncryptionContext"),
                                str(in, "KeyId"),
                                wire(in, "EncryptionAlgorithm", EncryptionAlgorithm::fromWire),
                                isTrue(in, "DryRun")));
        ObjectNode out = obj().put("KeyId", r.keyArn())
                .put("Plaintext", r.plaintext())
                .put("EncryptionAlgorithm", r.encryptionAlgorithm().wireName());
        if (r.keyMaterialId() != null) out.put("KeyMaterialId", r.keyMaterialId());
        wipe.add(r.plaintext());
        return out;
    }

    private ObjectNode reEncrypt(RequestContext c, JsonNode in) {
        CryptoRequests.ReEncrypted r = keys.cryptography()
                .reEncrypt(
                        c,
                        new CryptoRequests.ReEncrypt(
                                requiredBlob(in, "CiphertextBlob"),
                                context(in, "SourceEncryptionContext"),
                                str(in, "SourceKeyId"),
                                str(in, "DestinationKeyId"),
                                context(in, "DestinationEncryptionContext"),
                                wire(in, "SourceEncryptionAlgorithm", EncryptionAlgorithm::fromWire),
                                wire(in, "DestinationEncryptionAlgorithm", EncryptionAlgorithm::fromWire),
                                isTrue(in, "DryRun")));
        ObjectNode out = obj().put("CiphertextBlob", r.ciphertextBlob())
                .put("SourceKeyId", r.sourceKeyArn())
                .put("KeyId", r.keyArn())
                .put("SourceEncryptionAlgorithm", r.sourceEncryptionAlgorithm().wireName())
                .put(
                        "DestinationEncryptionAlgorithm",
                        r.destinationEncryptionAlgorithm().wireName());
        if (r.sourceKeyMaterialId() != null) out.put("SourceKeyMaterialId", r.sourceKeyMaterialId());
        if (r.destinationKeyMaterialId() != null) out.put("DestinationKeyMaterialId", r.destinationKeyMaterialId());
        return out;
    }

    private ObjectNode dataKey(RequestContext c, JsonNode in, boolean withPlaintext, List<byte[]> wipe) {
        if (withPlaintext) rejectRecipient(in);
        CryptoRequests.GenerateDataKey req = new CryptoRequests.GenerateDataKey(
                str(in, "KeyId"),
                context(in, "EncryptionContext"),
                integer(in, "NumberOfBytes"),
                wire(in, "KeySpec", DataKeySpec::fromWire),
                isTrue(in, "DryRun"));
        CryptoRequests.DataKey r = withPlaintext
                ? keys.cryptography().generateDataKey(c, req)
                : keys.cryptography().generateDataKeyWithoutPlaintext(c, req);
        ObjectNode out = obj().put("CiphertextBlob", r.ciphertextBlob());
        if (r.plaintext() != null) {
            out.put("Plaintext", r.plaintext());
            wipe.add(r.plaintext());
        }
        out.put("KeyId", r.keyArn());
        if (r.keyMaterialId() != null) out.put("KeyMaterialId", r.keyMaterialId());
        return out;
    }

    private ObjectNode generateRandom(RequestContext c, JsonNode in, List<byte[]> wipe) {
        rejectRecipient(in);
        byte[] bytes = keys.cryptography()
                .generateRandom(
                        c, new CryptoRequests.GenerateRandom(integer(in, "NumberOfBytes"), str(in, "CustomKeyStoreId")))
                .plaintext();
        wipe.add(bytes);
        return obj().put("Plaintext", bytes);
    }

    private ObjectNode listKeys(RequestContext c, JsonNode in) {
        Page<KmsKey> page =
                keys.lifecycle().listKeys(c, new LifecycleRequests.ListKeys(integer(in, "Limit"), str(in, "Marker")));
        ObjectNode out = obj();
        ArrayNode arr = out.putArray("Keys");
        for (KmsKey k : page.items()) arr.addObject().put("KeyId", k.keyId()).put("KeyArn", k.arn());
        return paged(out, page);
    }

    private ObjectNode listAliases(RequestContext c, JsonNode in) {
        Page<Alias> page = keys.aliases()
                .listAliases(
                        c, new AliasRequests.ListAliases(str(in, "KeyId"), integer(in, "Limit"), str(in, "Marker")));
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

    private ObjectNode listResourceTags(RequestContext c, JsonNode in) {
        Page<Tag> page = keys.tagsAndPolicies()
                .listResourceTags(
                        c,
                        new TagPolicyRequests.ListResourceTags(
                                str(in, "KeyId"), integer(in, "Limit"), str(in, "Marker")));
        ObjectNode out = obj();
        ArrayNode arr = out.putArray("Tags");
        for (Tag t : page.items()) arr.addObject().put("TagKey", t.key()).put("TagValue", t.value());
        return paged(out, page);
    }

    private ObjectNode listKeyPolicies(RequestContext c, JsonNode in) {
        Page<String> page = keys.tagsAndPolicies()
                .listKeyPolicies(
                        c,
                        new TagPolicyRequests.ListKeyPolicies(
                                str(in, "KeyId"), integer(in, "Limit"), str(in, "Marker")));
        ObjectNode out = obj();
        ArrayNode arr = out.putArray("PolicyNames");
        page.items().forEach(arr::add);
        return paged(out, page);
    }

    private static ObjectNode paged(ObjectNode out, Page<?> page) {
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
        m.put("Origin", k.origin().wireName())
                .put("KeyManager", "CUSTOMER")
                .put("CustomerMasterKeySpec", k.keySpec().wireName())
                .put("KeySpec", k.keySpec().wireName());
        ArrayNode algorithms = m.putArray("EncryptionAlgorithms");
        for (EncryptionAlgorithm a : KeyCapabilities.encryptionAlgorithms(k.keySpec(), k.keyUsage())) {
            algorithms.add(a.wireName());
        }
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

    /** An enum member by wire name (the validator has checked it is one of the model's). */
    private static <T> T wire(JsonNode in, String name, Function<String, T> parse) {
        String s = str(in, name);
        if (s == null) return null;
        try {
            return parse.apply(s);
        } catch (IllegalArgumentException e) {
            throw ServiceException.validation("'" + s + "' is not a valid value of " + name + ".");
        }
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
