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

    @Test
    void theAttributesAnEventWritesAreThoseReadBackFromIt() throws Exception {
        java.util.List<dev.trent.core.Caller> callers = java.util.Arrays.asList(
                new dev.trent.core.Caller("111122223333", "eu-west-1", "arn:aws:iam::111122223333:root", "AKIAROOT"),
                new dev.trent.core.Caller(
                        "111122223333", "eu-west-1", "arn:aws:iam::111122223333:user/ops/alice", "AKIAALICE"),
                new dev.trent.core.Caller(
                        "111122223333",
                        "eu-west-1",
                        "arn:aws:sts::111122223333:assumed-role/deployer/ci-run-7",
                        "ASIASESSION",
                        dev.trent.core.Caller.PrincipalType.ASSUMED_ROLE,
                        "AROAEXAMPLE:ci-run-7",
                        "arn:aws:iam::111122223333:role/deployer",
                        java.util.Map.of()),
                null);
        for (dev.trent.core.Caller c : callers) {
            for (String invokedBy : new String[] {null, "ssm.amazonaws.com"}) {
                AuditedRequest r = new AuditedRequest(
                        "req-1",
                        "evt-1",
                        java.time.Instant.parse("2026-12-01T07:00:05.678Z"),
                        "127.0.0.1",
                        "aws-cli/1.0",
                        null,
                        null,
                        c,
                        json("{\"KeyId\":\"alias/x\"}"),
                        null,
                        dev.trent.server.pipeline.Outcome.Kind.DENIED,
                        "AccessDeniedException",
                        "no",
                        c == null
                                ? "AWS4-HMAC-SHA256 Credential=AKIAUNKNOWN12345/20261201/ap-south-1/kms/aws4_request"
                                : null,
                        "TrentService.Encrypt");
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                dev.trent.core.audit.EventAttributes written;
                try (com.fasterxml.jackson.core.JsonGenerator g =
                        JSON.getFactory().createGenerator(out)) {
                    written = CloudTrailEvents.event(r, invokedBy, null).write(g);
                }
                JsonNode event = JSON.readTree(out.toByteArray());
                dev.trent.core.audit.EventAttributes read = dev.trent.core.audit.EventAttributes.of(event);
                assertThat(written).usingRecursiveComparison().isEqualTo(read);
                assertThat(event)
                        .isEqualTo(CloudTrailEvents.event(r, invokedBy, null).render());
            }
        }
    }
}
