package dev.trent.server.kms;

import static dev.trent.server.kms.KmsJson.context;
import static dev.trent.server.kms.KmsJson.integer;
import static dev.trent.server.kms.KmsJson.isTrue;
import static dev.trent.server.kms.KmsJson.obj;
import static dev.trent.server.kms.KmsJson.rejectRecipient;
import static dev.trent.server.kms.KmsJson.requiredBlob;
import static dev.trent.server.kms.KmsJson.str;
import static dev.trent.server.kms.KmsJson.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trent.core.RequestContext;
import dev.trent.core.kms.CryptoRequests;
import dev.trent.core.kms.DataKeySpec;
import dev.trent.core.kms.EncryptionAlgorithm;
import dev.trent.core.kms.KeyCryptography;
import java.util.List;

/** Encrypt, Decrypt, ReEncrypt, the data keys and GenerateRandom on the wire: memory only, on the event loop. */
final class CryptographyApi {
    private final KeyCryptography crypto;

    CryptographyApi(KeyCryptography crypto) {
        this.crypto = crypto;
    }

    void register(KmsHandlers h) {
        h.inline("Encrypt", this::encrypt)
                .inlineWithSecrets("Decrypt", this::decrypt)
                .inline("ReEncrypt", this::reEncrypt)
                .inlineWithSecrets("GenerateDataKey", (c, in, wipe) -> dataKey(c, in, true, wipe))
                .inlineWithSecrets("GenerateDataKeyWithoutPlaintext", (c, in, wipe) -> dataKey(c, in, false, wipe))
                .inlineWithSecrets("GenerateRandom", this::generateRandom);
    }

    private ObjectNode encrypt(RequestContext c, JsonNode in) {
        CryptoRequests.Encrypted r = crypto.encrypt(
                c,
                new CryptoRequests.Encrypt(
                        str(in, "KeyId"),
                        KmsJson.blob(in, "Plaintext"),
                        context(in, "EncryptionContext"),
                        wire(in, "EncryptionAlgorithm", EncryptionAlgorithm::fromWire),
                        isTrue(in, "DryRun")));
        return obj().put("CiphertextBlob", r.ciphertextBlob())
                .put("KeyId", r.keyArn())
                .put("EncryptionAlgorithm", r.encryptionAlgorithm().wireName());
    }

    private ObjectNode decrypt(RequestContext c, JsonNode in, List<byte[]> wipe) {
        rejectRecipient(in);
        CryptoRequests.Decrypted r = crypto.decrypt(
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
        CryptoRequests.ReEncrypted r = crypto.reEncrypt(
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
        CryptoRequests.DataKey r =
                withPlaintext ? crypto.generateDataKey(c, req) : crypto.generateDataKeyWithoutPlaintext(c, req);
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
        byte[] bytes = crypto.generateRandom(
                        c, new CryptoRequests.GenerateRandom(integer(in, "NumberOfBytes"), str(in, "CustomKeyStoreId")))
                .plaintext();
        wipe.add(bytes);
        return obj().put("Plaintext", bytes);
    }
}
