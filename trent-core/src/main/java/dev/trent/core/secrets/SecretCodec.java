package dev.trent.core.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trent.core.Json;
import dev.trent.core.kms.Tag;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The stored (JSON) form of a secret. */
final class SecretCodec {
    static final String PREFIX = "secretsmanager/secrets/";

    private SecretCodec() {}

    static String scope(String accountId, String region) {
        return PREFIX + accountId + "/" + region + "/";
    }

    static String path(String accountId, String region, String name) {
        return scope(accountId, region) + name;
    }

    static byte[] encode(Secret s) {
        ObjectNode n = Json.object()
                .put("AccountId", s.accountId())
                .put("Region", s.region())
                .put("Name", s.name())
                .put("Arn", s.arn())
                .put("Created", s.created().toString())
                .put("LastChanged", s.lastChanged().toString());
        put(n, "Description", s.description());
        put(n, "KmsKeyId", s.kmsKeyId());
        put(n, "Policy", s.policy());
        if (s.lastAccessed() != null) n.put("LastAccessed", s.lastAccessed().toString());
        if (s.deletedDate() != null) n.put("DeletedDate", s.deletedDate().toString());
        if (s.deletionDate() != null) n.put("DeletionDate", s.deletionDate().toString());
        ArrayNode tags = n.putArray("Tags");
        for (Tag t : s.tags()) tags.addObject().put("Key", t.key()).put("Value", t.value());
        ArrayNode vs = n.putArray("Versions");
        for (SecretVersion v : s.versions()) {
            ObjectNode o = vs.addObject()
                    .put("VersionId", v.versionId())
                    .put("Created", v.created().toString())
                    .put("DataKey", v.dataKey())
                    .put("Ciphertext", v.ciphertext())
                    .put("Binary", v.binary());
            ArrayNode st = o.putArray("Stages");
            v.stages().forEach(st::add);
        }
        return Json.bytes(n);
    }

    static Secret decode(byte[] bytes) {
        JsonNode n = Json.parse(bytes);
        List<Tag> tags = new ArrayList<>();
        for (JsonNode t : n.path("Tags"))
            tags.add(new Tag(t.get("Key").asText(), t.get("Value").asText()));
        List<SecretVersion> versions = new ArrayList<>();
        for (JsonNode o : n.path("Versions")) {
            List<String> stages = new ArrayList<>();
            o.path("Stages").forEach(x -> stages.add(x.asText()));
            versions.add(new SecretVersion(
                    o.get("VersionId").asText(),
                    stages,
                    Instant.parse(o.get("Created").asText()),
                    o.get("DataKey").asText(),
                    o.get("Ciphertext").asText(),
                    o.get("Binary").asBoolean()));
        }
        return new Secret(
                n.get("AccountId").asText(),
                n.get("Region").asText(),
                n.get("Name").asText(),
                n.get("Arn").asText(),
                text(n, "Description"),
                text(n, "KmsKeyId"),
                tags,
                versions,
                Instant.parse(n.get("Created").asText()),
                Instant.parse(n.get("LastChanged").asText()),
                instant(n, "LastAccessed"),
                instant(n, "DeletedDate"),
                instant(n, "DeletionDate"),
                text(n, "Policy"));
    }

    private static void put(ObjectNode n, String field, String value) {
        if (value != null) n.put(field, value);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Instant instant(JsonNode n, String field) {
        String t = text(n, field);
        return t == null ? null : Instant.parse(t);
    }
}
