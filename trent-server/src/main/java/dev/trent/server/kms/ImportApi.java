package dev.trent.server.kms;

import static dev.trent.server.kms.KmsJson.obj;
import static dev.trent.server.kms.KmsJson.str;
import static dev.trent.server.kms.KmsJson.time;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trent.core.RequestContext;
import dev.trent.core.kms.ImportRequests;
import dev.trent.core.kms.KeyImport;
import java.util.List;

/** GetParametersForImport, ImportKeyMaterial and DeleteImportedKeyMaterial on the wire (they write: workers). */
final class ImportApi {
    private final KeyImport imports;

    ImportApi(KeyImport imports) {
        this.imports = imports;
    }

    void register(KmsHandlers h) {
        h.worker("GetParametersForImport", this::getParametersForImport)
                .slowWithSecrets("ImportKeyMaterial", this::importKeyMaterial)
                .worker("DeleteImportedKeyMaterial", this::deleteImportedKeyMaterial);
    }

    private ObjectNode getParametersForImport(RequestContext c, JsonNode in) {
        ImportRequests.ImportParameters p = imports.getParametersForImport(
                c,
                new ImportRequests.GetParametersForImport(
                        str(in, "KeyId"), str(in, "WrappingAlgorithm"), str(in, "WrappingKeySpec")));
        return obj().put("KeyId", p.keyArn())
                .put("ImportToken", p.importToken())
                .put("PublicKey", p.publicKey())
                .set("ParametersValidTo", time(p.validTo()));
    }

    private ObjectNode importKeyMaterial(RequestContext c, JsonNode in, List<byte[]> wipe) {
        byte[] wrapped = KmsJson.requiredBlob(in, "EncryptedKeyMaterial");
        wipe.add(wrapped);
        ImportRequests.MaterialResult r = imports.importKeyMaterial(
                c,
                new ImportRequests.ImportKeyMaterial(
                        str(in, "KeyId"),
                        KmsJson.requiredBlob(in, "ImportToken"),
                        wrapped,
                        KmsJson.instant(in, "ValidTo"),
                        str(in, "ExpirationModel"),
                        str(in, "ImportType"),
                        str(in, "KeyMaterialDescription"),
                        str(in, "KeyMaterialId")));
        return obj().put("KeyId", r.keyArn()).put("KeyMaterialId", r.keyMaterialId());
    }

    private ObjectNode deleteImportedKeyMaterial(RequestContext c, JsonNode in) {
        ImportRequests.MaterialResult r = imports.deleteImportedKeyMaterial(
                c, new ImportRequests.DeleteImportedKeyMaterial(str(in, "KeyId"), str(in, "KeyMaterialId")));
        return obj().put("KeyId", r.keyArn()).put("KeyMaterialId", r.keyMaterialId());
    }
}
