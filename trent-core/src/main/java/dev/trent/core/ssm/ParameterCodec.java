package dev.trent.core.ssm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trent.core.Json;
import dev.trent.core.kms.Tag;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The stored (JSON) form of a parameter, under {@code ssm/parameters/<account>/<region>/<name>}. */
final class ParameterCodec {
    static final String PREFIX = "ssm/parameters/";

    private ParameterCodec() {}

    static String path(String accountId, String region, String name) {
        return scope(accountId, region) + name;
    }

    static String scope(String accountId, String region) {
        return PREFIX + accountId + "/" + region + "/";
    }

    static byte[] encode(Parameter p) {
        ObjectNode n = Json.object()
                .put("AccountId", p.accountId())
                .put("Region", p.region())
                .put("Name", p.name());
        ArrayNode vs = n.putArray("Versions");
        for (ParameterVersion v : p.versions()) {
            ObjectNode o = vs.addObject()
                    .put("Version", v.version())
                    .put("Type", v.type().wireName())
                    .put("Value", v.value())
                    .put("Tier", v.tier())
                    .put("DataType", v.dataType())
                    .put("LastModified", v.lastModified().toString())
                    .put("LastModifiedUser", v.lastModifiedUser());
            if (v.sealed() != null) o.put("Sealed", v.sealed());
            if (v.keyId() != null) o.put("KeyId", v.keyId());
            if (v.description() != null) o.put("Description", v.description());
            if (v.allowedPattern() != null) o.put("AllowedPattern", v.allowedPattern());
            ArrayNode labels = o.putArray("Labels");
            v.labels().forEach(labels::add);
        }
        ArrayNode tags = n.putArray("Tags");
        for (Tag t : p.tags()) tags.addObject().put("Key", t.key()).put("Value", t.value());
        return Json.bytes(n);
    }

    static Parameter decode(byte[] bytes) {
        JsonNode n = Json.parse(bytes);
        List<ParameterVersion> versions = new ArrayList<>();
        for (JsonNode o : n.path("Versions")) {
            List<String> labels = new ArrayList<>();
            o.path("Labels").forEach(l -> labels.add(l.asText()));
            versions.add(new ParameterVersion(
                    o.get("Version").asLong(),
                    ParameterType.fromWire(o.get("Type").asText()),
                    o.get("Value").asText(),
                    text(o, "Sealed"),
                    text(o, "KeyId"),
                    text(o, "Description"),
                    text(o, "AllowedPattern"),
                    o.get("Tier").asText(),
                    o.get("DataType").asText(),
                    labels,
                    Instant.parse(o.get("LastModified").asText()),
                    o.get("LastModifiedUser").asText()));
        }
        List<Tag> tags = new ArrayList<>();
        for (JsonNode t : n.path("Tags"))
            tags.add(new Tag(t.get("Key").asText(), t.get("Value").asText()));
        return new Parameter(
                n.get("AccountId").asText(),
                n.get("Region").asText(),
                n.get("Name").asText(),
                versions,
                tags);
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
