package dev.trent.server.kms;

import static dev.trent.server.kms.KmsJson.integer;
import static dev.trent.server.kms.KmsJson.obj;
import static dev.trent.server.kms.KmsJson.paged;
import static dev.trent.server.kms.KmsJson.str;
import static dev.trent.server.kms.KmsJson.time;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trent.core.RequestContext;
import dev.trent.core.kms.KeyMaterialInfo;
import dev.trent.core.kms.KeyRotations;
import dev.trent.core.kms.Page;
import dev.trent.core.kms.RotationRequests;

/** EnableKeyRotation, DisableKeyRotation, GetKeyRotationStatus, RotateKeyOnDemand and ListKeyRotations on the wire. */
final class RotationApi {
    private final KeyRotations rotations;

    RotationApi(KeyRotations rotations) {
        this.rotations = rotations;
    }

    void register(KmsHandlers h) {
        h.inline("GetKeyRotationStatus", this::getKeyRotationStatus)
                .inline("ListKeyRotations", this::listKeyRotations)
                .worker("EnableKeyRotation", (c, in) -> {
                    rotations.enableKeyRotation(
                            c,
                            new RotationRequests.EnableKeyRotation(
                                    str(in, "KeyId"), integer(in, "RotationPeriodInDays")));
                    return obj();
                })
                .worker("DisableKeyRotation", (c, in) -> {
                    rotations.disableKeyRotation(c, new RotationRequests.DisableKeyRotation(str(in, "KeyId")));
                    return obj();
                })
                .worker(
                        "RotateKeyOnDemand",
                        (c, in) -> obj().put(
                                        "KeyId",
                                        rotations
                                                .rotateKeyOnDemand(
                                                        c, new RotationRequests.RotateKeyOnDemand(str(in, "KeyId")))
                                                .keyId()));
    }

    private ObjectNode getKeyRotationStatus(RequestContext c, JsonNode in) {
        RotationRequests.RotationStatus r =
                rotations.getKeyRotationStatus(c, new RotationRequests.GetKeyRotationStatus(str(in, "KeyId")));
        ObjectNode out = obj().put("KeyRotationEnabled", r.keyRotationEnabled()).put("KeyId", r.keyArn());
        if (r.rotationPeriodInDays() != null) out.put("RotationPeriodInDays", r.rotationPeriodInDays());
        if (r.nextRotationDate() != null) out.set("NextRotationDate", time(r.nextRotationDate()));
        if (r.onDemandRotationStartDate() != null) {
            out.set("OnDemandRotationStartDate", time(r.onDemandRotationStartDate()));
        }
        return out;
    }

    private ObjectNode listKeyRotations(RequestContext c, JsonNode in) {
        Page<RotationRequests.Rotation> page = rotations.listKeyRotations(
                c,
                new RotationRequests.ListKeyRotations(
                        str(in, "KeyId"), str(in, "IncludeKeyMaterial"), integer(in, "Limit"), str(in, "Marker")));
        ObjectNode out = obj();
        ArrayNode arr = out.putArray("Rotations");
        for (RotationRequests.Rotation r : page.items()) {
            KeyMaterialInfo m = r.material();
            ObjectNode e = arr.addObject().put("KeyId", r.keyId()).put("KeyMaterialId", m.materialId());
            KeyMaterialInfo.Imported i = m.imported();
            if (i != null) {
                if (i.description() != null) e.put("KeyMaterialDescription", i.description());
                e.put("ImportState", i.state().name());
            }
            e.put("KeyMaterialState", r.state().name());
            if (i != null && i.expirationModel() != null) {
                e.put("ExpirationModel", i.expirationModel().name());
                if (i.validTo() != null) e.set("ValidTo", time(i.validTo()));
            }
            if (m.rotationType() != null) {
                e.set("RotationDate", time(m.createdAt()));
                e.put("RotationType", m.rotationType().name());
            }
        }
        return paged(out, page);
    }
}
