package dev.trent.server.kms;

import static dev.trent.server.kms.KmsJson.bool;
import static dev.trent.server.kms.KmsJson.keyMetadata;
import static dev.trent.server.kms.KmsJson.obj;
import static dev.trent.server.kms.KmsJson.str;
import static dev.trent.server.kms.KmsJson.tags;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trent.core.RequestContext;
import dev.trent.core.kms.KmsKey;
import dev.trent.core.kms.MultiRegionKeys;
import dev.trent.core.kms.ReplicationRequests;
import dev.trent.core.kms.Tag;
import java.util.List;

/** ReplicateKey and UpdatePrimaryRegion on the wire. */
final class ReplicationApi {
    private final MultiRegionKeys keys;

    ReplicationApi(MultiRegionKeys keys) {
        this.keys = keys;
    }

    void register(KmsHandlers h) {
        h.worker("ReplicateKey", this::replicateKey).worker("UpdatePrimaryRegion", (c, in) -> {
            keys.updatePrimaryRegion(
                    c, new ReplicationRequests.UpdatePrimaryRegion(str(in, "KeyId"), str(in, "PrimaryRegion")));
            return obj();
        });
    }

    private ObjectNode replicateKey(RequestContext c, JsonNode in) {
        KmsKey replica = keys.replicateKey(
                c,
                new ReplicationRequests.ReplicateKey(
                        str(in, "KeyId"),
                        str(in, "ReplicaRegion"),
                        str(in, "Policy"),
                        bool(in, "BypassPolicyLockoutSafetyCheck"),
                        str(in, "Description"),
                        in.has("Tags") ? tags(in.get("Tags")) : List.of()));
        ObjectNode out = obj();
        out.set("ReplicaKeyMetadata", keyMetadata(replica));
        out.put("ReplicaPolicy", replica.policy());
        ArrayNode t = out.putArray("ReplicaTags");
        for (Tag tag : replica.tags()) t.addObject().put("TagKey", tag.key()).put("TagValue", tag.value());
        return out;
    }
}
