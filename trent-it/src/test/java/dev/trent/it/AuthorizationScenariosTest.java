package dev.trent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.StatusType;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.GrantOperation;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * Authorization as AWS KMS decides it, through real SDK clients holding different credentials: IAM users with
 * identity policies, key policies that name users directly, explicit denies in each place, a second account made
 * with AWS Organizations, encryption-context and ABAC conditions, grants, assumed roles, inactive keys. Each
 * scenario is one call by one principal and the outcome AWS gives: allowed, or {@code AccessDeniedException} with
 * the reason AWS names.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationScenariosTest {
    private static final String NO_IDENTITY_POLICY = "because no identity-based policy allows";
    private static final String NO_RESOURCE_POLICY = "because no resource-based policy allows";
    private static final String DENY_IN_RESOURCE_POLICY = "with an explicit deny in a resource-based policy";
    private static final String DENY_IN_IDENTITY_POLICY = "with an explicit deny in an identity-based policy";

    @TempDir
    static Path dataDir;

    private final MutableClock clock = new MutableClock();
    private RunningTrent trent;
    private String accountA;
    private String accountB;
    private IamClient iamA;
    private final Map<String, KmsClient> kms = new HashMap<>();
    private final Map<String, String> keys = new HashMap<>();
    private final Map<String, SdkBytes> ciphertexts = new HashMap<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    // ------------------------------------------------------------------ setup

    @BeforeAll
    void setUp() throws Exception {
        trent = new RunningTrent(dataDir, RunningTrent.testConfig(dataDir), clock);
        accountA = trent.admin().accountId();
        kms.put("root", trent.kms());
        iamA = iam(basic(trent.admin().accessKeyId(), trent.admin().secretAccessKey()));

        user("key-admin", """
                {"Version":"2012-10-17","Statement":[{"Sid":"KeyAdministrators","Effect":"Allow","Action":[
                  "kms:Create*","kms:Describe*","kms:Enable*","kms:List*","kms:Put*","kms:Update*","kms:Revoke*",
                  "kms:Disable*","kms:Get*","kms:Delete*","kms:TagResource","kms:UntagResource",
                  "kms:ScheduleKeyDeletion","kms:CancelKeyDeletion","kms:RetireGrant"],"Resource":"*"}]}""");
        user("key-user", """
                {"Version":"2012-10-17","Statement":[{"Sid":"KeyUsers","Effect":"Allow","Action":[
                  "kms:Encrypt","kms:Decrypt","kms:ReEncrypt*","kms:GenerateDataKey*","kms:DescribeKey"],
                  "Resource":"*"}]}""");
        user("nobody", null);
        user("direct", null);
        user("grantee", null);
        user("denied", """
                {"Version":"2012-10-17","Statement":[
                  {"Effect":"Allow","Action":"kms:*","Resource":"*"},
                  {"Effect":"Deny","Action":"kms:Decrypt","Resource":"*"}]}""");
        user("ec-user", """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["kms:Encrypt","kms:Decrypt"],
                  "Resource":"*","Condition":{"StringEquals":{"kms:EncryptionContext:dept":"eng"}}}]}""");
        user("abac", """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:Encrypt","Resource":"*",
                  "Condition":{"StringEquals":{"aws:ResourceTag/Project":"${aws:PrincipalTag/Project}"}}}]}""");
        iamA.tagUser(b -> b.userName("abac").tags(t -> t.key("Project").value("alpha")));
        user("inactive", """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:*","Resource":"*"}]}""");

        String root = "arn:aws:iam::" + accountA + ":root";
        String rootStatement = "{\"Sid\":\"Enable IAM User Permissions\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\""
                + root + "\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}";
        key("default", null, Map.of());
        key(
                "direct",
                policy(rootStatement, allow(userArn("direct"), "\"kms:Encrypt\",\"kms:Decrypt\",\"kms:DescribeKey\"")),
                Map.of());
        key(
                "deny-in-key-policy",
                policy(
                        rootStatement,
                        "{\"Effect\":\"Deny\",\"Principal\":{\"AWS\":\"" + userArn("key-user")
                                + "\"},\"Action\":\"kms:Encrypt\",\"Resource\":\"*\"}"),
                Map.of());
        key("no-root", policy(allow(userArn("direct"), "\"kms:*\"")), Map.of());
        key(
                "caller-account",
                policy(
                        rootStatement,
                        "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},"
                                + "\"Action\":\"kms:Encrypt\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{"
                                + "\"kms:CallerAccount\":\"" + accountA + "\"}}}"),
                Map.of());
        key(
                "via-service",
                policy(
                        rootStatement,
                        "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\""
                                + userArn("nobody")
                                + "\"},\"Action\":\"kms:Decrypt\",\"Resource\":\"*\",\"Condition\":{"
                                + "\"StringEquals\":{\"kms:ViaService\":\"ssm.us-east-1.amazonaws.com\"}}}"),
                Map.of());
        key("abac-alpha", null, Map.of("Project", "alpha"));
        key("abac-beta", null, Map.of("Project", "beta"));
        key("ec", null, Map.of());
        key("grant", null, Map.of());
        key("scratch", null, Map.of());

        ciphertexts.put("default", encrypt("root", "default", Map.of()));
        ciphertexts.put("direct", encrypt("root", "direct", Map.of()));
        ciphertexts.put("deny-in-key-policy", encrypt("root", "deny-in-key-policy", Map.of()));
        ciphertexts.put("via-service", encrypt("root", "via-service", Map.of()));
        ciphertexts.put("ec", encrypt("root", "ec", Map.of("dept", "eng")));

        // Account B: a member account made with AWS Organizations, reached through OrganizationAccountAccessRole.
        JsonNode created = organizations("CreateOrganization", "{\"FeatureSet\":\"ALL\"}");
        assertThat(created.path("Organization").path("MasterAccountId").asText())
                .isEqualTo(accountA);
        String requestId = organizations("CreateAccount", "{\"Email\":\"b@example.com\",\"AccountName\":\"member-b\"}")
                .path("CreateAccountStatus")
                .path("Id")
                .asText();
        JsonNode status = null;
        for (int i = 0; i < 50; i++) {
            status = organizations("DescribeCreateAccountStatus", "{\"CreateAccountRequestId\":\"" + requestId + "\"}")
                    .path("CreateAccountStatus");
            if (!"IN_PROGRESS".equals(status.path("State").asText())) break;
            Thread.sleep(100);
        }
        assertThat(status.path("State").asText()).isEqualTo("SUCCEEDED");
        accountB = status.path("AccountId").asText();
        // A root user cannot assume roles (as on AWS): an administrator of the management account does.
        user("org-admin", """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":
                  "arn:aws:iam::*:role/OrganizationAccountAccessRole"}]}""");
        Credentials admin = sts(keyOf("org-admin"))
                .assumeRole(b -> b.roleArn("arn:aws:iam::" + accountB + ":role/OrganizationAccountAccessRole")
                        .roleSessionName("setup"))
                .credentials();
        AwsCredentials bAdmin = session(admin);
        kms.put("b-admin-role", kms(bAdmin));
        IamClient iamB = iam(bAdmin);
        kms.put("b-user", kms(userIn(iamB, "b-user", """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":[
                  "kms:Encrypt","kms:Decrypt","kms:DescribeKey","kms:GenerateDataKey","kms:DisableKey"],
                  "Resource":"*"}]}""")));
        kms.put("b-nopolicy", kms(userIn(iamB, "b-nopolicy", null)));
        key(
                "cross",
                policy(
                        rootStatement,
                        "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::" + accountB
                                + ":root\"},\"Action\":[\"kms:Encrypt\",\"kms:Decrypt\",\"kms:DescribeKey\",\"kms:GenerateDataKey\"],"
                                + "\"Resource\":\"*\"}"),
                Map.of());
        ciphertexts.put("cross", encrypt("root", "cross", Map.of()));

        // A role in A that only "nobody" may assume (named directly in its trust policy, so no identity policy
        // is needed to assume it).
        iamA.createRole(b -> b.roleName("KeyUserRole")
                .assumeRolePolicyDocument(
                        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\""
                                + userArn("nobody") + "\"},\"Action\":\"sts:AssumeRole\"}]}"));
        iamA.putRolePolicy(b -> b.roleName("KeyUserRole").policyName("use-keys").policyDocument("""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":[
                  "kms:Encrypt","kms:Decrypt","kms:DescribeKey"],"Resource":"*"}]}"""));
    }

    @AfterAll
    void tearDown() throws Exception {
        for (AutoCloseable c : closeables) c.close();
        if (trent != null) trent.close();
    }

    // ------------------------------------------------------------------ the table

    Stream<Arguments> scenarios() {
        List<Arguments> s = new ArrayList<>();
        // Key users use keys and cannot manage them (the product brief's separation of duties).
        s.add(ok("key user encrypts", "key-user", c -> encryptWith(c, "default", Map.of())));
        s.add(ok("key user decrypts", "key-user", c -> decryptWith(c, "default")));
        s.add(ok(
                "key user generates a data key",
                "key-user",
                c -> c.generateDataKey(b -> b.keyId(keys.get("default")).keySpec("AES_256"))));
        s.add(ok("key user describes", "key-user", c -> c.describeKey(b -> b.keyId(keys.get("default")))));
        s.add(ok(
                "key user re-encrypts",
                "key-user",
                c -> c.reEncrypt(
                        b -> b.ciphertextBlob(ciphertexts.get("default")).destinationKeyId(keys.get("default")))));
        s.add(denied(
                "key user cannot disable",
                "key-user",
                c -> c.disableKey(b -> b.keyId(keys.get("default"))),
                "kms:DisableKey",
                NO_IDENTITY_POLICY));
        s.add(denied(
                "key user cannot change the key policy",
                "key-user",
                c -> c.putKeyPolicy(
                        b -> b.keyId(keys.get("default")).policyName("default").policy(defaultPolicy())),
                "kms:PutKeyPolicy",
                NO_IDENTITY_POLICY));
        s.add(denied(
                "key user cannot schedule deletion",
                "key-user",
                c -> c.scheduleKeyDeletion(b -> b.keyId(keys.get("default")).pendingWindowInDays(7)),
                "kms:ScheduleKeyDeletion",
                NO_IDENTITY_POLICY));
        s.add(denied(
                "key user cannot create keys",
                "key-user",
                c -> c.createKey(b -> {}),
                "kms:CreateKey",
                NO_IDENTITY_POLICY));
        s.add(denied(
                "key user cannot tag",
                "key-user",
                c -> c.tagResource(b ->
                        b.keyId(keys.get("default")).tags(t -> t.tagKey("a").tagValue("b"))),
                "kms:TagResource",
                NO_IDENTITY_POLICY));
        // Key administrators manage keys and cannot use them.
        s.add(ok("key admin creates a key", "key-admin", c -> c.createKey(b -> b.description("by key-admin"))));
        s.add(ok("key admin describes", "key-admin", c -> c.describeKey(b -> b.keyId(keys.get("default")))));
        s.add(ok("key admin enables", "key-admin", c -> c.enableKey(b -> b.keyId(keys.get("default")))));
        s.add(ok(
                "key admin puts the key policy",
                "key-admin",
                c -> c.putKeyPolicy(
                        b -> b.keyId(keys.get("scratch")).policyName("default").policy(defaultPolicy()))));
        s.add(ok(
                "key admin tags",
                "key-admin",
                c -> c.tagResource(b ->
                        b.keyId(keys.get("scratch")).tags(t -> t.tagKey("owner").tagValue("admin")))));
        s.add(ok("key admin schedules and cancels deletion", "key-admin", c -> {
            c.scheduleKeyDeletion(b -> b.keyId(keys.get("scratch")).pendingWindowInDays(7));
            c.cancelKeyDeletion(b -> b.keyId(keys.get("scratch")));
            c.enableKey(b -> b.keyId(keys.get("scratch")));
        }));
        s.add(ok("key admin lists keys", "key-admin", c -> c.listKeys(b -> {})));
        s.add(denied(
                "key admin cannot encrypt",
                "key-admin",
                c -> encryptWith(c, "default", Map.of()),
                "kms:Encrypt",
                NO_IDENTITY_POLICY));
        s.add(denied(
                "key admin cannot decrypt",
                "key-admin",
                c -> decryptWith(c, "default"),
                "kms:Decrypt",
                NO_IDENTITY_POLICY));
        s.add(denied(
                "key admin cannot generate data keys",
                "key-admin",
                c -> c.generateDataKey(b -> b.keyId(keys.get("default")).keySpec("AES_256")),
                "kms:GenerateDataKey",
                NO_IDENTITY_POLICY));
        s.add(denied(
                "key admin cannot re-encrypt",
                "key-admin",
                c -> c.reEncrypt(
                        b -> b.ciphertextBlob(ciphertexts.get("default")).destinationKeyId(keys.get("default"))),
                "kms:ReEncryptFrom",
                NO_IDENTITY_POLICY));
        s.add(ok("key admin lists aliases", "key-admin", c -> c.listAliases(b -> {})));
        s.add(denied(
                "key user cannot list aliases",
                "key-user",
                c -> c.listAliases(b -> {}),
                "kms:ListAliases",
                NO_IDENTITY_POLICY));
        s.add(denied(
                "key user cannot create grants",
                "key-user",
                c -> c.createGrant(b -> b.keyId(keys.get("default"))
                        .granteePrincipal(userArn("grantee"))
                        .operations(GrantOperation.ENCRYPT)),
                "kms:CreateGrant",
                NO_IDENTITY_POLICY));
        s.add(denied(
                "key user cannot create an alias",
                "key-user",
                c -> c.createAlias(b -> b.aliasName("alias/by-key-user").targetKeyId(keys.get("default"))),
                "kms:CreateAlias",
                NO_IDENTITY_POLICY));
        // A user with no policy at all.
        s.add(denied(
                "no policy: encrypt",
                "nobody",
                c -> encryptWith(c, "default", Map.of()),
                "kms:Encrypt",
                NO_IDENTITY_POLICY));
        s.add(denied(
                "no policy: describe",
                "nobody",
                c -> c.describeKey(b -> b.keyId(keys.get("default"))),
                "kms:DescribeKey",
                NO_IDENTITY_POLICY));
        s.add(denied("no policy: list keys", "nobody", c -> c.listKeys(b -> {}), "kms:ListKeys", NO_IDENTITY_POLICY));
        s.add(ok("the account root needs no identity policy", "root", c -> encryptWith(c, "default", Map.of())));
        // A key policy that names a user directly needs no IAM policy.
        s.add(ok("key policy only: encrypt", "direct", c -> encryptWith(c, "direct", Map.of())));
        s.add(ok("key policy only: decrypt", "direct", c -> decryptWith(c, "direct")));
        s.add(denied(
                "key policy only: not what it allows",
                "direct",
                c -> c.disableKey(b -> b.keyId(keys.get("direct"))),
                "kms:DisableKey",
                NO_IDENTITY_POLICY));
        s.add(denied(
                "key policy only: another key",
                "direct",
                c -> encryptWith(c, "default", Map.of()),
                "kms:Encrypt",
                NO_IDENTITY_POLICY));
        // Explicit denies win wherever they are.
        s.add(denied(
                "deny in the key policy",
                "key-user",
                c -> encryptWith(c, "deny-in-key-policy", Map.of()),
                "kms:Encrypt",
                DENY_IN_RESOURCE_POLICY));
        s.add(ok("deny in the key policy is for Encrypt only", "key-user", c -> decryptWith(c, "deny-in-key-policy")));
        s.add(denied(
                "deny in an identity policy",
                "denied",
                c -> decryptWith(c, "default"),
                "kms:Decrypt",
                DENY_IN_IDENTITY_POLICY));
        s.add(ok("identity deny is for Decrypt only", "denied", c -> encryptWith(c, "default", Map.of())));
        // A key policy that does not delegate to the account: IAM policies are not enough.
        s.add(denied(
                "no root statement: IAM policy is not enough",
                "key-user",
                c -> encryptWith(c, "no-root", Map.of()),
                "kms:Encrypt",
                NO_RESOURCE_POLICY));
        s.add(denied(
                "no root statement: not even the root user",
                "root",
                c -> encryptWith(c, "no-root", Map.of()),
                "kms:Encrypt",
                NO_RESOURCE_POLICY));
        s.add(ok("no root statement: the named user", "direct", c -> encryptWith(c, "no-root", Map.of())));
        // Cross-account: the key policy of the key's account and the caller's own identity policy.
        s.add(ok("cross-account encrypt", "b-user", c -> encryptWith(c, "cross", Map.of())));
        s.add(ok("cross-account decrypt", "b-user", c -> decryptWith(c, "cross")));
        s.add(ok("cross-account describe", "b-user", c -> c.describeKey(b -> b.keyId(keys.get("cross")))));
        s.add(ok(
                "cross-account data key",
                "b-user",
                c -> c.generateDataKey(b -> b.keyId(keys.get("cross")).keySpec("AES_256"))));
        s.add(denied(
                "cross-account: not in the key policy",
                "b-user",
                c -> c.disableKey(b -> b.keyId(keys.get("cross"))),
                "kms:DisableKey",
                NO_RESOURCE_POLICY));
        s.add(denied(
                "cross-account: no identity policy",
                "b-nopolicy",
                c -> encryptWith(c, "cross", Map.of()),
                "kms:Encrypt",
                NO_IDENTITY_POLICY));
        s.add(denied(
                "cross-account: key policy does not allow the account",
                "b-user",
                c -> encryptWith(c, "default", Map.of()),
                "kms:Encrypt",
                NO_RESOURCE_POLICY));
        s.add(ok(
                "cross-account: an assumed role in the other account",
                "b-admin-role",
                c -> encryptWith(c, "cross", Map.of())));
        // kms:CallerAccount and kms:ViaService.
        s.add(ok(
                "kms:CallerAccount allows the account's principals",
                "nobody",
                c -> encryptWith(c, "caller-account", Map.of())));
        s.add(denied(
                "kms:CallerAccount refuses another account",
                "b-user",
                c -> encryptWith(c, "caller-account", Map.of()),
                "kms:Encrypt",
                NO_RESOURCE_POLICY));
        s.add(denied(
                "kms:ViaService refuses a direct call",
                "nobody",
                c -> decryptWith(c, "via-service"),
                "kms:Decrypt",
                NO_IDENTITY_POLICY));
        // Encryption-context conditions.
        s.add(ok("encryption context matches", "ec-user", c -> encryptWith(c, "ec", Map.of("dept", "eng"))));
        s.add(denied(
                "encryption context differs",
                "ec-user",
                c -> encryptWith(c, "ec", Map.of("dept", "ops")),
                "kms:Encrypt",
                NO_IDENTITY_POLICY));
        s.add(denied(
                "encryption context missing",
                "ec-user",
                c -> encryptWith(c, "ec", Map.of()),
                "kms:Encrypt",
                NO_IDENTITY_POLICY));
        s.add(ok(
                "decrypt with the matching context",
                "ec-user",
                c -> c.decrypt(b -> b.ciphertextBlob(ciphertexts.get("ec")).encryptionContext(Map.of("dept", "eng")))));
        // ABAC: principal tags against resource tags.
        s.add(ok("ABAC: tags match", "abac", c -> encryptWith(c, "abac-alpha", Map.of())));
        s.add(denied(
                "ABAC: tags differ",
                "abac",
                c -> encryptWith(c, "abac-beta", Map.of()),
                "kms:Encrypt",
                NO_IDENTITY_POLICY));
        s.add(denied(
                "ABAC: untagged key",
                "abac",
                c -> encryptWith(c, "default", Map.of()),
                "kms:Encrypt",
                NO_IDENTITY_POLICY));
        return s.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void scenario(String name, String principal, Consumer<KmsClient> call, String action, String reason) {
        KmsClient client = kms.get(principal);
        assertThat(client).as("principal %s", principal).isNotNull();
        if (action == null) {
            call.accept(client);
            return;
        }
        Throwable t = catchThrowable(() -> call.accept(client));
        assertThat(t).as(name).isInstanceOf(KmsException.class);
        KmsException e = (KmsException) t;
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
        assertThat(e.awsErrorDetails().errorMessage())
                .contains("is not authorized to perform: " + action)
                .contains(reason);
    }

    // ------------------------------------------------------------------ grants, sessions, credentials

    @Test
    void grantsAllowWhatTheySayWithTheirConstraints() {
        KmsClient grantee = kms.get("grantee");
        assertDenied(() -> encryptWith(grantee, "grant", Map.of("app", "x")), "kms:Encrypt");
        var grant = kms.get("root")
                .createGrant(b -> b.keyId(keys.get("grant"))
                        .granteePrincipal(userArn("grantee"))
                        .retiringPrincipal(userArn("key-admin"))
                        .operations(GrantOperation.ENCRYPT, GrantOperation.DECRYPT)
                        .constraints(c -> c.encryptionContextSubset(Map.of("app", "x"))));
        // The token makes the grant usable at once.
        grantee.encrypt(b -> b.keyId(keys.get("grant"))
                .plaintext(SdkBytes.fromUtf8String("p"))
                .encryptionContext(Map.of("app", "x"))
                .grantTokens(grant.grantToken()));
        encryptWith(grantee, "grant", Map.of("app", "x", "extra", "ok"));
        assertDenied(() -> encryptWith(grantee, "grant", Map.of("app", "y")), "kms:Encrypt");
        assertDenied(() -> encryptWith(grantee, "grant", Map.of()), "kms:Encrypt");
        assertDenied(
                () -> grantee.generateDataKey(
                        b -> b.keyId(keys.get("grant")).keySpec("AES_256").encryptionContext(Map.of("app", "x"))),
                "kms:GenerateDataKey");
        // The retiring principal retires it; then it allows nothing.
        kms.get("key-admin").retireGrant(b -> b.keyId(keys.get("grant")).grantId(grant.grantId()));
        assertDenied(() -> encryptWith(grantee, "grant", Map.of("app", "x")), "kms:Encrypt");
        // A revoked grant allows nothing either.
        var second = kms.get("root")
                .createGrant(b -> b.keyId(keys.get("grant"))
                        .granteePrincipal(userArn("grantee"))
                        .operations(GrantOperation.ENCRYPT));
        encryptWith(grantee, "grant", Map.of());
        kms.get("root").revokeGrant(b -> b.keyId(keys.get("grant")).grantId(second.grantId()));
        assertDenied(() -> encryptWith(grantee, "grant", Map.of()), "kms:Encrypt");
    }

    @Test
    void anAssumedRoleActsWithTheRolesPolicies() {
        StsClient sts = sts(keyOf("nobody"));
        Credentials c = sts.assumeRole(b -> b.roleArn("arn:aws:iam::" + accountA + ":role/KeyUserRole")
                        .roleSessionName("worker"))
                .credentials();
        KmsClient role = kms(session(c));
        encryptWith(role, "default", Map.of());
        assertThatThrownBy(() -> role.disableKey(b -> b.keyId(keys.get("default"))))
                .isInstanceOf(KmsException.class)
                .hasMessageContaining("arn:aws:sts::" + accountA + ":assumed-role/KeyUserRole/worker")
                .hasMessageContaining("kms:DisableKey");
        // The trust policy names only "nobody".
        assertThatThrownBy(() -> sts(keyOf("key-user"))
                        .assumeRole(b -> b.roleArn("arn:aws:iam::" + accountA + ":role/KeyUserRole")
                                .roleSessionName("intruder")))
                .isInstanceOfSatisfying(
                        software.amazon.awssdk.services.sts.model.StsException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied"))
                .hasMessageContaining("is not authorized to perform: sts:AssumeRole");
    }

    @Test
    void anExpiredSessionTokenIsRefused() {
        // The server's clock runs 13 minutes behind while the role is assumed for 15 minutes, then 3 minutes
        // ahead: the session has expired though every request stays within SigV4's 15-minute window.
        Credentials c;
        try {
            clock.advance(Duration.ofMinutes(-13));
            c = sts(keyOf("nobody"))
                    .assumeRole(b -> b.roleArn("arn:aws:iam::" + accountA + ":role/KeyUserRole")
                            .roleSessionName("short")
                            .durationSeconds(900))
                    .credentials();
            KmsClient role = kms(session(c));
            clock.reset();
            encryptWith(role, "default", Map.of());
            clock.advance(Duration.ofMinutes(3));
            Throwable t = catchThrowable(() -> encryptWith(role, "default", Map.of()));
            assertThat(t).isInstanceOf(KmsException.class);
            assertThat(((KmsException) t).awsErrorDetails().errorCode()).isEqualTo("ExpiredTokenException");
            assertThat(t).hasMessageContaining("The security token included in the request is expired");
        } finally {
            clock.reset();
        }
    }

    @Test
    void inactiveAndDeletedAccessKeysAreRefused() {
        AwsBasicCredentials k = keyOf("inactive");
        KmsClient client = kms(k);
        encryptWith(client, "default", Map.of());
        iamA.updateAccessKey(
                b -> b.userName("inactive").accessKeyId(k.accessKeyId()).status(StatusType.INACTIVE));
        awaitRefused(client);
        iamA.updateAccessKey(
                b -> b.userName("inactive").accessKeyId(k.accessKeyId()).status(StatusType.ACTIVE));
        iamA.deleteAccessKey(b -> b.userName("inactive").accessKeyId(k.accessKeyId()));
        awaitRefused(client);
    }

    @Test
    void thePolicyLockoutSafetyCheckUsesTheCallersPermissions() {
        String lockingOut = policy(allow(userArn("direct"), "\"kms:*\""));
        assertThatThrownBy(() -> kms.get("key-admin").createKey(b -> b.policy(lockingOut)))
                .isInstanceOf(KmsException.class)
                .hasMessageContaining("will not allow you to update the key policy in the future");
        kms.get("key-admin").createKey(b -> b.policy(lockingOut).bypassPolicyLockoutSafetyCheck(true));
    }

    // ------------------------------------------------------------------ helpers

    private static Arguments ok(String name, String principal, Consumer<KmsClient> call) {
        return Arguments.of(name, principal, call, null, null);
    }

    private static Arguments denied(
            String name, String principal, Consumer<KmsClient> call, String action, String reason) {
        return Arguments.of(name, principal, call, action, reason);
    }

    private void assertDenied(Runnable call, String action) {
        Throwable t = catchThrowable(call::run);
        assertThat(t).isInstanceOf(KmsException.class);
        assertThat(((KmsException) t).awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
        assertThat(t).hasMessageContaining(action);
    }

    private void awaitRefused(KmsClient client) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            Throwable t = catchThrowable(() -> encryptWith(client, "default", Map.of()));
            if (t instanceof KmsException e
                    && "UnrecognizedClientException".equals(e.awsErrorDetails().errorCode())) {
                return;
            }
            assertThat(System.nanoTime()).as("refused within 10 s, last: %s", t).isLessThan(deadline);
            sleep(100);
        }
    }

    private Object encryptWith(KmsClient c, String key, Map<String, String> context) {
        return c.encrypt(b -> b.keyId(keys.get(key))
                .plaintext(SdkBytes.fromUtf8String("secret"))
                .encryptionContext(context));
    }

    private Object decryptWith(KmsClient c, String key) {
        return c.decrypt(b -> b.ciphertextBlob(ciphertexts.get(key)));
    }

    private SdkBytes encrypt(String principal, String key, Map<String, String> context) {
        return kms.get(principal)
                .encrypt(b -> b.keyId(keys.get(key))
                        .plaintext(SdkBytes.fromUtf8String("secret"))
                        .encryptionContext(context))
                .ciphertextBlob();
    }

    private void key(String name, String policy, Map<String, String> tags) {
        String arn = kms.get("root")
                .createKey(b -> {
                    b.description(name);
                    // some of these policies leave the creator (the root user) out on purpose
                    if (policy != null) b.policy(policy).bypassPolicyLockoutSafetyCheck(true);
                    if (!tags.isEmpty()) {
                        b.tags(tags.entrySet().stream()
                                .map(e -> software.amazon.awssdk.services.kms.model.Tag.builder()
                                        .tagKey(e.getKey())
                                        .tagValue(e.getValue())
                                        .build())
                                .toList());
                    }
                })
                .keyMetadata()
                .arn();
        keys.put(name, arn);
    }

    private final Map<String, AwsBasicCredentials> userKeys = new HashMap<>();

    private void user(String name, String policy) {
        AwsBasicCredentials k = userIn(iamA, name, policy);
        userKeys.put(name, k);
        kms.put(name, kms(k));
    }

    private AwsBasicCredentials keyOf(String user) {
        return userKeys.get(user);
    }

    private static AwsBasicCredentials userIn(IamClient iam, String name, String policy) {
        iam.createUser(b -> b.userName(name));
        if (policy != null) {
            iam.putUserPolicy(b -> b.userName(name).policyName(name + "-policy").policyDocument(policy));
        }
        var key = iam.createAccessKey(b -> b.userName(name)).accessKey();
        return AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey());
    }

    private String userArn(String name) {
        return "arn:aws:iam::" + accountA + ":user/" + name;
    }

    private String defaultPolicy() {
        return policy("{\"Sid\":\"Enable IAM User Permissions\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
                + "\"arn:aws:iam::" + accountA + ":root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}");
    }

    private static String allow(String principalArn, String actions) {
        return "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + principalArn + "\"},\"Action\":[" + actions
                + "],\"Resource\":\"*\"}";
    }

    private static String policy(String... statements) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}";
    }

    private static AwsBasicCredentials basic(String id, String secret) {
        return AwsBasicCredentials.create(id, secret);
    }

    private static AwsCredentials session(Credentials c) {
        return IdentityClients.session(c);
    }

    private URI endpoint() {
        return trent.endpoint();
    }

    private KmsClient kms(AwsCredentials credentials) {
        return closing(IdentityClients.kms(endpoint(), credentials));
    }

    private IamClient iam(AwsCredentials credentials) {
        return closing(IdentityClients.iam(endpoint(), credentials));
    }

    private StsClient sts(AwsCredentials credentials) {
        return closing(IdentityClients.sts(endpoint(), credentials));
    }

    private <C extends AutoCloseable> C closing(C client) {
        closeables.add(client);
        return client;
    }

    /** An AWS Organizations call (AWS JSON 1.1) as the account root, signed with the SDK's signer. */
    private JsonNode organizations(String operation, String body) {
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Map<String, String> headers = SignedHttp.sign(
                endpoint(),
                "AWSOrganizationsV20161128." + operation,
                bytes,
                trent.admin().accessKeyId(),
                trent.admin().secretAccessKey(),
                "us-east-1",
                "organizations",
                java.time.Clock.systemUTC());
        SignedHttp.Response r = new SignedHttp(endpoint()).send(headers, bytes);
        assertThat(r.status()).as("%s: %s", operation, r).isEqualTo(200);
        return r.json();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
