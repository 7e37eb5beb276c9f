package dev.trent.core.kms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trent.core.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Stored (JSON) form of keys and aliases: wire names for every enum, so records written by earlier versions read
 * unchanged. Key material is stored apart ({@link KeyMaterial#encode()}).
 */
final class KeyCodec {
    private KeyCodec() {}

    static byte[] encode(KmsKey k) {
        ObjectNode n = Json.object()
                .put("Id", k.keyId())
                .put("AccountId", k.accountId())
                .put("Region", k.region())
                .put("Partition", k.partition())
                .put("CreationDate", k.creationDate().toString())
                .put("Description", k.description())
                .put("State", k.state().name())
                .put("KeySpec", k.keySpec().wireName())
                .put("KeyUsage", k.keyUsage().wireName())
                .put("Origin", k.origin().wireName())
                .put("Policy", k.policy());
        if (k.deletionDate() != null) n.put("DeletionDate", k.deletionDate().toString());
        if (k.pendingWindowDays() != null) n.put("PendingWindowDays", k.pendingWindowDays());
        ArrayNode tags = n.putArray("Tags");
        for (Tag t : k.tags()) tags.addObject().put("Key", t.key()).put("Value", t.value());
        ArrayNode mats = n.putArray("Materials");
        for (KeyMaterialInfo m : k.materials()) {
            mats.addObject()
                    .put("Version", m.version())
                    .put("MaterialId", m.materialId())
                    .put("CreatedAt", m.createdAt().toString());
        }
        return Json.bytes(n);
    }

    static KmsKey decode(byte[] bytes) {
        JsonNode n = Json.parse(bytes);
        List<Tag> tags = new ArrayList<>();
        for (JsonNode t : n.path("Tags"))
            tags.add(new Tag(t.get("Key").asText(), t.get("Value").asText()));
        List<KeyMaterialInfo> mats = new ArrayList<>();
        for (JsonNode m : n.path("Materials")) {
            mats.add(new KeyMaterialInfo(
                    m.get("Version").asInt(),
                    m.get("MaterialId").asText(),
                    Instant.parse(m.get("CreatedAt").asText())));
        }
        return new KmsKey(
                KeyId.parse(n.get("Id").asText()),
                n.get("AccountId").asText(),
                n.get("Region").asText(),
                n.get("Partition").asText(),
                Instant.parse(n.get("CreationDate").asText()),
                n.get("Description").asText(),
                KeyState.valueOf(n.get("State").asText()),
                n.hasNonNull("DeletionDate")
                        ? Instant.parse(n.get("DeletionDate").asText())
                        : null,
                n.hasNonNull("PendingWindowDays") ? n.get("PendingWindowDays").asInt() : null,
                KeySpec.fromWire(n.get("KeySpec").asText()),
                KeyUsage.fromWire(n.get("KeyUsage").asText()),
                Origin.fromWire(n.get("Origin").asText()),
                n.get("Policy").asText(),
                tags,
                mats);
    }

    static byte[] encode(Alias a) {
        return Json.bytes(Json.object()
                .put("AccountId", a.accountId())
                .put("Region", a.region())
                .put("Name", a.name())
                .put("TargetKeyId", a.targetKeyId().toString())
                .put("CreationDate", a.creationDate().toString())
                .put("LastUpdatedDate", a.lastUpdatedDate().toString()));
    }

    static Alias decodeAlias(byte[] bytes) {
        JsonNode n = Json.parse(bytes);
        return new Alias(
                n.get("AccountId").asText(),
                n.get("Region").asText(),
                n.get("Name").asText(),
                KeyId.parse(n.get("TargetKeyId").asText()),
                Instant.parse(n.get("CreationDate").asText()),
                Instant.parse(n.get("LastUpdatedDate").asText()));
    }
}
