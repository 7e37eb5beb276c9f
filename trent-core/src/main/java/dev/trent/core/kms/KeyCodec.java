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
            ObjectNode o = mats.addObject()
                    .put("Version", m.version())
                    .put("MaterialId", m.materialId())
                    .put("CreatedAt", m.createdAt().toString());
            if (m.rotationType() != null) o.put("RotationType", m.rotationType().name());
            if (m.pendingRotation()) o.put("PendingRotation", true);
            KeyMaterialInfo.Imported i = m.imported();
            if (i != null) {
                ObjectNode io = o.putObject("Imported").put("State", i.state().name());
                if (i.expirationModel() != null)
                    io.put("ExpirationModel", i.expirationModel().name());
                if (i.validTo() != null) io.put("ValidTo", i.validTo().toString());
                if (i.description() != null) io.put("Description", i.description());
            }
        }
        KeyRotation r = k.rotation();
        if (!r.equals(KeyRotation.NONE)) {
            ObjectNode ro = n.putObject("Rotation")
                    .put("Enabled", r.enabled())
                    .put("PeriodDays", r.periodDays())
                    .put("OnDemandRotations", r.onDemandRotations());
            if (r.nextRotationDate() != null)
                ro.put("NextRotationDate", r.nextRotationDate().toString());
            if (r.onDemandStartDate() != null)
                ro.put("OnDemandStartDate", r.onDemandStartDate().toString());
        }
        if (k.awsManaged()) n.put("KeyManager", "AWS");
        MultiRegionConfig mr = k.multiRegion();
        if (mr != null) {
            ObjectNode mo = n.putObject("MultiRegion").put("PrimaryRegion", mr.primaryRegion());
            ArrayNode replicas = mo.putArray("ReplicaRegions");
            mr.replicaRegions().forEach(replicas::add);
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
            JsonNode io = m.get("Imported");
            KeyMaterialInfo.Imported imported = io == null
                    ? null
                    : new KeyMaterialInfo.Imported(
                            KeyMaterialInfo.ImportState.valueOf(io.get("State").asText()),
                            io.hasNonNull("ExpirationModel")
                                    ? KeyMaterialInfo.ExpirationModel.valueOf(
                                            io.get("ExpirationModel").asText())
                                    : null,
                            instant(io, "ValidTo"),
                            io.hasNonNull("Description") ? io.get("Description").asText() : null);
            mats.add(new KeyMaterialInfo(
                    m.get("Version").asInt(),
                    m.get("MaterialId").asText(),
                    Instant.parse(m.get("CreatedAt").asText()),
                    m.hasNonNull("RotationType")
                            ? KeyMaterialInfo.RotationType.valueOf(
                                    m.get("RotationType").asText())
                            : null,
                    m.path("PendingRotation").asBoolean(false),
                    imported));
        }
        JsonNode ro = n.get("Rotation");
        KeyRotation rotation = ro == null
                ? KeyRotation.NONE
                : new KeyRotation(
                        ro.get("Enabled").asBoolean(),
                        ro.get("PeriodDays").asInt(),
                        instant(ro, "NextRotationDate"),
                        instant(ro, "OnDemandStartDate"),
                        ro.path("OnDemandRotations").asInt(0));
        JsonNode mo = n.get("MultiRegion");
        MultiRegionConfig multiRegion = null;
        if (mo != null) {
            List<String> replicas = new ArrayList<>();
            mo.path("ReplicaRegions").forEach(r -> replicas.add(r.asText()));
            String primary = mo.get("PrimaryRegion").asText();
            String region = n.get("Region").asText();
            multiRegion = new MultiRegionConfig(
                    region.equals(primary) ? MultiRegionConfig.Type.PRIMARY : MultiRegionConfig.Type.REPLICA,
                    primary,
                    replicas);
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
                mats,
                rotation,
                multiRegion,
                "AWS".equals(n.path("KeyManager").asText()));
    }

    private static Instant instant(JsonNode n, String name) {
        return n.hasNonNull(name) ? Instant.parse(n.get(name).asText()) : null;
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
