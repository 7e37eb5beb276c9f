package dev.trent.server.kms;

import static dev.trent.server.kms.KmsJson.bool;
import static dev.trent.server.kms.KmsJson.integer;
import static dev.trent.server.kms.KmsJson.keyMetadata;
import static dev.trent.server.kms.KmsJson.obj;
import static dev.trent.server.kms.KmsJson.paged;
import static dev.trent.server.kms.KmsJson.str;
import static dev.trent.server.kms.KmsJson.tags;
import static dev.trent.server.kms.KmsJson.time;
import static dev.trent.server.kms.KmsJson.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trent.core.RequestContext;
import dev.trent.core.kms.KeyLifecycle;
import dev.trent.core.kms.KeySpec;
import dev.trent.core.kms.KeyUsage;
import dev.trent.core.kms.KmsKey;
import dev.trent.core.kms.LifecycleRequests;
import dev.trent.core.kms.Origin;
import dev.trent.core.kms.Page;
import java.util.List;

/** CreateKey, DescribeKey, ListKeys, enabling, disabling, deletion and descriptions on the wire. */
final class KeyLifecycleApi {
    private final KeyLifecycle lifecycle;

    KeyLifecycleApi(KeyLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    void register(KmsHandlers h) {
        h.inline("DescribeKey", this::describeKey)
                .inline("ListKeys", this::listKeys)
                .worker("CreateKey", this::createKey)
                .worker("EnableKey", (c, in) -> {
                    lifecycle.enableKey(c, new LifecycleRequests.EnableKey(str(in, "KeyId")));
                    return obj();
                })
                .worker("DisableKey", (c, in) -> {
                    lifecycle.disableKey(c, new LifecycleRequests.DisableKey(str(in, "KeyId")));
                    return obj();
                })
                .worker("ScheduleKeyDeletion", this::scheduleKeyDeletion)
                .worker(
                        "CancelKeyDeletion",
                        (c, in) -> obj().put(
                                        "KeyId",
                                        lifecycle
                                                .cancelKeyDeletion(
                                                        c, new LifecycleRequests.CancelKeyDeletion(str(in, "KeyId")))
                                                .arn()))
                .worker("UpdateKeyDescription", (c, in) -> {
                    lifecycle.updateKeyDescription(
                            c, new LifecycleRequests.UpdateKeyDescription(str(in, "KeyId"), str(in, "Description")));
                    return obj();
                });
    }

    private ObjectNode createKey(RequestContext c, JsonNode in) {
        KmsKey k = lifecycle.createKey(
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
                        str(in, "XksKeyId"),
                        bool(in, "BypassPolicyLockoutSafetyCheck")));
        return obj().set("KeyMetadata", keyMetadata(k));
    }

    private ObjectNode describeKey(RequestContext c, JsonNode in) {
        KmsKey k = lifecycle.describeKey(c, new LifecycleRequests.DescribeKey(str(in, "KeyId")));
        return obj().set("KeyMetadata", keyMetadata(k));
    }

    private ObjectNode listKeys(RequestContext c, JsonNode in) {
        Page<KmsKey> page =
                lifecycle.listKeys(c, new LifecycleRequests.ListKeys(integer(in, "Limit"), str(in, "Marker")));
        ObjectNode out = obj();
        ArrayNode arr = out.putArray("Keys");
        for (KmsKey k : page.items()) arr.addObject().put("KeyId", k.keyId()).put("KeyArn", k.arn());
        return paged(out, page);
    }

    private ObjectNode scheduleKeyDeletion(RequestContext c, JsonNode in) {
        KmsKey k = lifecycle.scheduleKeyDeletion(
                c, new LifecycleRequests.ScheduleKeyDeletion(str(in, "KeyId"), integer(in, "PendingWindowInDays")));
        ObjectNode out = obj().put("KeyId", k.arn());
        // a multi-Region primary waiting for its replicas has no deletion date yet
        if (k.deletionDate() != null) out.set("DeletionDate", time(k.deletionDate()));
        return out.put("KeyState", k.state().name()).put("PendingWindowInDays", k.pendingWindowDays());
    }
}
