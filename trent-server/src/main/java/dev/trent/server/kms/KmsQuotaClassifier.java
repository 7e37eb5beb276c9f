package dev.trent.server.kms;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trent.core.RequestContext;
import dev.trent.core.kms.KeyEntry;
import dev.trent.core.kms.KeySpec;
import dev.trent.core.quota.KmsRequestQuotas;
import dev.trent.core.quota.RequestQuota;
import dev.trent.server.pipeline.OperationSpec;
import dev.trent.server.quota.QuotaStage;

/**
 * Which AWS KMS request quota a request draws from, by its operation's quota class ({@link KmsService#quotaClass}):
 * an operation with its own quota draws from it; GenerateRandom from the symmetric cryptographic quota; GenerateDataKeyPair(WithoutPlaintext) from the quota of its key pair
 * spec; the other cryptographic operations from the shared quota of the type of the KMS key they name ({@code
 * KeyId}, or for ReEncrypt {@code DestinationKeyId}; a Decrypt without {@code KeyId} is of a symmetric key, the only
 * kind whose ciphertext names its key). The key's type is read from the key registry's view, without authorization:
 * a key that cannot be found counts as symmetric (the request then fails as it would anyway).
 */
public final class KmsQuotaClassifier implements QuotaStage.Classifier {
    private final KmsKeyLookup keys;

    public KmsQuotaClassifier(KmsKeyLookup keys) {
        this.keys = keys;
    }

    @Override
    public RequestQuota quotaOf(OperationSpec operation, RequestContext ctx) {
        String quotaClass = operation.quotaClass();
        JsonNode request = ctx.request();
        switch (quotaClass) {
            case KmsService.NO_QUOTA -> {
                return null;
            }
            case KmsService.KEY_PAIR_QUOTA -> {
                return KmsRequestQuotas.ofKeyPairSpec(text(request, "KeyPairSpec"));
            }
            case KmsService.CRYPTOGRAPHIC_QUOTA -> {
                String name = operation.name();
                if (name.equals("GenerateRandom")) return KmsRequestQuotas.SYMMETRIC;
                String ref = text(request, name.equals("ReEncrypt") ? "DestinationKeyId" : "KeyId");
                return KmsRequestQuotas.ofKeySpec(ref == null ? null : keySpec(ctx, ref));
            }
            default -> {
                return KmsRequestQuotas.catalogue().find(quotaClass);
            }
        }
    }

    private static String text(JsonNode request, String member) {
        JsonNode v = request == null ? null : request.get(member);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    /** The spec of the key {@code ref} names in the caller's account and Region (or the ARN's account), or null. */
    private KeySpec keySpec(RequestContext ctx, String ref) {
        KeyEntry e = keys.find(ctx.accountId(), ctx.region(), ref);
        return e == null ? null : e.key().keySpec();
    }
}
