package dev.trent.server.kms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.trent.core.auth.Authorizer;
import dev.trent.core.kms.KeyMaterialOperations;
import dev.trent.core.kms.KmsOperations;
import dev.trent.core.store.InMemoryStore;
import dev.trent.server.pipeline.OperationSpec;
import dev.trent.server.pipeline.OperationSpec.AuditCategory;
import dev.trent.server.pipeline.OperationSpec.Execution;
import dev.trent.server.pipeline.ServiceDefinition;
import dev.trent.server.protocol.RequestValidator;
import dev.trent.server.protocol.ServiceModel;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The KMS entry of the service registry: what each operation declares. */
class KmsServiceTest {
    private static final RequestValidator VALIDATOR = new RequestValidator(ServiceModel.kms());
    private static final InMemoryStore STORE = new InMemoryStore();
    private static final KmsOperations OPS =
            KmsOperations.create(STORE, Authorizer.ALLOW_ALL, Clock.systemUTC(), new SecureRandom());
    private final ServiceDefinition kms = KmsService.definition(
            VALIDATOR.model(),
            VALIDATOR,
            OPS,
            KeyMaterialOperations.create(OPS, STORE, Clock.systemUTC(), new SecureRandom()));

    @Test
    void theServiceIsAddressedAsAwsKmsIs() {
        assertThat(kms.signingName()).isEqualTo("kms");
        assertThat(kms.targetPrefix()).isEqualTo("TrentService");
        assertThat(kms.internalErrorCode()).isEqualTo("KMSInternalException");
    }

    @Test
    void everyModelOperationIsListedAndTheImplementedOnesHaveHandlers() {
        assertThat(kms.operations().keySet()).isEqualTo(VALIDATOR.model().operationNames());
        Set<String> implemented = new TreeSet<>();
        kms.operations().values().stream().filter(OperationSpec::implemented).forEach(o -> implemented.add(o.name()));
        assertThat(implemented)
                .containsExactlyInAnyOrder(
                        "CancelKeyDeletion",
                        "CreateAlias",
                        "CreateGrant",
                        "CreateKey",
                        "Decrypt",
                        "DeleteImportedKeyMaterial",
                        "DisableKeyRotation",
                        "EnableKeyRotation",
                        "GetParametersForImport",
                        "ImportKeyMaterial",
                        "ListKeyRotations",
                        "ReplicateKey",
                        "RotateKeyOnDemand",
                        "UpdatePrimaryRegion",
                        "DeleteAlias",
                        "DeriveSharedSecret",
                        "DescribeKey",
                        "DisableKey",
                        "EnableKey",
                        "Encrypt",
                        "GenerateDataKey",
                        "GenerateDataKeyPair",
                        "GenerateDataKeyPairWithoutPlaintext",
                        "GenerateDataKeyWithoutPlaintext",
                        "GenerateMac",
                        "GenerateRandom",
                        "GetKeyPolicy",
                        "GetKeyRotationStatus",
                        "GetPublicKey",
                        "ListAliases",
                        "ListGrants",
                        "ListKeyPolicies",
                        "ListKeys",
                        "ListResourceTags",
                        "ListRetirableGrants",
                        "PutKeyPolicy",
                        "ReEncrypt",
                        "RetireGrant",
                        "RevokeGrant",
                        "ScheduleKeyDeletion",
                        "Sign",
                        "TagResource",
                        "UntagResource",
                        "UpdateAlias",
                        "UpdateKeyDescription",
                        "Verify",
                        "VerifyMac");
    }

    @Test
    void eachOperationDeclaresItsActionThreadQuotaAuditAndResources() {
        OperationSpec encrypt = kms.operation("Encrypt");
        assertThat(encrypt.iamAction()).isEqualTo("kms:Encrypt");
        assertThat(encrypt.execution()).isEqualTo(Execution.EVENT_LOOP);
        assertThat(encrypt.quotaClass()).isEqualTo("kms-cryptographic-by-key-type");
        assertThat(kms.operation("GenerateDataKeyPair").quotaClass()).isEqualTo("kms-generate-data-key-pair-by-spec");
        assertThat(encrypt.audit()).isEqualTo(AuditCategory.CRYPTOGRAPHIC);
        assertThat(encrypt.resources()
                        .find(JsonNodeFactory.instance.objectNode().put("KeyId", "alias/a")))
                .containsExactly("alias/a");

        OperationSpec createAlias = kms.operation("CreateAlias");
        assertThat(createAlias.execution()).isEqualTo(Execution.WORKER);
        assertThat(createAlias.quotaClass()).isEqualTo("kms-create-alias");
        assertThat(createAlias.audit()).isEqualTo(AuditCategory.MANAGEMENT_WRITE);
        assertThat(createAlias.resources().members()).containsExactly("TargetKeyId", "AliasName");

        assertThat(kms.operation("DescribeKey").audit()).isEqualTo(AuditCategory.MANAGEMENT_READ);
        assertThat(kms.operation("ReEncrypt").resources().members())
                .containsExactly("SourceKeyId", "DestinationKeyId", "CiphertextBlob");
        assertThat(kms.operation("CreateCustomKeyStore").implemented()).isFalse();
        assertThat(kms.operation("Sign").iamAction()).isEqualTo("kms:Sign");
    }

    @Test
    void everyWriteRunsOnAWorkerAndEveryQuickReadOnTheEventLoop() {
        // generating a key pair (RSA_4096: up to hundreds of milliseconds) must not stall an event loop
        // GetParametersForImport makes a wrapping key pair and stores its token
        Set<String> slowReads =
                Set.of("Sign", "GenerateDataKeyPair", "GenerateDataKeyPairWithoutPlaintext", "GetParametersForImport");
        for (OperationSpec op : kms.operations().values()) {
            if (!op.implemented()) continue;
            Execution expected =
                    op.audit().readOnly() && !slowReads.contains(op.name()) ? Execution.EVENT_LOOP : Execution.WORKER;
            assertThat(op.execution()).as(op.name()).isEqualTo(expected);
        }
        assertThat(List.of(kms.operation("GenerateRandom").audit().dataPlane())).containsExactly(true);
    }
}
