package dev.trent.server.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trent.server.protocol.ServiceModel.Shape;
import dev.trent.server.protocol.ServiceModel.ShapeType;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ServiceModelTest {

    private static final ServiceModel KMS = ServiceModel.kms();

    @Test
    void kmsModelIsLoadedOnceWithItsMetadataAndProvenance() {
        assertThat(ServiceModel.kms()).isSameAs(KMS);
        assertThat(KMS.targetPrefix()).isEqualTo("TrentService");
        assertThat(KMS.jsonVersion()).isEqualTo("1.1");
        assertThat(KMS.metadata("apiVersion")).isEqualTo("2014-11-01");
        assertThat(KMS.origin()).contains("botocore", "kms 2014-11-01", "Apache License 2.0");
        assertThat(KMS.operationNames()).hasSize(54).contains("Encrypt", "Decrypt", "GenerateRandom", "CreateKey");
    }

    @Test
    void operationsKnowTheirShapes() {
        assertThat(KMS.hasOperation("Encrypt")).isTrue();
        assertThat(KMS.hasOperation("encrypt")).isFalse();
        assertThat(KMS.hasOperation(null)).isFalse();
        ServiceModel.Operation encrypt = KMS.operation("Encrypt");
        assertThat(encrypt.input().name()).isEqualTo("EncryptRequest");
        assertThat(encrypt.output().name()).isEqualTo("EncryptResponse");
        assertThat(encrypt.errors()).contains("NotFoundException", "DisabledException");
        assertThat(KMS.inputShape("Encrypt")).isSameAs(encrypt.input());
        assertThat(KMS.inputShape("Nope")).isNull();
        assertThat(KMS.operation("CreateAlias").output()).isNull();
    }

    @Test
    void shapesCarryTheirConstraintsInModelOrder() {
        Shape input = KMS.inputShape("Encrypt");
        assertThat(input.members())
                .extracting(ServiceModel.Member::name)
                .startsWith("KeyId", "Plaintext", "EncryptionContext", "GrantTokens", "EncryptionAlgorithm");
        ServiceModel.Member plaintext = input.member("Plaintext");
        assertThat(plaintext.required()).isTrue();
        assertThat(plaintext.sensitive()).isTrue();
        assertThat(plaintext.pathName()).isEqualTo("plaintext");
        assertThat(plaintext.shape().type()).isEqualTo(ShapeType.BLOB);
        assertThat(plaintext.shape().max()).isEqualByComparingTo("4096");

        Shape map = input.member("EncryptionContext").shape();
        assertThat(map.type()).isEqualTo(ShapeType.MAP);
        assertThat(map.mapKey().type()).isEqualTo(ShapeType.STRING);
        assertThat(map.mapValue().type()).isEqualTo(ShapeType.STRING);
        assertThat(input.member("GrantTokens").shape().listMember().name()).isEqualTo("GrantTokenType");
        assertThat(KMS.shape("DataKeySpec").enumValues()).containsExactly("AES_256", "AES_128");
        assertThat(KMS.shape("AliasNameType").pattern()).isEqualTo("^[a-zA-Z0-9:/_-]+$");
    }

    @Test
    void everyShapeIsResolvedAndEveryPatternCompiled() {
        for (Shape shape : KMS.shapes().values()) {
            switch (shape.type()) {
                case LIST -> assertThat(shape.listMember()).as(shape.name()).isNotNull();
                case MAP -> assertThat(shape.mapKey()).as(shape.name()).isNotNull();
                case STRUCTURE ->
                    shape.members()
                            .forEach(m -> assertThat(m.shape()).as(m.name()).isNotNull());
                default -> {}
            }
            if (shape.pattern() != null) {
                assertThat(shape.compiledPattern).as(shape.name()).isNotNull();
            }
        }
    }

    @Test
    void pathNamesLowercaseOnlyTheFirstLetter() {
        assertThat(ServiceModel.Member.pathName("NumberOfBytes")).isEqualTo("numberOfBytes");
        assertThat(ServiceModel.Member.pathName("SAMLOptions")).isEqualTo("sAMLOptions");
        assertThat(ServiceModel.Member.pathName("keyId")).isEqualTo("keyId");
    }

    @Test
    void aServiceAgnosticModelLoadsFromAnyStream() throws Exception {
        String json = "{\"metadata\":{\"targetPrefix\":\"AmazonSSM\",\"jsonVersion\":\"1.1\"},"
                + "\"operations\":{\"GetParameter\":{\"input\":\"GetParameterRequest\",\"errors\":[]}},"
                + "\"shapes\":{\"GetParameterRequest\":{\"type\":\"structure\",\"required\":[\"Name\"],"
                + "\"members\":{\"Name\":{\"shape\":\"PSParameterName\"},\"WithDecryption\":{\"shape\":\"Boolean\"}}},"
                + "\"PSParameterName\":{\"type\":\"string\",\"min\":1,\"max\":2048},\"Boolean\":{\"type\":\"boolean\"}}}";
        ServiceModel ssm = ServiceModel.load(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
        assertThat(ssm.targetPrefix()).isEqualTo("AmazonSSM");
        RequestValidator validator = new RequestValidator(ssm);
        ObjectMapper mapper = new ObjectMapper();
        assertThat(validator.validate("GetParameter", mapper.readTree("{\"WithDecryption\":\"no\"}")))
                .containsExactly(
                        "Value null at 'name' failed to satisfy constraint: Member must not be null",
                        "Value 'no' at 'withDecryption' failed to satisfy constraint: Member must be a boolean");
    }

    @Test
    void danglingReferencesAndBadPatternsAreRejectedAtLoad() {
        String dangling = "{\"operations\":{},\"shapes\":{\"L\":{\"type\":\"list\",\"member\":\"Missing\"}}}";
        assertThatThrownBy(() -> ServiceModel.load(new ByteArrayInputStream(dangling.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Missing");
        String badPattern = "{\"operations\":{},\"shapes\":{\"S\":{\"type\":\"string\",\"pattern\":\"(unclosed\"}}}";
        assertThatThrownBy(
                        () -> ServiceModel.load(new ByteArrayInputStream(badPattern.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("shape S");
        assertThatThrownBy(() -> ServiceModel.fromResource("no-such-model.json"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void queryModelsCarryWhatTheQueryProtocolNeeds() {
        ServiceModel iam = ServiceModel.fromResource("iam-model.json");
        assertThat(iam.protocol()).isEqualTo("query");
        assertThat(iam.apiVersion()).isEqualTo("2010-05-08");
        assertThat(iam.xmlNamespace()).isEqualTo("https://iam.amazonaws.com/doc/2010-05-08/");
        assertThat(iam.metadata("signatureVersion")).isEqualTo("v4");
        assertThat(iam.metadata("globalEndpoint")).isEqualTo("iam.amazonaws.com");
        ServiceModel.Operation listUsers = iam.operation("ListUsers");
        assertThat(listUsers.resultWrapper()).isEqualTo("ListUsersResult");
        assertThat(listUsers.httpMethod()).isEqualTo("POST");
        assertThat(listUsers.unsigned()).isFalse();
        assertThat(iam.operation("DeleteUser").output()).isNull();
        ServiceModel.Member users = listUsers.output().member("Users");
        assertThat(users.locationName()).isEqualTo("Users");
        assertThat(users.flattened()).isFalse();
        assertThat(users.shape().listMemberName()).isNull();
        assertThat(iam.error("NoSuchEntityException"))
                .isEqualTo(new ServiceModel.ErrorShape("NoSuchEntityException", "NoSuchEntity", 404, true));
        assertThat(iam.error("NoSuchEntity")).isSameAs(iam.error("NoSuchEntityException"));
        assertThat(iam.error("ServiceFailureException"))
                .isEqualTo(new ServiceModel.ErrorShape("ServiceFailureException", "ServiceFailure", 500, false));
        assertThat(iam.error("UserDetail")).isNull();
        assertThat(iam.error(null)).isNull();

        ServiceModel sts = ServiceModel.fromResource("sts-model.json");
        assertThat(sts.xmlNamespace()).isEqualTo("https://sts.amazonaws.com/doc/2011-06-15/");
        assertThat(sts.operation("AssumeRoleWithWebIdentity").unsigned()).isTrue();
        assertThat(sts.operation("GetCallerIdentity").unsigned()).isFalse();
        assertThat(sts.operation("GetCallerIdentity").resultWrapper()).isEqualTo("GetCallerIdentityResult");

        ServiceModel organizations = ServiceModel.fromResource("organizations-model.json");
        assertThat(organizations.protocol()).isEqualTo("json");
        assertThat(organizations.targetPrefix()).isEqualTo("AWSOrganizationsV20161128");
        assertThat(organizations.operationNames()).contains("CreateOrganization", "CreateAccount", "ListAccounts");
    }

    @Test
    void kmsHasNoQueryTraits() {
        assertThat(KMS.xmlNamespace()).isNull();
        assertThat(KMS.operation("Encrypt").resultWrapper()).isNull();
        assertThat(KMS.inputShape("Encrypt").member("KeyId").locationName()).isEqualTo("KeyId");
        assertThat(KMS.error("NotFoundException"))
                .isEqualTo(new ServiceModel.ErrorShape("NotFoundException", "NotFoundException", 400, true));
        assertThat(KMS.error("KMSInternalException").httpStatus()).isEqualTo(500);
    }
}
