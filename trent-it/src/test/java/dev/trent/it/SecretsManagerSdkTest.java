package dev.trent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trent.core.kms.KmsOnBehalf;
import dev.trent.server.ServerConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyManagerType;
import software.amazon.awssdk.services.organizations.model.CreateAccountState;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/**
 * Secrets Manager through the AWS SDK for Java v2 against a real Trent: versions and staging labels, idempotent
 * ClientRequestTokens, deletion with a recovery window and restore, listing and filters, GetRandomPassword,
 * BatchGetSecretValue, resource policies (same account and across accounts), KMS on the caller's behalf with the
 * {@code SecretARN}/{@code SecretVersionId} context, and no value in the store file.
 */
class SecretsManagerSdkTest {
    @TempDir
    Path dir;

    MutableClock clock = new MutableClock();
    RunningTrent trent;
    SecretsManagerClient sm;
    KmsClient kms;
    IamClient iam;

    @BeforeEach
    void start() {
        Path data = dir.resolve("data");
        trent = new RunningTrent(data, ServerConfig.defaults().withPort(0).withDataDir(data), clock);
        AwsCredentials admin = IdentityClients.admin(trent);
        sm = IdentityClients.secretsManager(trent.endpoint(), admin);
        kms = IdentityClients.kms(trent.endpoint(), admin);
        iam = IdentityClients.iam(trent.endpoint(), admin);
    }

    @AfterEach
    void stop() {
        if (trent != null) trent.close();
    }

    @Test
    void versionsStagesAndIdempotency() {
        String token = UUID.randomUUID().toString();
        var created = sm.createSecret(b -> b.name("prod/db").secretString("one").clientRequestToken(token));
        assertThat(created.versionId()).isEqualTo(token);
        assertThat(created.arn()).matches("arn:aws:secretsmanager:us-east-1:\\d{12}:secret:prod/db-[A-Za-z0-9]{6}");
        // the same request again is fine; the same token with another value is not
        assertThat(sm.createSecret(b -> b.name("prod/db").secretString("one").clientRequestToken(token))
                        .versionId())
                .isEqualTo(token);
        assertThatThrownBy(() -> sm.createSecret(
                        b -> b.name("prod/db").secretString("two").clientRequestToken(token)))
                .isInstanceOf(ResourceExistsException.class);

        String v2 = UUID.randomUUID().toString();
        sm.putSecretValue(b -> b.secretId("prod/db").secretString("two").clientRequestToken(v2));
        assertThat(sm.putSecretValue(
                                b -> b.secretId("prod/db").secretString("two").clientRequestToken(v2))
                        .versionId())
                .isEqualTo(v2);
        assertThatThrownBy(() -> sm.putSecretValue(
                        b -> b.secretId("prod/db").secretString("three").clientRequestToken(v2)))
                .isInstanceOf(ResourceExistsException.class);

        assertThat(sm.getSecretValue(b -> b.secretId("prod/db")).secretString()).isEqualTo("two");
        assertThat(sm.getSecretValue(b -> b.secretId("prod/db").versionStage("AWSPREVIOUS"))
                        .secretString())
                .isEqualTo("one");
        assertThat(sm.getSecretValue(b -> b.secretId(created.arn()).versionId(token))
                        .secretString())
                .isEqualTo("one");

        // AWSPENDING, then promoted
        String v3 = UUID.randomUUID().toString();
        sm.putSecretValue(b -> b.secretId("prod/db")
                .secretString("three")
                .clientRequestToken(v3)
                .versionStages("AWSPENDING"));
        assertThat(sm.getSecretValue(b -> b.secretId("prod/db")).secretString()).isEqualTo("two");
        sm.updateSecretVersionStage(b -> b.secretId("prod/db")
                .versionStage("AWSCURRENT")
                .moveToVersionId(v3)
                .removeFromVersionId(v2));
        assertThat(sm.getSecretValue(b -> b.secretId("prod/db")).secretString()).isEqualTo("three");
        var stages = sm.describeSecret(b -> b.secretId("prod/db")).versionIdsToStages();
        assertThat(stages.get(v3)).contains("AWSCURRENT", "AWSPENDING");
        assertThat(stages.get(v2)).containsExactly("AWSPREVIOUS");
        assertThat(stages).doesNotContainKey(token);

        var binary = sm.createSecret(b ->
                b.name("bin").secretBinary(SdkBytes.fromByteArray(new byte[] {0, 1, 2, (byte) 255})));
        assertThat(sm.getSecretValue(b -> b.secretId("bin")).secretBinary().asByteArray())
                .containsExactly(0, 1, 2, 255);
        assertThat(binary.versionId()).isNotNull();

        assertThatThrownBy(() -> sm.getSecretValue(b -> b.secretId("nope")))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("Secrets Manager can't find the specified secret.");
        assertThatThrownBy(() -> sm.createSecret(
                        b -> b.name("both").secretString("a").secretBinary(SdkBytes.fromUtf8String("b"))))
                .isInstanceOf(SecretsManagerException.class);
        assertThatThrownBy(() -> sm.rotateSecret(b -> b.secretId("prod/db")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("Lambda");
    }

    @Test
    void deleteRestoreAndTheRecoveryWindow() {
        sm.createSecret(b -> b.name("temp").secretString("t"));
        assertThatThrownBy(() -> sm.deleteSecret(b -> b.secretId("temp").recoveryWindowInDays(6L)))
                .isInstanceOf(SecretsManagerException.class)
                .hasMessageContaining("between 7 and 30");
        var deleted = sm.deleteSecret(b -> b.secretId("temp").recoveryWindowInDays(7L));
        assertThat(deleted.deletionDate()).isNotNull();
        assertThatThrownBy(() -> sm.getSecretValue(b -> b.secretId("temp")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("marked for deletion");
        assertThat(sm.listSecrets().secretList())
                .extracting(SecretListEntry::name)
                .doesNotContain("temp");
        assertThat(sm.listSecrets(b -> b.includePlannedDeletion(true)).secretList())
                .extracting(SecretListEntry::name)
                .contains("temp");
        sm.restoreSecret(b -> b.secretId("temp"));
        assertThat(sm.getSecretValue(b -> b.secretId("temp")).secretString()).isEqualTo("t");

        sm.deleteSecret(b -> b.secretId("temp").recoveryWindowInDays(7L));
        var secrets = trent.server().parametersAndSecrets().secrets();
        assertThat(secrets.purgeExpired()).isZero();
        clock.advance(Duration.ofDays(7).plusMinutes(1));
        try {
            assertThat(secrets.purgeExpired()).isEqualTo(1);
        } finally {
            clock.reset();
        }
        assertThatThrownBy(() -> sm.describeSecret(b -> b.secretId("temp")))
                .isInstanceOf(ResourceNotFoundException.class);

        sm.createSecret(b -> b.name("gone").secretString("g"));
        sm.deleteSecret(b -> b.secretId("gone").forceDeleteWithoutRecovery(true));
        assertThatThrownBy(() -> sm.describeSecret(b -> b.secretId("gone")))
                .isInstanceOf(ResourceNotFoundException.class);
        sm.createSecret(b -> b.name("gone").secretString("again"));
    }

    @Test
    void listingFiltersPagingTagsPasswordsAndBatches() {
        for (int i = 0; i < 5; i++) {
            String n = "app/s" + i;
            int k = i;
            sm.createSecret(b -> b.name(n)
                    .secretString("v" + k)
                    .description(k % 2 == 0 ? "Even one" : "odd")
                    .tags(t -> t.key("team").value(k % 2 == 0 ? "a" : "b")));
        }
        sm.createSecret(b -> b.name("other").secretString("o"));
        List<String> names = new ArrayList<>();
        sm.listSecretsPaginator(b -> b.maxResults(2).filters(f -> f.key("name").values("app/")))
                .forEach(p -> p.secretList().forEach(s -> names.add(s.name())));
        assertThat(names).containsExactly("app/s0", "app/s1", "app/s2", "app/s3", "app/s4");
        assertThat(sm.listSecrets(b -> b.filters(f -> f.key("description").values("even")))
                        .secretList())
                .extracting(SecretListEntry::name)
                .containsExactly("app/s0", "app/s2", "app/s4");
        assertThat(sm.listSecrets(b -> b.filters(f -> f.key("tag-value").values("b")))
                        .secretList())
                .extracting(SecretListEntry::name)
                .containsExactly("app/s1", "app/s3");
        assertThat(sm.listSecrets(b -> b.filters(f -> f.key("name").values("!app/")))
                        .secretList())
                .extracting(SecretListEntry::name)
                .containsExactly("other");

        sm.tagResource(b -> b.secretId("other").tags(t -> t.key("env").value("x")));
        assertThat(sm.describeSecret(b -> b.secretId("other")).tags())
                .extracting(t -> t.key())
                .containsExactly("env");
        sm.untagResource(b -> b.secretId("other").tagKeys("env"));
        assertThat(sm.describeSecret(b -> b.secretId("other")).tags()).isEmpty();

        String pw = sm.getRandomPassword(b -> b.passwordLength(40L)).randomPassword();
        assertThat(pw).hasSize(40).matches(".*[a-z].*").matches(".*[A-Z].*").matches(".*[0-9].*");
        String digits = sm.getRandomPassword(b -> b.passwordLength(12L)
                        .excludeLowercase(true)
                        .excludeUppercase(true)
                        .excludePunctuation(true)
                        .excludeCharacters("0"))
                .randomPassword();
        assertThat(digits).matches("[1-9]{12}");
        assertThat(sm.getRandomPassword(
                                b -> b.passwordLength(64L).includeSpace(true).excludePunctuation(true))
                        .randomPassword())
                .matches("[A-Za-z0-9 ]{64}");

        var batch = sm.batchGetSecretValue(b -> b.secretIdList("app/s1", "app/s2", "missing"));
        assertThat(batch.secretValues()).extracting(v -> v.secretString()).containsExactly("v1", "v2");
        assertThat(batch.errors()).extracting(e -> e.errorCode()).containsExactly("ResourceNotFoundException");
        var byFilter =
                sm.batchGetSecretValue(b -> b.filters(f -> f.key("tag-value").values("a")));
        assertThat(byFilter.secretValues()).extracting(v -> v.name()).containsExactly("app/s0", "app/s2", "app/s4");
    }

    @Test
    void kmsOnTheCallersBehalfAndResourcePolicies() throws Exception {
        List<KmsOnBehalf.Call> calls = Collections.synchronizedList(new ArrayList<>());
        trent.server().parametersAndSecrets().kmsOnBehalf().listen(calls::add);
        var created = sm.createSecret(b -> b.name("managed").secretString("m"));
        var managed = kms.describeKey(b -> b.keyId("alias/aws/secretsmanager")).keyMetadata();
        assertThat(managed.keyManager()).isEqualTo(KeyManagerType.AWS);
        assertThat(calls).extracting(KmsOnBehalf.Call::operation).containsExactly("GenerateDataKey");
        var ec = calls.get(0).context().request().path("EncryptionContext");
        assertThat(ec.path("SecretARN").asText()).isEqualTo(created.arn());
        assertThat(ec.path("SecretVersionId").asText()).isEqualTo(created.versionId());
        assertThat(calls.get(0).context().viaService()).isEqualTo("secretsmanager.us-east-1.amazonaws.com");
        assertThat(sm.describeSecret(b -> b.secretId("managed")).kmsKeyId()).isNull();
        sm.createSecret(b -> b.name("named-managed").secretString("n").kmsKeyId("alias/aws/secretsmanager"));
        assertThat(sm.describeSecret(b -> b.secretId("named-managed")).kmsKeyId())
                .isNull();
        assertThat(sm.getSecretValue(b -> b.secretId("named-managed")).secretString())
                .isEqualTo("n");
        calls.clear();

        String cmk = kms.createKey(b -> b.description("secrets")).keyMetadata().arn();
        sm.createSecret(b -> b.name("cmk").secretString("c").kmsKeyId(cmk));
        assertThat(sm.describeSecret(b -> b.secretId("cmk")).kmsKeyId()).isEqualTo(cmk);

        String account = trent.admin().accountId();
        // a user with Secrets Manager rights but no KMS rights: the managed key works, the customer key does not
        AwsCredentials reader = user(
                "reader",
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
                        + "\"secretsmanager:GetSecretValue\",\"Resource\":\"*\"}]}");
        try (SecretsManagerClient r = IdentityClients.secretsManager(trent.endpoint(), reader)) {
            assertThat(r.getSecretValue(b -> b.secretId("managed")).secretString())
                    .isEqualTo("m");
            assertThatThrownBy(() -> r.getSecretValue(b -> b.secretId("cmk")))
                    .isInstanceOf(SecretsManagerException.class)
                    .hasMessageContaining("Access to KMS is not allowed");
            assertThatThrownBy(() -> r.describeSecret(b -> b.secretId("cmk")))
                    .isInstanceOf(SecretsManagerException.class)
                    .hasMessageContaining("is not authorized to perform: secretsmanager:DescribeSecret");
        }

        // a resource policy alone lets a user of the same account in
        AwsCredentials nobody = user("nobody", null);
        String nobodyArn = "arn:aws:iam::" + account + ":user/nobody";
        try (SecretsManagerClient n = IdentityClients.secretsManager(trent.endpoint(), nobody)) {
            assertThatThrownBy(() -> n.getSecretValue(b -> b.secretId("managed")))
                    .hasMessageContaining("not authorized to perform: secretsmanager:GetSecretValue");
            sm.putResourcePolicy(b -> b.secretId("managed")
                    .resourcePolicy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
                            + "{\"AWS\":\"" + nobodyArn + "\"},\"Action\":\"secretsmanager:GetSecretValue\","
                            + "\"Resource\":\"*\"}]}"));
            assertThat(n.getSecretValue(b -> b.secretId("managed")).secretString())
                    .isEqualTo("m");
            assertThat(sm.getResourcePolicy(b -> b.secretId("managed")).resourcePolicy())
                    .contains(nobodyArn);
            sm.deleteResourcePolicy(b -> b.secretId("managed"));
            assertThatThrownBy(() -> n.getSecretValue(b -> b.secretId("managed")))
                    .hasMessageContaining("not authorized");
        }
        assertThatThrownBy(() -> sm.putResourcePolicy(b -> b.secretId("managed").resourcePolicy("{not json")))
                .isInstanceOf(SecretsManagerException.class)
                .extracting(e -> ((SecretsManagerException) e).awsErrorDetails().errorCode())
                .isEqualTo("MalformedPolicyDocumentException");
        assertThatThrownBy(() -> sm.putResourcePolicy(b -> b.secretId("managed")
                        .blockPublicPolicy(true)
                        .resourcePolicy(
                                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
                                        + "\"*\",\"Action\":\"secretsmanager:GetSecretValue\",\"Resource\":\"*\"}]}")))
                .extracting(e -> ((SecretsManagerException) e).awsErrorDetails().errorCode())
                .isEqualTo("PublicPolicyException");

        // across accounts: the resource policy and the other account's identity policy must both allow
        var orgs = IdentityClients.organizations(trent.endpoint(), IdentityClients.admin(trent));
        orgs.createOrganization(b -> b.featureSet("ALL"));
        String requestId = orgs.createAccount(b -> b.email("b@example.com").accountName("b"))
                .createAccountStatus()
                .id();
        String accountB = null;
        for (int i = 0; i < 50 && accountB == null; i++) {
            var st = orgs.describeCreateAccountStatus(b -> b.createAccountRequestId(requestId))
                    .createAccountStatus();
            if (st.state() == CreateAccountState.SUCCEEDED) accountB = st.accountId();
            else Thread.sleep(100);
        }
        assertThat(accountB).isNotNull();
        user(
                "org-admin",
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
                        + "\"sts:AssumeRole\",\"Resource\":\"*\"}]}");
        String b = accountB;
        var adminB = IdentityClients.sts(trent.endpoint(), keys.get("org-admin"))
                .assumeRole(r -> r.roleArn("arn:aws:iam::" + b + ":role/OrganizationAccountAccessRole")
                        .roleSessionName("setup"))
                .credentials();
        IamClient iamB = IdentityClients.iam(trent.endpoint(), IdentityClients.session(adminB));
        iamB.createUser(r -> r.userName("b-user"));
        iamB.putUserPolicy(r -> r.userName("b-user")
                .policyName("p")
                .policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
                        + "\"secretsmanager:DescribeSecret\",\"Resource\":\"*\"}]}"));
        var k = iamB.createAccessKey(r -> r.userName("b-user")).accessKey();
        try (SecretsManagerClient other = IdentityClients.secretsManager(
                trent.endpoint(), AwsBasicCredentials.create(k.accessKeyId(), k.secretAccessKey()))) {
            String cmkArn = sm.describeSecret(r -> r.secretId("cmk")).arn();
            assertThatThrownBy(() -> other.describeSecret(r -> r.secretId(cmkArn)))
                    .hasMessageContaining("because no resource-based policy allows");
            sm.putResourcePolicy(r -> r.secretId("cmk")
                    .resourcePolicy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
                            + "{\"AWS\":\"arn:aws:iam::" + b + ":root\"},\"Action\":\"secretsmanager:*\","
                            + "\"Resource\":\"*\"}]}"));
            assertThat(other.describeSecret(r -> r.secretId(cmkArn)).name()).isEqualTo("cmk");
            // the resource policy allows GetSecretValue, but b-user's own policy does not
            assertThatThrownBy(() -> other.getSecretValue(r -> r.secretId(cmkArn)))
                    .hasMessageContaining("because no identity-based policy allows");
        }
    }

    @Test
    void noValueInTheStoreFileOrTheLogs() throws Exception {
        String secret = "s3cr3t-" + UUID.randomUUID();
        try (LogCapture logs = new LogCapture(ch.qos.logback.classic.Level.DEBUG)) {
            sm.createSecret(b -> b.name("db").secretString(secret));
            sm.putSecretValue(b -> b.secretId("db").secretString(secret + "-2"));
            assertThat(sm.getSecretValue(b -> b.secretId("db")).secretString()).isEqualTo(secret + "-2");
            String logged = String.join(
                    "\n",
                    logs.events().stream().map(e -> e.getFormattedMessage()).toList());
            assertThat(logged).doesNotContain(secret);
        }
        trent.close();
        trent = null;
        try (Stream<Path> files = Files.walk(dir.resolve("data"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                assertThat(content).as(f.toString()).doesNotContain(secret);
            }
        }
    }

    private final java.util.Map<String, AwsCredentials> keys = new java.util.HashMap<>();

    private AwsCredentials user(String name, String policy) {
        iam.createUser(b -> b.userName(name));
        if (policy != null)
            iam.putUserPolicy(b -> b.userName(name).policyName(name + "-policy").policyDocument(policy));
        var k = iam.createAccessKey(b -> b.userName(name)).accessKey();
        AwsCredentials c = AwsBasicCredentials.create(k.accessKeyId(), k.secretAccessKey());
        keys.put(name, c);
        return c;
    }
}
