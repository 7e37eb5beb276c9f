package dev.trent.server.kms;

import dev.trent.core.kms.KeyMaterialOperations;
import dev.trent.core.kms.KmsOperations;
import dev.trent.core.quota.KmsRequestQuotas;
import dev.trent.core.quota.RequestQuota;
import dev.trent.server.pipeline.OperationSpec;
import dev.trent.server.pipeline.OperationSpec.AuditCategory;
import dev.trent.server.pipeline.OperationSpec.Execution;
import dev.trent.server.pipeline.OperationSpec.ResourceLocator;
import dev.trent.server.pipeline.ServiceDefinition;
import dev.trent.server.protocol.RequestValidator;
import dev.trent.server.protocol.ServiceModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * AWS KMS as a {@link ServiceDefinition}: the botocore model, signing name {@code kms}, target prefix
 * {@code TrentService}, internal errors as {@code KMSInternalException}, and for each of the model's operations
 * its IAM action, where it runs, its quota class, its audit category and the members that name its resources.
 * Operations of the model that Trent does not implement yet are listed without a handler. The handlers map
 * the wire shapes to the core's typed requests and results, by area: {@link CryptographyApi},
 * {@link KeyLifecycleApi}, {@link AliasApi}, {@link TagPolicyApi}, {@link AsymmetricApi}, {@link GrantApi}.
 */
public final class KmsService {
    /**
     * The quota class of the cryptographic operations: AWS KMS shares one request quota among them per type of key
     * (see {@link KmsQuotaClassifier}).
     */
    static final String CRYPTOGRAPHIC_QUOTA = "kms-cryptographic-by-key-type";
    /** The quota class of GenerateDataKeyPair(WithoutPlaintext): one quota per key pair spec. */
    static final String KEY_PAIR_QUOTA = "kms-generate-data-key-pair-by-spec";
    /** The quota class of an operation no request quota limits. */
    static final String NO_QUOTA = "none";

    /** Operations that change nothing but are cryptographic (high volume; a trail may exclude them). */
    private static final Set<String> CRYPTOGRAPHIC = Set.of(
            "Encrypt",
            "Decrypt",
            "ReEncrypt",
            "GenerateDataKey",
            "GenerateDataKeyWithoutPlaintext",
            "GenerateDataKeyPair",
            "GenerateDataKeyPairWithoutPlaintext",
            "GenerateMac",
            "VerifyMac",
            "GenerateRandom",
            "Sign",
            "Verify",
            "DeriveSharedSecret");

    /** Request members that name a key (by id, ARN or alias) or carry one (a ciphertext). */
    private static final List<String> RESOURCE_MEMBERS =
            List.of("KeyId", "TargetKeyId", "SourceKeyId", "DestinationKeyId", "AliasName", "CiphertextBlob");

    private KmsService() {}

    public static ServiceDefinition definition(ServiceModel model, RequestValidator validator, KmsOperations kms) {
        return definition(model, validator, kms, null);
    }

    /** With rotation, imported material and multi-Region keys ({@code material}; null leaves them unimplemented). */
    public static ServiceDefinition definition(
            ServiceModel model, RequestValidator validator, KmsOperations kms, KeyMaterialOperations material) {
        KmsHandlers handlers = new KmsHandlers();
        if (material != null) {
            new RotationApi(material.rotations()).register(handlers);
            new ImportApi(material.imports()).register(handlers);
            new ReplicationApi(material.multiRegion()).register(handlers);
        }
        new CryptographyApi(kms.cryptography()).register(handlers);
        new KeyLifecycleApi(kms.lifecycle()).register(handlers);
        new AliasApi(kms.aliases()).register(handlers);
        new TagPolicyApi(kms.tagsAndPolicies()).register(handlers);
        new AsymmetricApi(kms).register(handlers);
        new GrantApi(kms.grants()).register(handlers);
        Map<String, OperationSpec> ops = new HashMap<>();
        for (String name : model.operationNames()) {
            KmsHandlers.Entry impl = handlers.entries().get(name);
            OperationSpec.Handler handler = impl == null ? null : impl.handler();
            Execution execution = impl == null ? Execution.EVENT_LOOP : impl.execution();
            ops.put(
                    name,
                    new OperationSpec(
                            name,
                            "kms:" + name,
                            execution,
                            quotaClass(name),
                            auditCategory(name),
                            resources(model, name),
                            handler));
        }
        for (String name : handlers.entries().keySet()) {
            if (!ops.containsKey(name)) throw new IllegalStateException(name + " is not in the KMS model");
        }
        String signingName = model.metadata("signingName") != null
                ? model.metadata("signingName")
                : model.metadata("endpointPrefix");
        return new ServiceDefinition(signingName, model.targetPrefix(), "KMSInternalException", model, validator, ops);
    }

    /**
     * The request quota an operation draws from: the code of its own quota ({@code kms-create-key}), or the class
     * whose quota depends on the request (the key's type, the key pair spec), or {@link #NO_QUOTA}.
     */
    static String quotaClass(String operation) {
        RequestQuota own = KmsRequestQuotas.ofOperation(operation);
        if (own != null) return own.code();
        if (operation.startsWith("GenerateDataKeyPair")) return KEY_PAIR_QUOTA;
        return CRYPTOGRAPHIC.contains(operation) ? CRYPTOGRAPHIC_QUOTA : NO_QUOTA;
    }

    static AuditCategory auditCategory(String operation) {
        if (CRYPTOGRAPHIC.contains(operation)) return AuditCategory.CRYPTOGRAPHIC;
        boolean read = operation.startsWith("Describe") || operation.startsWith("Get") || operation.startsWith("List");
        return read ? AuditCategory.MANAGEMENT_READ : AuditCategory.MANAGEMENT_WRITE;
    }

    private static ResourceLocator resources(ServiceModel model, String operation) {
        ServiceModel.Shape input = model.inputShape(operation);
        if (input == null) return ResourceLocator.NONE;
        List<String> found = new ArrayList<>();
        for (String m : RESOURCE_MEMBERS) {
            if (input.member(m) != null) found.add(m);
        }
        return found.isEmpty() ? ResourceLocator.NONE : new ResourceLocator(found);
    }
}
