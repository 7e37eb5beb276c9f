package dev.trent.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trent.server.protocol.ServiceModel;
import org.junit.jupiter.api.Test;

/** The model-driven filter that keeps secrets out of audit events, and CloudTrail's member names. */
class CloudTrailEventsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }

    @Test
    void memberNamesAreCamelCasedAsCloudTrailWritesThem() {
        assertThat(CloudTrailEvents.camel("KeyId")).isEqualTo("keyId");
        assertThat(CloudTrailEvents.camel("EncryptionContext")).isEqualTo("encryptionContext");
        assertThat(CloudTrailEvents.camel("ARN")).isEqualTo("arn");
        assertThat(CloudTrailEvents.camel("KMSKeyId")).isEqualTo("kmsKeyId");
        assertThat(CloudTrailEvents.camel("keyId")).isEqualTo("keyId");
    }

    @Test
    void binaryAndSensitiveMembersAreLeftOutAndMapKeysKept() throws Exception {
        ServiceModel kms = ServiceModel.kms();
        JsonNode in = json("{\"KeyId\":\"k\",\"Plaintext\":\"c2VjcmV0\",\"EncryptionContext\":{\"Dept\":\"x\"},"
                + "\"EncryptionAlgorithm\":\"SYMMETRIC_DEFAULT\"}");
        JsonNode out = CloudTrailEvents.clean(in, kms.operation("Encrypt").input());
        assertThat(out.toString())
                .isEqualTo("{\"keyId\":\"k\",\"encryptionContext\":{\"Dept\":\"x\"},"
                        + "\"encryptionAlgorithm\":\"SYMMETRIC_DEFAULT\"}");
        JsonNode sign = json("{\"KeyId\":\"k\",\"Message\":\"bWVzc2FnZQ==\",\"SigningAlgorithm\":\"ECDSA_SHA_256\"}");
        assertThat(CloudTrailEvents.clean(sign, kms.operation("Sign").input()).has("message"))
                .isFalse();
        ServiceModel iam = ServiceModel.fromResource("iam-model.json");
        JsonNode key = json("{\"AccessKey\":{\"UserName\":\"bob\",\"AccessKeyId\":\"AKIA1\","
                + "\"Status\":\"Active\",\"SecretAccessKey\":\"shh\"}}");
        JsonNode cleaned =
                CloudTrailEvents.clean(key, iam.operation("CreateAccessKey").output());
        assertThat(cleaned.toString()).doesNotContain("shh").contains("\"accessKeyId\":\"AKIA1\"");
        JsonNode unknown = json("{\"KeyId\":\"k\",\"NotInTheModel\":\"x\"}");
        assertThat(CloudTrailEvents.clean(unknown, kms.operation("DescribeKey").input())
                        .has("notInTheModel"))
                .isFalse();
    }
}
