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
}
