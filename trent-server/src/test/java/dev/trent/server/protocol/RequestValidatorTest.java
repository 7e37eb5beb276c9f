package dev.trent.server.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RequestValidatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RequestValidator VALIDATOR = new RequestValidator(ServiceModel.kms());

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static List<String> violations(String operation, String body) {
        return VALIDATOR.validate(operation, json(body));
    }

    private static List<String> violations(String operation, JsonNode body) {
        return VALIDATOR.validate(operation, body);
    }

    /** The message of the ValidationException that validateOrThrow raises. */
    private static String failure(String operation, JsonNode body) {
        ProtocolException e =
                catchThrowableOfType(ProtocolException.class, () -> VALIDATOR.validateOrThrow(operation, body));
        assertThat(e).as("expected a ValidationException").isNotNull();
        assertThat(e.errorCode()).isEqualTo("ValidationException");
        assertThat(e.httpStatus()).isEqualTo(400);
        return e.message();
    }

    private static String failure(String operation, String body) {
        return failure(operation, json(body));
    }

    private static String b64(int bytes) {
        return Base64.getEncoder().encodeToString(new byte[bytes]);
    }

    private static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    @Nested
    class IntegerRange {

        @Test
        void numberOfBytesZeroIsBelowTheMinimum() {
            assertThat(failure("GenerateRandom", "{\"NumberOfBytes\":0}"))
                    .isEqualTo(
                            "1 validation error detected: Value '0' at 'numberOfBytes' failed to satisfy constraint: "
                                    + "Member must have value greater than or equal to 1");
        }

        @Test
        void numberOfBytes1025IsAboveTheMaximum() {
            assertThat(failure("GenerateRandom", "{\"NumberOfBytes\":1025}"))
                    .isEqualTo(
                            "1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint: "
                                    + "Member must have value less than or equal to 1024");
        }

        @Test
        void boundsThemselvesAreValid() {
            assertThat(violations("GenerateRandom", "{\"NumberOfBytes\":1}")).isEmpty();
            assertThat(violations("GenerateRandom", "{\"NumberOfBytes\":1024}")).isEmpty();
        }

        @Test
        void valuesBeyondTheIntegerTypeAreReportedAgainstTheModelBound() {
            assertThat(violations("GenerateRandom", "{\"NumberOfBytes\":100000000000000000000}"))
                    .containsExactly("Value '100000000000000000000' at 'numberOfBytes' failed to satisfy constraint: "
                            + "Member must have value less than or equal to 1024");
            assertThat(violations("ScheduleKeyDeletion", "{\"KeyId\":\"k\",\"PendingWindowInDays\":-2147483649}"))
                    .containsExactly("Value '-2147483649' at 'pendingWindowInDays' failed to satisfy constraint: "
                            + "Member must have value greater than or equal to 1");
        }

        @Test
        void integralFloatsAreAcceptedAndRangeChecked() {
            assertThat(violations("GenerateRandom", "{\"NumberOfBytes\":2.0}")).isEmpty();
            assertThat(violations("GenerateRandom", "{\"NumberOfBytes\":1e3}")).isEmpty();
            assertThat(violations("GenerateRandom", "{\"NumberOfBytes\":2e3}"))
                    .containsExactly("Value '2000' at 'numberOfBytes' failed to satisfy constraint: "
                            + "Member must have value less than or equal to 1024");
        }
    }

    @Nested
    class Lengths {

        @Test
        void plaintextOf4097BytesIsTooLongAndNotEchoed() {
            ObjectNode body = object().put("KeyId", "alias/k").put("Plaintext", b64(4097));
            assertThat(failure("Encrypt", body))
                    .isEqualTo("1 validation error detected: Value at 'plaintext' failed to satisfy constraint: "
                            + "Member must have length less than or equal to 4096");
        }

        @Test
        void plaintextLengthIsTheDecodedByteLength() {
            // 4096 bytes are 5464 base64 characters: still valid.
            assertThat(violations("Encrypt", object().put("KeyId", "k").put("Plaintext", b64(4096))))
                    .isEmpty();
            assertThat(violations("Encrypt", object().put("KeyId", "k").put("Plaintext", "")))
                    .containsExactly(
                            "Value at 'plaintext' failed to satisfy constraint: Member must have length greater than or equal to 1");
        }

        @Test
        void descriptionOf8193CharactersIsTooLong() {
            String description = "d".repeat(8193);
            assertThat(failure("CreateKey", object().put("Description", description)))
                    .isEqualTo("1 validation error detected: Value '" + description
                            + "' at 'description' failed to satisfy "
                            + "constraint: Member must have length less than or equal to 8192");
            assertThat(violations("CreateKey", object().put("Description", "d".repeat(8192))))
                    .isEmpty();
        }

        @Test
        void stringLengthCountsCodePoints() {
            // 8192 emoji are 16384 UTF-16 units but 8192 characters.
            assertThat(violations("CreateKey", object().put("Description", "\uD83D\uDD11".repeat(8192))))
                    .isEmpty();
            assertThat(violations("CreateKey", object().put("Description", "\uD83D\uDD11".repeat(8193))))
                    .singleElement()
                    .asString()
                    .endsWith("Member must have length less than or equal to 8192");
            // Tag keys need at least one character: a single surrogate pair is one.
            assertThat(violations(
                            "TagResource",
                            "{\"KeyId\":\"k\",\"Tags\":[{\"TagKey\":\"\uD83D\uDD11\",\"TagValue\":\"\"}]}"))
                    .isEmpty();
        }

        @Test
        void aliasNameTooLong() {
            String name = "alias/" + "a".repeat(251);
            assertThat(violations("CreateAlias", object().put("AliasName", name).put("TargetKeyId", "k")))
                    .containsExactly("Value '" + name + "' at 'aliasName' failed to satisfy constraint: "
                            + "Member must have length less than or equal to 256");
        }

        @Test
        void listLength() {
            ObjectNode body = object().put("KeyId", "k").put("Plaintext", b64(1));
            for (int i = 0; i < 11; i++) {
                body.withArray("GrantTokens").add("t" + i);
            }
            assertThat(violations("Encrypt", body))
                    .containsExactly(
                            "Value '[t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, t10]' at 'grantTokens' failed to satisfy "
                                    + "constraint: Member must have length less than or equal to 10");
        }
    }

    @Nested
    class Patterns {

        @Test
        void aliasNameMustMatchThePattern() {
            assertThat(failure("CreateAlias", "{\"AliasName\":\"alias/my key!\",\"TargetKeyId\":\"k\"}"))
                    .isEqualTo(
                            "1 validation error detected: Value 'alias/my key!' at 'aliasName' failed to satisfy constraint: "
                                    + "Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$");
        }

        @Test
        void theWholeValueMustMatch() {
            assertThat(violations(
                            "CreateAlias",
                            object().put("AliasName", "alias/ok\n").put("TargetKeyId", "k")))
                    .containsExactly("Value 'alias/ok\n' at 'aliasName' failed to satisfy constraint: "
                            + "Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$");
            // Unanchored model patterns must match the whole value too.
            assertThat(violations(
                            "UpdateCustomKeyStore",
                            "{\"CustomKeyStoreId\":\"cks-1\",\"CloudHsmClusterId\":\"xcluster-abcdefghijk\"}"))
                    .containsExactly("Value 'xcluster-abcdefghijk' at 'cloudHsmClusterId' failed to satisfy "
                            + "constraint: Member must satisfy regular expression pattern: cluster-[2-7a-zA-Z]{11,16}");
            assertThat(violations("ListKeys", object().put("Marker", "ok\u0100")))
                    .containsExactly("Value 'ok\u0100' at 'marker' failed to satisfy constraint: "
                            + "Member must satisfy regular expression pattern: [\\u0020-\\u00FF]*");
        }

        @Test
        void everyBrokenConstraintOfAMemberIsReported() {
            String name = "alias/" + "!".repeat(251);
            assertThat(failure("CreateAlias", object().put("AliasName", name).put("TargetKeyId", "k")))
                    .isEqualTo("2 validation errors detected: "
                            + "Value '" + name + "' at 'aliasName' failed to satisfy constraint: "
                            + "Member must have length less than or equal to 256; "
                            + "Value '" + name + "' at 'aliasName' failed to satisfy constraint: "
                            + "Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$");
        }
    }

    @Nested
    class Enums {

        @Test
        void keySpecOutsideTheEnumListsTheValuesInModelOrder() {
            assertThat(failure("GenerateDataKey", "{\"KeyId\":\"k\",\"KeySpec\":\"AES_512\"}"))
                    .isEqualTo(
                            "1 validation error detected: Value 'AES_512' at 'keySpec' failed to satisfy constraint: "
                                    + "Member must satisfy enum value set: [AES_256, AES_128]");
        }

        @Test
        void enumValuesAreCaseSensitive() {
            assertThat(violations("GenerateDataKey", "{\"KeyId\":\"k\",\"KeySpec\":\"aes_256\"}"))
                    .hasSize(1);
            assertThat(violations("GenerateDataKey", "{\"KeyId\":\"k\",\"KeySpec\":\"AES_128\"}"))
                    .isEmpty();
        }
    }

    @Nested
    class Required {

        @Test
        void missingKeyId() {
            assertThat(failure("Encrypt", object().put("Plaintext", b64(3))))
                    .isEqualTo("1 validation error detected: Value null at 'keyId' failed to satisfy constraint: "
                            + "Member must not be null");
        }

        @Test
        void explicitNullCountsAsMissing() {
            assertThat(violations("Encrypt", "{\"KeyId\":null,\"Plaintext\":\"AAAA\"}"))
                    .containsExactly("Value null at 'keyId' failed to satisfy constraint: Member must not be null");
            // ... and an optional member set to null is simply absent.
            assertThat(violations("Encrypt", "{\"KeyId\":\"k\",\"Plaintext\":\"AAAA\",\"EncryptionContext\":null}"))
                    .isEmpty();
        }

        @Test
        void twoViolationsAreJoinedInDeclarationOrder() {
            assertThat(failure("Encrypt", "{}"))
                    .isEqualTo("2 validation errors detected: "
                            + "Value null at 'keyId' failed to satisfy constraint: Member must not be null; "
                            + "Value null at 'plaintext' failed to satisfy constraint: Member must not be null");
        }

        @Test
        void violationsFollowMemberDeclarationOrderNotBodyOrder() {
            // EncryptRequest declares KeyId, Plaintext, EncryptionContext, GrantTokens, EncryptionAlgorithm.
            assertThat(
                            violations(
                                    "Encrypt",
                                    "{\"EncryptionAlgorithm\":\"ROT13\",\"GrantTokens\":[\"\"],\"Plaintext\":\"\",\"KeyId\":\"\"}"))
                    .containsExactly(
                            "Value '' at 'keyId' failed to satisfy constraint: Member must have length greater than or equal to 1",
                            "Value at 'plaintext' failed to satisfy constraint: Member must have length greater than or equal to 1",
                            "Value '[]' at 'grantTokens' failed to satisfy constraint: Member must satisfy constraint: "
                                    + "[Member must have length less than or equal to 8192, "
                                    + "Member must have length greater than or equal to 1]",
                            "Value 'ROT13' at 'encryptionAlgorithm' failed to satisfy constraint: Member must satisfy enum "
                                    + "value set: [SYMMETRIC_DEFAULT, RSAES_OAEP_SHA_1, RSAES_OAEP_SHA_256, SM2PKE]");
        }
    }

    @Nested
    class Sensitive {

        @Test
        void nestedSensitiveMembersAreNotEchoed() {
            assertThat(
                            violations(
                                    "CreateCustomKeyStore",
                                    "{\"CustomKeyStoreName\":\"s\",\"XksProxyAuthenticationCredential\":{\"AccessKeyId\":\"SHORT\"}}"))
                    .containsExactly(
                            "Value at 'xksProxyAuthenticationCredential.accessKeyId' failed to satisfy constraint: "
                                    + "Member must have length greater than or equal to 20",
                            "Value null at 'xksProxyAuthenticationCredential.rawSecretAccessKey' failed to satisfy "
                                    + "constraint: Member must not be null");
        }

        @Test
        void sensitiveWrongTypesAreNotEchoedEither() {
            assertThat(violations(
                            "CreateCustomKeyStore", "{\"CustomKeyStoreName\":\"s\",\"KeyStorePassword\":1234567}"))
                    .containsExactly(
                            "Value at 'keyStorePassword' failed to satisfy constraint: Member must be a string");
        }

        @Test
        void blobsAreNeverEchoed() {
            assertThat(violations("Decrypt", object().put("CiphertextBlob", b64(6145))))
                    .containsExactly(
                            "Value at 'ciphertextBlob' failed to satisfy constraint: Member must have length less than or equal to 6144");
        }
    }

    @Nested
    class Collections {

        @Test
        void tagListElementsAreValidatedMemberByMember() {
            assertThat(
                            violations(
                                    "CreateKey",
                                    "{\"Tags\":[{\"TagKey\":\"ok\",\"TagValue\":\"v\"},{\"TagKey\":\"\",\"TagValue\":\"v\"},{\"TagKey\":\"k\"}]}"))
                    .containsExactly(
                            "Value '' at 'tags.2.member.tagKey' failed to satisfy constraint: "
                                    + "Member must have length greater than or equal to 1",
                            "Value null at 'tags.3.member.tagValue' failed to satisfy constraint: Member must not be null");
        }

        @Test
        void nullAndWrongTypedTagEntries() {
            assertThat(violations("TagResource", "{\"KeyId\":\"k\",\"Tags\":[null,\"x\"]}"))
                    .containsExactly(
                            "Value null at 'tags.1.member' failed to satisfy constraint: Member must not be null",
                            "Value 'x' at 'tags.2.member' failed to satisfy constraint: Member must be a structure");
        }

        @Test
        void stringListEntriesAreReportedOnceAtTheListWithAllEntryConstraints() {
            assertThat(violations(
                            "Encrypt", "{\"KeyId\":\"k\",\"Plaintext\":\"AAAA\",\"GrantTokens\":[\"ok\",\"\",\"\"]}"))
                    .containsExactly(
                            "Value '[ok, , ]' at 'grantTokens' failed to satisfy constraint: Member must satisfy "
                                    + "constraint: [Member must have length less than or equal to 8192, "
                                    + "Member must have length greater than or equal to 1]");
        }

        @Test
        void wrongTypedAndNullStringListEntries() {
            assertThat(violations("Encrypt", "{\"KeyId\":\"k\",\"Plaintext\":\"AAAA\",\"GrantTokens\":[\"ok\",7]}"))
                    .containsExactly("Value '[ok, 7]' at 'grantTokens' failed to satisfy constraint: "
                            + "Member must satisfy constraint: [Member must be a string]");
            assertThat(violations("Encrypt", "{\"KeyId\":\"k\",\"Plaintext\":\"AAAA\",\"GrantTokens\":[null]}"))
                    .containsExactly("Value '[null]' at 'grantTokens' failed to satisfy constraint: "
                            + "Member must satisfy constraint: [Member must not be null]");
        }

        @Test
        void enumListEntries() {
            assertThat(violations("Decrypt", "{\"CiphertextBlob\":\"AAAA\",\"DryRunModifiers\":[\"NOPE\"]}"))
                    .containsExactly(
                            "Value '[NOPE]' at 'dryRunModifiers' failed to satisfy constraint: "
                                    + "Member must satisfy constraint: [Member must satisfy enum value set: [IGNORE_CIPHERTEXT]]");
        }

        @Test
        void encryptionContextWithANonStringValue() {
            assertThat(failure(
                            "Encrypt",
                            "{\"KeyId\":\"k\",\"Plaintext\":\"AAAA\",\"EncryptionContext\":{\"a\":\"b\",\"n\":1}}"))
                    .isEqualTo(
                            "1 validation error detected: Value '{a=b, n=1}' at 'encryptionContext' failed to satisfy "
                                    + "constraint: Map value must satisfy constraint: [Member must be a string]");
        }

        @Test
        void encryptionContextWithANullValueOrOfTheWrongType() {
            assertThat(violations(
                            "Encrypt", "{\"KeyId\":\"k\",\"Plaintext\":\"AAAA\",\"EncryptionContext\":{\"a\":null}}"))
                    .containsExactly("Value '{a=null}' at 'encryptionContext' failed to satisfy constraint: "
                            + "Map value must satisfy constraint: [Member must not be null]");
            assertThat(violations("Encrypt", "{\"KeyId\":\"k\",\"Plaintext\":\"AAAA\",\"EncryptionContext\":[\"a\"]}"))
                    .containsExactly(
                            "Value '[a]' at 'encryptionContext' failed to satisfy constraint: Member must be a map");
        }

        @Test
        void nestedMapsInsideStructures() {
            assertThat(violations(
                            "CreateGrant",
                            "{\"KeyId\":\"k\",\"GranteePrincipal\":\"p\",\"Operations\":[\"Decrypt\"],"
                                    + "\"Constraints\":{\"EncryptionContextEquals\":{\"a\":true}}}"))
                    .containsExactly("Value '{a=true}' at 'constraints.encryptionContextEquals' failed to satisfy "
                            + "constraint: Map value must satisfy constraint: [Member must be a string]");
        }

        @Test
        void validEncryptionContext() {
            assertThat(violations(
                            "Encrypt",
                            "{\"KeyId\":\"k\",\"Plaintext\":\"AAAA\",\"EncryptionContext\":{\"a\":\"b\",\"\":\"\"}}"))
                    .isEmpty();
        }
    }

    @Nested
    class WrongTypes {

        @Test
        void stringForAnInteger() {
            assertThat(failure("GenerateRandom", "{\"NumberOfBytes\":\"abc\"}"))
                    .isEqualTo(
                            "1 validation error detected: Value 'abc' at 'numberOfBytes' failed to satisfy constraint: "
                                    + "Member must be an integer");
            assertThat(violations("GenerateRandom", "{\"NumberOfBytes\":\"32\"}"))
                    .containsExactly(
                            "Value '32' at 'numberOfBytes' failed to satisfy constraint: Member must be an integer");
        }

        @Test
        void fractionalNumberForAnInteger() {
            assertThat(violations("GenerateRandom", "{\"NumberOfBytes\":1.5}"))
                    .containsExactly(
                            "Value '1.5' at 'numberOfBytes' failed to satisfy constraint: Member must be an integer");
        }

        @Test
        void booleanListAndObjectForAnInteger() {
            assertThat(violations("GenerateRandom", "{\"NumberOfBytes\":true}"))
                    .containsExactly(
                            "Value 'true' at 'numberOfBytes' failed to satisfy constraint: Member must be an integer");
            assertThat(violations("GenerateRandom", "{\"NumberOfBytes\":[1]}"))
                    .containsExactly(
                            "Value '[1]' at 'numberOfBytes' failed to satisfy constraint: Member must be an integer");
            assertThat(violations("GenerateRandom", "{\"NumberOfBytes\":{\"n\":1}}"))
                    .containsExactly(
                            "Value '{n=1}' at 'numberOfBytes' failed to satisfy constraint: Member must be an integer");
        }

        @Test
        void numberForAString() {
            assertThat(violations("DescribeKey", "{\"KeyId\":12}"))
                    .containsExactly("Value '12' at 'keyId' failed to satisfy constraint: Member must be a string");
        }

        @Test
        void stringForABoolean() {
            assertThat(violations("Encrypt", "{\"KeyId\":\"k\",\"Plaintext\":\"AAAA\",\"DryRun\":\"yes\"}"))
                    .containsExactly("Value 'yes' at 'dryRun' failed to satisfy constraint: Member must be a boolean");
        }

        @Test
        void stringForAStructure() {
            assertThat(violations("GenerateRandom", "{\"Recipient\":\"me\"}"))
                    .containsExactly(
                            "Value 'me' at 'recipient' failed to satisfy constraint: Member must be a structure");
        }

        @Test
        void stringForAList() {
            assertThat(violations("CreateKey", "{\"Tags\":\"k=v\"}"))
                    .containsExactly("Value 'k=v' at 'tags' failed to satisfy constraint: Member must be a list");
        }

        @Test
        void nonBase64TextForABlob() {
            assertThat(violations("Encrypt", "{\"KeyId\":\"k\",\"Plaintext\":\"not base64!\"}"))
                    .containsExactly(
                            "Value at 'plaintext' failed to satisfy constraint: Member must be a base64-encoded binary value");
            assertThat(violations("Decrypt", "{\"CiphertextBlob\":\"QQ=\"}"))
                    .containsExactly(
                            "Value at 'ciphertextBlob' failed to satisfy constraint: Member must be a base64-encoded binary value");
            assertThat(violations("Decrypt", "{\"CiphertextBlob\":42}"))
                    .containsExactly(
                            "Value at 'ciphertextBlob' failed to satisfy constraint: Member must be a base64-encoded binary value");
        }

        @Test
        void nestedWrongTypes() {
            assertThat(violations(
                            "GenerateRandom",
                            "{\"Recipient\":{\"KeyEncryptionAlgorithm\":1,\"AttestationDocument\":\"\"}}"))
                    .containsExactly(
                            "Value '1' at 'recipient.keyEncryptionAlgorithm' failed to satisfy constraint: Member must be a string",
                            "Value at 'recipient.attestationDocument' failed to satisfy constraint: "
                                    + "Member must have length greater than or equal to 1");
        }
    }

    @Nested
    class Bodies {

        @Test
        void nonObjectBodiesAreSerializationExceptions() {
            ProtocolException list = catchThrowableOfType(
                    ProtocolException.class, () -> VALIDATOR.validate("GenerateRandom", json("[]")));
            assertThat(list.errorCode()).isEqualTo("SerializationException");
            assertThat(list.httpStatus()).isEqualTo(400);
            assertThat(list.message()).isEqualTo("Start of list found where not expected");

            for (JsonNode body :
                    new JsonNode[] {json("3"), json("\"x\""), json("true"), NullNode.getInstance(), null}) {
                ProtocolException e = catchThrowableOfType(
                        ProtocolException.class, () -> VALIDATOR.validateOrThrow("GenerateRandom", body));
                assertThat(e.errorCode()).as(String.valueOf(body)).isEqualTo("SerializationException");
                assertThat(e.httpStatus()).isEqualTo(400);
            }
        }

        @Test
        void unknownMembersAreIgnored() {
            assertThat(violations("GenerateRandom", "{\"NumberOfBytes\":32,\"Foo\":\"bar\",\"numberOfBytes\":0}"))
                    .isEmpty();
            assertThat(violations("GenerateRandom", "{\"Recipient\":{\"Extra\":[1,2,3]}}"))
                    .isEmpty();
        }

        @Test
        void unknownOperation() {
            assertThat(ServiceModel.kms().hasOperation("Frobnicate")).isFalse();
            ProtocolException e =
                    catchThrowableOfType(ProtocolException.class, () -> VALIDATOR.validate("Frobnicate", json("{}")));
            assertThat(e.errorCode()).isEqualTo("UnknownOperationException");
            assertThat(e.httpStatus()).isEqualTo(400);
            assertThat(e.message()).isNull();
            assertThatThrownBy(() -> VALIDATOR.validateOrThrow(null, json("{}")))
                    .isInstanceOf(ProtocolException.class)
                    .extracting(t -> ((ProtocolException) t).errorCode())
                    .isEqualTo("UnknownOperationException");
        }

        @Test
        void aCompleteValidRequestHasNoViolations() {
            assertThat(violations(
                            "Encrypt",
                            "{\"KeyId\":\"arn:aws:kms:us-east-1:111122223333:key/1234\","
                                    + "\"Plaintext\":\"aGVsbG8=\",\"EncryptionContext\":{\"purpose\":\"test\"},\"GrantTokens\":[\"t\"],"
                                    + "\"EncryptionAlgorithm\":\"SYMMETRIC_DEFAULT\",\"DryRun\":false}"))
                    .isEmpty();
            assertThat(violations(
                            "CreateKey",
                            "{\"Description\":\"d\",\"KeyUsage\":\"ENCRYPT_DECRYPT\","
                                    + "\"KeySpec\":\"SYMMETRIC_DEFAULT\",\"Tags\":[{\"TagKey\":\"k\",\"TagValue\":\"v\"}],"
                                    + "\"MultiRegion\":false,\"BypassPolicyLockoutSafetyCheck\":true}"))
                    .isEmpty();
            assertThat(violations("ListKeys", "{\"Limit\":100,\"Marker\":\"m\"}"))
                    .isEmpty();
        }

        @Test
        void resultIsImmutable() {
            List<String> result = violations("Encrypt", "{}");
            assertThatThrownBy(() -> result.add("x")).isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Nested
    class EveryOperation {

        @Test
        void everyKmsOperationHasAnInputAndAnEmptyBodyOnlyMissesRequiredMembers() {
            ServiceModel model = ServiceModel.kms();
            assertThat(model.operationNames()).hasSize(54);
            int withRequired = 0;
            for (String op : model.operationNames()) {
                ServiceModel.Shape input = model.inputShape(op);
                assertThat(input).as(op).isNotNull();
                assertThat(input.type()).as(op).isEqualTo(ServiceModel.ShapeType.STRUCTURE);
                List<String> expected = new ArrayList<>();
                for (ServiceModel.Member m : input.members()) {
                    if (m.required()) {
                        expected.add("Value null at '" + m.pathName()
                                + "' failed to satisfy constraint: Member must not be null");
                    }
                }
                assertThat(VALIDATOR.validate(op, json("{}"))).as(op).containsExactlyElementsOf(expected);
                if (!expected.isEmpty()) {
                    withRequired++;
                }
            }
            assertThat(withRequired).isGreaterThan(40);
        }
    }

    @Test
    void numberRendering() {
        assertThat(RequestValidator.numberText(json("1025"))).isEqualTo("1025");
        assertThat(RequestValidator.numberText(json("-7"))).isEqualTo("-7");
        assertThat(RequestValidator.numberText(json("1.50"))).isEqualTo("1.5");
        assertThat(RequestValidator.numberText(json("1e3"))).isEqualTo("1000");
        assertThat(RequestValidator.numberText(json("123456789012345678901234567890")))
                .isEqualTo("123456789012345678901234567890");
        assertThat(RequestValidator.numberText(JsonNodeFactory.instance.numberNode(new BigDecimal("1E+400"))))
                .isEqualTo("1E+400");
    }
}
