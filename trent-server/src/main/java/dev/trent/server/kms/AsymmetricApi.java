package dev.trent.server.kms;

import static dev.trent.server.kms.KmsJson.blob;
import static dev.trent.server.kms.KmsJson.context;
import static dev.trent.server.kms.KmsJson.isTrue;
import static dev.trent.server.kms.KmsJson.obj;
import static dev.trent.server.kms.KmsJson.rejectRecipient;
import static dev.trent.server.kms.KmsJson.str;
import static dev.trent.server.kms.KmsJson.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trent.core.RequestContext;
import dev.trent.core.kms.AsymmetricRequests;
import dev.trent.core.kms.KeyAgreementAlgorithm;
import dev.trent.core.kms.KmsOperations;
import dev.trent.core.kms.MacAlgorithm;
import dev.trent.core.kms.SigningAlgorithm;
import java.util.List;

/**
 * The asymmetric and HMAC operations on the wire: GetPublicKey, Sign, Verify, GenerateMac, VerifyMac,
 * DeriveSharedSecret and the data key pairs. Memory only, on the event loop.
 */
final class AsymmetricApi {
    private final KmsOperations kms;

    AsymmetricApi(KmsOperations kms) {
        this.kms = kms;
    }

    void register(KmsHandlers h) {
        h.inline("GetPublicKey", this::getPublicKey)
                .slow("Sign", this::sign)
                .inline("Verify", this::verify)
                .inline("GenerateMac", this::generateMac)
                .inline("VerifyMac", this::verifyMac)
                .inlineWithSecrets("DeriveSharedSecret", this::deriveSharedSecret)
                .slowWithSecrets("GenerateDataKeyPair", (c, in, wipe) -> dataKeyPair(c, in, true, wipe))
                .slowWithSecrets(
                        "GenerateDataKeyPairWithoutPlaintext", (c, in, wipe) -> dataKeyPair(c, in, false, wipe));
    }

    private ObjectNode getPublicKey(RequestContext c, JsonNode in) {
        AsymmetricRequests.PublicKeyInfo r = kms.publicKeys().getPublicKey(c, str(in, "KeyId"));
        ObjectNode out = obj().put("KeyId", r.keyArn())
                .put("PublicKey", r.publicKey())
                .put("CustomerMasterKeySpec", r.keySpec().wireName())
                .put("KeySpec", r.keySpec().wireName())
                .put("KeyUsage", r.keyUsage().wireName());
        KmsJson.algorithms(out, "EncryptionAlgorithms", r.encryptionAlgorithms());
        KmsJson.algorithms(out, "SigningAlgorithms", r.signingAlgorithms());
        KmsJson.algorithms(out, "KeyAgreementAlgorithms", r.keyAgreementAlgorithms());
        return out;
    }

    private ObjectNode sign(RequestContext c, JsonNode in) {
        AsymmetricRequests.Signed r = kms.signing()
                .sign(
                        c,
                        new AsymmetricRequests.Sign(
                                str(in, "KeyId"),
                                blob(in, "Message"),
                                wire(in, "MessageType", AsymmetricRequests.MessageType::fromWire),
                                wire(in, "SigningAlgorithm", SigningAlgorithm::fromWire),
                                isTrue(in, "DryRun")));
        return obj().put("KeyId", r.keyArn())
                .put("Signature", r.signature())
                .put("SigningAlgorithm", r.signingAlgorithm().wireName());
    }

    private ObjectNode verify(RequestContext c, JsonNode in) {
        AsymmetricRequests.Verified r = kms.signing()
                .verify(
                        c,
                        new AsymmetricRequests.Verify(
                                str(in, "KeyId"),
                                blob(in, "Message"),
                                wire(in, "MessageType", AsymmetricRequests.MessageType::fromWire),
                                blob(in, "Signature"),
                                wire(in, "SigningAlgorithm", SigningAlgorithm::fromWire),
                                isTrue(in, "DryRun")));
        return obj().put("KeyId", r.keyArn())
                .put("SignatureValid", true)
                .put("SigningAlgorithm", r.signingAlgorithm().wireName());
    }

    private ObjectNode generateMac(RequestContext c, JsonNode in) {
        AsymmetricRequests.Mac r = kms.macs()
                .generateMac(
                        c,
                        new AsymmetricRequests.GenerateMac(
                                str(in, "KeyId"),
                                blob(in, "Message"),
                                wire(in, "MacAlgorithm", MacAlgorithm::fromWire),
                                isTrue(in, "DryRun")));
        return obj().put("Mac", r.mac())
                .put("MacAlgorithm", r.macAlgorithm().wireName())
                .put("KeyId", r.keyArn());
    }

    private ObjectNode verifyMac(RequestContext c, JsonNode in) {
        AsymmetricRequests.Mac r = kms.macs()
                .verifyMac(
                        c,
                        new AsymmetricRequests.VerifyMac(
                                str(in, "KeyId"),
                                blob(in, "Message"),
                                wire(in, "MacAlgorithm", MacAlgorithm::fromWire),
                                blob(in, "Mac"),
                                isTrue(in, "DryRun")));
        return obj().put("KeyId", r.keyArn())
                .put("MacValid", true)
                .put("MacAlgorithm", r.macAlgorithm().wireName());
    }

    private ObjectNode deriveSharedSecret(RequestContext c, JsonNode in, List<byte[]> wipe) {
        rejectRecipient(in);
        AsymmetricRequests.SharedSecret r = kms.agreements()
                .deriveSharedSecret(
                        c,
                        new AsymmetricRequests.DeriveSharedSecret(
                                str(in, "KeyId"),
                                wire(in, "KeyAgreementAlgorithm", KeyAgreementAlgorithm::fromWire),
                                blob(in, "PublicKey"),
                                isTrue(in, "DryRun")));
        wipe.add(r.sharedSecret());
        return obj().put("KeyId", r.keyArn())
                .put("SharedSecret", r.sharedSecret())
                .put("KeyAgreementAlgorithm", r.algorithm().wireName())
                .put("KeyOrigin", r.origin().wireName());
    }

    private ObjectNode dataKeyPair(RequestContext c, JsonNode in, boolean withPlaintext, List<byte[]> wipe) {
        if (withPlaintext) rejectRecipient(in);
        AsymmetricRequests.GenerateDataKeyPair req = new AsymmetricRequests.GenerateDataKeyPair(
                str(in, "KeyId"),
                context(in, "EncryptionContext"),
                wire(in, "KeyPairSpec", AsymmetricRequests.DataKeyPairSpec::fromWire),
                isTrue(in, "DryRun"));
        AsymmetricRequests.DataKeyPair r = withPlaintext
                ? kms.dataKeyPairs().generateDataKeyPair(c, req)
                : kms.dataKeyPairs().generateDataKeyPairWithoutPlaintext(c, req);
        ObjectNode out = obj().put("PrivateKeyCiphertextBlob", r.privateKeyCiphertextBlob());
        if (r.privateKeyPlaintext() != null) {
            out.put("PrivateKeyPlaintext", r.privateKeyPlaintext());
            wipe.add(r.privateKeyPlaintext());
        }
        out.put("PublicKey", r.publicKey())
                .put("KeyId", r.keyArn())
                .put("KeyPairSpec", r.keyPairSpec().name());
        if (r.keyMaterialId() != null) out.put("KeyMaterialId", r.keyMaterialId());
        return out;
    }
}
