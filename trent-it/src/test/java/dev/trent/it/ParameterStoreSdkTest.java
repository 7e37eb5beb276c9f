package dev.trent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import dev.trent.core.kms.KmsOnBehalf;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyManagerType;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParametersByPathResponse;
import software.amazon.awssdk.services.ssm.model.HierarchyLevelLimitExceededException;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterAlreadyExistsException;
import software.amazon.awssdk.services.ssm.model.ParameterMaxVersionLimitExceededException;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterTier;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import software.amazon.awssdk.services.ssm.model.ParameterVersionNotFoundException;
import software.amazon.awssdk.services.ssm.model.SsmException;

/**
 * Parameter Store through the AWS SDK for Java v2 against a real Trent: the parameter operations and their limits
 * and errors, SecureString through KMS (customer key and the AWS managed {@code alias/aws/ssm}), IAM policies on
 * parameter paths, a caller with SSM rights but no KMS rights, persistence across a restart, and no SecureString
 * value in the store file or the logs.
 */
class ParameterStoreSdkTest {
    @TempDir
    Path dir;

    RunningTrent trent;
    SsmClient ssm;
    KmsClient kms;
    IamClient iam;

    @BeforeEach
    void start() {
        trent = new RunningTrent(dir.resolve("data"));
        connect();
    }

    private void connect() {
        AwsCredentials admin = IdentityClients.admin(trent);
        ssm = IdentityClients.ssm(trent.endpoint(), admin);
        kms = IdentityClients.kms(trent.endpoint(), admin);
        iam = IdentityClients.iam(trent.endpoint(), admin);
    }

    @AfterEach
    void stop() {
        if (trent != null) trent.close();
    }

    @Test
    void putGetOverwriteHistoryAndSelectors() {
        assertThat(ssm.putParameter(b -> b.name("/app/dev/url").value("v1").type(ParameterType.STRING))
                        .version())
                .isEqualTo(1L);
        assertThatThrownBy(() ->
                        ssm.putParameter(b -> b.name("/app/dev/url").value("v2").type(ParameterType.STRING)))
                .isInstanceOf(ParameterAlreadyExistsException.class);
        assertThat(ssm.putParameter(b -> b.name("/app/dev/url").value("v2").overwrite(true))
                        .version())
                .isEqualTo(2L);
        Parameter p = ssm.getParameter(b -> b.name("/app/dev/url")).parameter();
        assertThat(p.value()).isEqualTo("v2");
        assertThat(p.version()).isEqualTo(2L);
        assertThat(p.arn()).isEqualTo("arn:aws:ssm:us-east-1:" + trent.admin().accountId() + ":parameter/app/dev/url");
        assertThat(ssm.getParameter(b -> b.name("/app/dev/url:1")).parameter().value())
                .isEqualTo("v1");
        assertThatThrownBy(() -> ssm.getParameter(b -> b.name("/app/dev/url:7")))
                .isInstanceOf(ParameterVersionNotFoundException.class);

        ssm.labelParameterVersion(
                b -> b.name("/app/dev/url").parameterVersion(1L).labels("stable", "1bad"));
        Parameter labelled =
                ssm.getParameter(b -> b.name("/app/dev/url:stable")).parameter();
        assertThat(labelled.value()).isEqualTo("v1");
        assertThat(labelled.selector()).isEqualTo(":stable");

        var history = ssm.getParameterHistory(b -> b.name("/app/dev/url")).parameters();
        assertThat(history).extracting(h -> h.version()).containsExactly(1L, 2L);
        assertThat(history.get(0).labels()).containsExactly("stable");

        assertThatThrownBy(() -> ssm.getParameter(b -> b.name("/nope"))).isInstanceOf(ParameterNotFoundException.class);
        var got = ssm.getParameters(b -> b.names("/app/dev/url", "/nope"));
        assertThat(got.parameters()).extracting(Parameter::name).containsExactly("/app/dev/url");
        assertThat(got.invalidParameters()).containsExactly("/nope");

        ssm.deleteParameter(b -> b.name("/app/dev/url"));
        assertThatThrownBy(() -> ssm.deleteParameter(b -> b.name("/app/dev/url")))
                .isInstanceOf(ParameterNotFoundException.class);
    }

    @Test
    void limitsAndNameRules() {
        String deep = "/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p";
        assertThatThrownBy(() -> ssm.putParameter(b -> b.name(deep).value("x").type(ParameterType.STRING)))
                .isInstanceOf(HierarchyLevelLimitExceededException.class);
        ssm.putParameter(
                b -> b.name("/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o").value("x").type(ParameterType.STRING));
        assertThatThrownBy(() ->
                        ssm.putParameter(b -> b.name("awsThing").value("x").type(ParameterType.STRING)))
                .isInstanceOf(SsmException.class)
                .hasMessageContaining("can't be prefixed with \"aws\" or \"ssm\"");
        assertThatThrownBy(() -> ssm.putParameter(b -> b.name("a/b").value("x").type(ParameterType.STRING)))
                .hasMessageContaining("fully qualified");

        String big = "x".repeat(4097);
        assertThatThrownBy(() -> ssm.putParameter(b -> b.name("big").value(big).type(ParameterType.STRING)))
                .hasMessageContaining("Standard tier parameters support a maximum parameter value of 4096");
        assertThat(ssm.putParameter(b -> b.name("big")
                                .value(big)
                                .type(ParameterType.SECURE_STRING)
                                .tier(ParameterTier.ADVANCED))
                        .tier())
                .isEqualTo(ParameterTier.ADVANCED);
        assertThat(ssm.getParameter(b -> b.name("big").withDecryption(true))
                        .parameter()
                        .value())
                .isEqualTo(big);
        assertThatThrownBy(() -> ssm.putParameter(b -> b.name("bigger")
                        .value("x".repeat(8193))
                        .type(ParameterType.STRING)
                        .tier(ParameterTier.ADVANCED)))
                .isInstanceOf(SsmException.class);
        assertThat(ssm.putParameter(b -> b.name("auto")
                                .value(big)
                                .type(ParameterType.STRING)
                                .tier(ParameterTier.INTELLIGENT_TIERING))
                        .tier())
                .isEqualTo(ParameterTier.ADVANCED);

        List<String> eleven = new ArrayList<>(Collections.nCopies(11, "x"));
        for (int i = 0; i < 11; i++) eleven.set(i, "n" + i);
        assertThatThrownBy(() -> ssm.getParameters(b -> b.names(eleven)))
                .isInstanceOf(SsmException.class)
                .hasMessageContaining("validation");
        assertThatThrownBy(() -> ssm.getParametersByPath(b -> b.path("/a").maxResults(11)))
                .isInstanceOf(SsmException.class);

        // 100 versions kept; the oldest one goes, unless it has a label
        ssm.putParameter(b -> b.name("counter").value("0").type(ParameterType.STRING));
        for (int i = 1; i < 100; i++) {
            String v = Integer.toString(i);
            ssm.putParameter(b -> b.name("counter").value(v).overwrite(true));
        }
        ssm.labelParameterVersion(b -> b.name("counter").parameterVersion(1L).labels("first"));
        assertThatThrownBy(() ->
                        ssm.putParameter(b -> b.name("counter").value("100").overwrite(true)))
                .isInstanceOf(ParameterMaxVersionLimitExceededException.class);
        ssm.unlabelParameterVersion(b -> b.name("counter").parameterVersion(1L).labels("first"));
        assertThat(ssm.putParameter(b -> b.name("counter").value("100").overwrite(true))
                        .version())
                .isEqualTo(101L);
        var versions = ssm.getParameterHistoryPaginator(b -> b.name("counter")).stream()
                .flatMap(r -> r.parameters().stream())
                .map(h -> h.version())
                .toList();
        assertThat(versions).hasSize(100).startsWith(2L).endsWith(101L);
    }

    @Test
    void byPathDescribeAndTags() {
        for (String n : List.of("/svc/a", "/svc/b", "/svc/deep/c", "/other/d")) {
            ssm.putParameter(b -> b.name(n).value("v-" + n).type(ParameterType.STRING));
        }
        ssm.putParameter(b -> b.name("/svc/secret").value("s3cr3t").type(ParameterType.SECURE_STRING));
        var oneLevel = ssm.getParametersByPath(b -> b.path("/svc")).parameters();
        assertThat(oneLevel).extracting(Parameter::name).containsExactly("/svc/a", "/svc/b", "/svc/secret");
        List<String> all = new ArrayList<>();
        for (GetParametersByPathResponse page : ssm.getParametersByPathPaginator(
                b -> b.path("/svc").recursive(true).maxResults(2))) {
            page.parameters().forEach(p -> all.add(p.name()));
        }
        assertThat(all).containsExactly("/svc/a", "/svc/b", "/svc/deep/c", "/svc/secret");
        var decrypted = ssm.getParametersByPath(b -> b.path("/svc")
                        .withDecryption(true)
                        .parameterFilters(f -> f.key("Type").values("SecureString")))
                .parameters();
        assertThat(decrypted).extracting(Parameter::value).containsExactly("s3cr3t");

        var described = ssm
                .describeParametersPaginator(b -> b.parameterFilters(
                        f -> f.key("Path").option("Recursive").values("/svc")))
                .stream()
                .flatMap(r -> r.parameters().stream())
                .toList();
        assertThat(described).hasSize(4);
        assertThat(described.stream()
                        .filter(m -> m.name().equals("/svc/secret"))
                        .findFirst()
                        .orElseThrow()
                        .keyId())
                .isEqualTo("alias/aws/ssm");

        ssm.addTagsToResource(b -> b.resourceType("Parameter")
                .resourceId("/svc/a")
                .tags(t -> t.key("team").value("x")));
        assertThat(ssm.listTagsForResource(b -> b.resourceType("Parameter").resourceId("/svc/a"))
                        .tagList())
                .extracting(t -> t.key() + "=" + t.value())
                .containsExactly("team=x");
        assertThat(ssm.describeParameters(
                                b -> b.parameterFilters(f -> f.key("tag:team").values("x")))
                        .parameters())
                .extracting(m -> m.name())
                .containsExactly("/svc/a");
        ssm.removeTagsFromResource(
                b -> b.resourceType("Parameter").resourceId("/svc/a").tagKeys("team"));
        assertThat(ssm.listTagsForResource(b -> b.resourceType("Parameter").resourceId("/svc/a"))
                        .tagList())
                .isEmpty();

        var deleted = ssm.deleteParameters(b -> b.names("/svc/a", "/nope"));
        assertThat(deleted.deletedParameters()).containsExactly("/svc/a");
        assertThat(deleted.invalidParameters()).containsExactly("/nope");
    }

    @Test
    void secureStringsGoThroughKmsWithTheirContext() {
        List<KmsOnBehalf.Call> calls = Collections.synchronizedList(new ArrayList<>());
        trent.server().parametersAndSecrets().kmsOnBehalf().listen(calls::add);

        ssm.putParameter(b -> b.name("/db/password").value("hunter2").type(ParameterType.SECURE_STRING));
        String encrypted =
                ssm.getParameter(b -> b.name("/db/password")).parameter().value();
        assertThat(encrypted).isNotEqualTo("hunter2");
        assertThat(ssm.getParameter(b -> b.name("/db/password").withDecryption(true))
                        .parameter()
                        .value())
                .isEqualTo("hunter2");

        // the AWS managed key was made on first use, and users cannot manage it
        var managed = kms.describeKey(b -> b.keyId("alias/aws/ssm")).keyMetadata();
        assertThat(managed.keyManager()).isEqualTo(KeyManagerType.AWS);
        assertThatThrownBy(() -> kms.disableKey(b -> b.keyId(managed.keyId())))
                .isInstanceOf(KmsException.class)
                .extracting(e -> ((KmsException) e).awsErrorDetails().errorCode())
                .isEqualTo("AccessDeniedException");
        assertThatThrownBy(() -> kms.scheduleKeyDeletion(b -> b.keyId(managed.keyId())))
                .extracting(e -> ((KmsException) e).awsErrorDetails().errorCode())
                .isEqualTo("AccessDeniedException");
        // nor use it directly: only through SSM
        assertThatThrownBy(() -> kms.encrypt(b ->
                        b.keyId("alias/aws/ssm").plaintext(software.amazon.awssdk.core.SdkBytes.fromUtf8String("x"))))
                .extracting(e -> ((KmsException) e).awsErrorDetails().errorCode())
                .isEqualTo("AccessDeniedException");

        assertThat(calls).extracting(KmsOnBehalf.Call::operation).containsExactly("Encrypt", "Decrypt");
        KmsOnBehalf.Call decrypt = calls.get(1);
        assertThat(decrypt.keyArn()).isEqualTo(managed.arn());
        assertThat(decrypt.context().viaService()).isEqualTo("ssm.us-east-1.amazonaws.com");
        assertThat(decrypt.context()
                        .request()
                        .path("EncryptionContext")
                        .path("PARAMETER_ARN")
                        .asText())
                .isEqualTo("arn:aws:ssm:us-east-1:" + trent.admin().accountId() + ":parameter/db/password");
        assertThat(decrypt.succeeded()).isTrue();

        // a customer managed key named by alias
        String key = kms.createKey(b -> b.description("params")).keyMetadata().keyId();
        kms.createAlias(b -> b.aliasName("alias/params").targetKeyId(key));
        ssm.putParameter(b -> b.name("/db/token")
                .value("t0k3n")
                .type(ParameterType.SECURE_STRING)
                .keyId("alias/params"));
        assertThat(ssm.getParameter(b -> b.name("/db/token").withDecryption(true))
                        .parameter()
                        .value())
                .isEqualTo("t0k3n");
        kms.disableKey(b -> b.keyId(key));
        assertThatThrownBy(() -> ssm.getParameter(b -> b.name("/db/token").withDecryption(true)))
                .isInstanceOf(SsmException.class)
                .extracting(e -> ((SsmException) e).awsErrorDetails().errorCode())
                .isEqualTo("InvalidKeyId");
        assertThatThrownBy(() -> ssm.putParameter(b -> b.name("/db/x")
                        .value("v")
                        .type(ParameterType.SECURE_STRING)
                        .keyId("alias/missing")))
                .extracting(e -> ((SsmException) e).awsErrorDetails().errorCode())
                .isEqualTo("InvalidKeyId");
    }

    @Test
    void iamPoliciesOnPathsAndKmsRightsForDecryption() {
        String key = kms.createKey(b -> b.description("app key")).keyMetadata().arn();
        ssm.putParameter(b -> b.name("/app/dev/db")
                .value("dev-pass")
                .type(ParameterType.SECURE_STRING)
                .keyId(key));
        ssm.putParameter(b -> b.name("/app/prod/db")
                .value("prod-pass")
                .type(ParameterType.SECURE_STRING)
                .keyId(key));
        ssm.putParameter(b -> b.name("/app/dev/plain").value("hello").type(ParameterType.STRING));

        String account = trent.admin().accountId();
        AwsCredentials devOnly = user(
                "dev-only",
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"ssm:GetParameter*\","
                        + "\"Resource\":\"arn:aws:ssm:us-east-1:" + account + ":parameter/app/dev/*\"}]}");
        try (SsmClient dev = IdentityClients.ssm(trent.endpoint(), devOnly)) {
            assertThat(dev.getParameter(b -> b.name("/app/dev/plain"))
                            .parameter()
                            .value())
                    .isEqualTo("hello");
            // SSM rights without KMS rights: the encrypted value, yes; decrypted, no
            assertThat(dev.getParameter(b -> b.name("/app/dev/db")).parameter().value())
                    .isNotEqualTo("dev-pass");
            assertThatThrownBy(() -> dev.getParameter(b -> b.name("/app/dev/db").withDecryption(true)))
                    .isInstanceOf(SsmException.class)
                    .satisfies(e -> {
                        SsmException s = (SsmException) e;
                        assertThat(s.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
                        assertThat(s.awsErrorDetails().errorMessage())
                                .contains("kms:Decrypt")
                                .contains("(Service: AWSKMS; Status Code: 400; Error Code: AccessDeniedException");
                    });
            assertThatThrownBy(() -> dev.getParameter(b -> b.name("/app/prod/db")))
                    .isInstanceOf(SsmException.class)
                    .extracting(e -> ((SsmException) e).awsErrorDetails().errorCode())
                    .isEqualTo("AccessDeniedException");
            assertThatThrownBy(() -> dev.getParameters(b -> b.names("/app/dev/plain", "/app/prod/db")))
                    .extracting(e -> ((SsmException) e).awsErrorDetails().errorCode())
                    .isEqualTo("AccessDeniedException");
            assertThatThrownBy(() -> dev.putParameter(
                            b -> b.name("/app/dev/new").value("x").type(ParameterType.STRING)))
                    .extracting(e -> ((SsmException) e).awsErrorDetails().errorCode())
                    .isEqualTo("AccessDeniedException");
        }
        AwsCredentials devWithKms = user(
                "dev-kms",
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"ssm:GetParameter*\","
                        + "\"Resource\":\"arn:aws:ssm:us-east-1:" + account + ":parameter/app/dev/*\"},"
                        + "{\"Effect\":\"Allow\",\"Action\":\"kms:Decrypt\",\"Resource\":\"" + key + "\"}]}");
        try (SsmClient dev = IdentityClients.ssm(trent.endpoint(), devWithKms)) {
            assertThat(dev.getParameter(b -> b.name("/app/dev/db").withDecryption(true))
                            .parameter()
                            .value())
                    .isEqualTo("dev-pass");
        }
        // the AWS managed key's policy lets every principal of the account use it through SSM
        ssm.putParameter(b -> b.name("/app/dev/managed").value("m-pass").type(ParameterType.SECURE_STRING));
        try (SsmClient dev = IdentityClients.ssm(trent.endpoint(), devOnly)) {
            assertThat(dev.getParameter(b -> b.name("/app/dev/managed").withDecryption(true))
                            .parameter()
                            .value())
                    .isEqualTo("m-pass");
        }
    }

    @Test
    void persistsAcrossRestartAndNoValueInTheStoreOrLogs() throws Exception {
        String secret = "pw-" + java.util.UUID.randomUUID();
        String advanced = "adv-" + java.util.UUID.randomUUID() + "x".repeat(5000);
        try (LogCapture logs = new LogCapture(Level.DEBUG)) {
            ssm.putParameter(b -> b.name("/keep/secret").value(secret).type(ParameterType.SECURE_STRING));
            ssm.putParameter(b -> b.name("/keep/adv")
                    .value(advanced)
                    .type(ParameterType.SECURE_STRING)
                    .tier(ParameterTier.ADVANCED));
            ssm.putParameter(b -> b.name("/keep/plain").value("visible").type(ParameterType.STRING));
            trent.restart();
            connect();
            assertThat(ssm.getParameter(b -> b.name("/keep/secret").withDecryption(true))
                            .parameter()
                            .value())
                    .isEqualTo(secret);
            assertThat(ssm.getParameter(b -> b.name("/keep/adv").withDecryption(true))
                            .parameter()
                            .value())
                    .isEqualTo(advanced);
            assertThat(ssm.getParameter(b -> b.name("/keep/plain")).parameter().value())
                    .isEqualTo("visible");
            String logged = String.join(
                    "\n",
                    logs.events().stream().map(e -> e.getFormattedMessage()).toList());
            assertThat(logged).doesNotContain(secret).doesNotContain(advanced.substring(0, 40));
        }
        trent.close();
        trent = null;
        try (Stream<Path> files = Files.walk(dir.resolve("data"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                assertThat(content).as(f.toString()).doesNotContain(secret).doesNotContain(advanced.substring(0, 40));
            }
        }
    }

    private AwsCredentials user(String name, String policy) {
        iam.createUser(b -> b.userName(name));
        iam.putUserPolicy(b -> b.userName(name).policyName(name + "-policy").policyDocument(policy));
        var k = iam.createAccessKey(b -> b.userName(name)).accessKey();
        return AwsBasicCredentials.create(k.accessKeyId(), k.secretAccessKey());
    }
}
