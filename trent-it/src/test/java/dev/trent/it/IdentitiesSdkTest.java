package dev.trent.it;

import static dev.trent.it.IdentityClients.admin;
import static dev.trent.it.IdentityClients.basic;
import static dev.trent.it.IdentityClients.session;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.DeleteConflictException;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.StatusType;
import software.amazon.awssdk.services.iam.model.User;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.AwsOrganizationsNotInUseException;
import software.amazon.awssdk.services.organizations.model.CreateAccountState;
import software.amazon.awssdk.services.organizations.model.CreateAccountStatus;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * IAM users and their access keys, roles and AssumeRole's temporary credentials, and Organizations' member accounts,
 * through the AWS SDK for Java v2 against a real Trent (authentication only: authorization is wired separately).
 */
class IdentitiesSdkTest {
    @TempDir
    Path dir;

    static String trustOf(String principalArn) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\""
                + principalArn + "\"},\"Action\":\"sts:AssumeRole\"}]}";
    }

    @Test
    void iamUsersTheirAccessKeysAndWhoTheyAre() {
        try (RunningTrent trent = new RunningTrent(dir.resolve("data"));
                IamClient iam = IdentityClients.iam(trent.endpoint(), admin(trent));
                StsClient rootSts = IdentityClients.sts(trent.endpoint(), admin(trent))) {
            String account = trent.admin().accountId();
            GetCallerIdentityResponse root = rootSts.getCallerIdentity();
            assertThat(root.account()).isEqualTo(account);
            assertThat(root.userId()).isEqualTo(account);
            assertThat(root.arn()).isEqualTo("arn:aws:iam::" + account + ":root");

            User alice = iam.createUser(b -> b.userName("alice")
                            .path("/eng/")
                            .tags(t -> t.key("team").value("kms")))
                    .user();
            assertThat(alice.arn()).isEqualTo("arn:aws:iam::" + account + ":user/eng/alice");
            assertThat(alice.userId()).startsWith("AIDA").hasSize(21);
            assertThat(alice.createDate())
                    .isCloseTo(
                            Instant.now(),
                            org.assertj.core.api.Assertions.within(
                                    Duration.ofMinutes(1).toMillis(), java.time.temporal.ChronoUnit.MILLIS));
            assertThatThrownBy(() -> iam.createUser(b -> b.userName("ALICE")))
                    .isInstanceOfSatisfying(EntityAlreadyExistsException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(409);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("EntityAlreadyExists");
                        assertThat(e.awsErrorDetails().errorMessage())
                                .isEqualTo("User with name ALICE already exists.");
                    });
            assertThat(iam.getUser(b -> b.userName("alice")).user().tags())
                    .extracting(t -> t.key() + "=" + t.value())
                    .containsExactly("team=kms");
            assertThat(iam.listUsers().users()).extracting(User::userName).containsExactly("alice");
            assertThat(iam.getUser().user().arn()).isEqualTo("arn:aws:iam::" + account + ":root");

            // authorization is enforced: alice may read herself and create keys
            iam.putUserPolicy(b -> b.userName("alice")
                    .policyName("self")
                    .policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                            + "\"Action\":[\"iam:GetUser\",\"kms:CreateKey\"],\"Resource\":\"*\"}]}"));
            AccessKey key = iam.createAccessKey(b -> b.userName("alice")).accessKey();
            assertThat(key.accessKeyId()).startsWith("AKIA");
            AwsCredentials asAlice = basic(key.accessKeyId(), key.secretAccessKey());
            try (StsClient sts = IdentityClients.sts(trent.endpoint(), asAlice);
                    IamClient aliceIam = IdentityClients.iam(trent.endpoint(), asAlice);
                    KmsClient kms = IdentityClients.kms(trent.endpoint(), asAlice)) {
                GetCallerIdentityResponse me = sts.getCallerIdentity();
                assertThat(me.arn()).isEqualTo(alice.arn());
                assertThat(me.userId()).isEqualTo(alice.userId());
                assertThat(me.account()).isEqualTo(account);
                assertThat(aliceIam.getUser().user().userName()).isEqualTo("alice");
                assertThat(kms.createKey(b -> b.description("alice's"))
                                .keyMetadata()
                                .awsAccountId())
                        .isEqualTo(account);

                // an inactive key authenticates no more, in KMS and in the Query services
                iam.updateAccessKey(
                        b -> b.userName("alice").accessKeyId(key.accessKeyId()).status(StatusType.INACTIVE));
                assertThatThrownBy(kms::listKeys).isInstanceOfSatisfying(AwsServiceException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException");
                    assertThat(e.statusCode()).isEqualTo(400);
                });
                assertThatThrownBy(sts::getCallerIdentity).isInstanceOfSatisfying(AwsServiceException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId");
                    assertThat(e.statusCode()).isEqualTo(403);
                });
            }
            assertThatThrownBy(() -> iam.deleteUser(b -> b.userName("alice")))
                    .isInstanceOfSatisfying(
                            DeleteConflictException.class,
                            e -> assertThat(e.awsErrorDetails().errorMessage())
                                    .isEqualTo("Cannot delete entity, must delete access keys first."));
            iam.deleteAccessKey(b -> b.userName("alice").accessKeyId(key.accessKeyId()));
            iam.deleteUserPolicy(b -> b.userName("alice").policyName("self"));
            iam.deleteUser(b -> b.userName("alice"));
            assertThatThrownBy(() -> iam.getUser(b -> b.userName("alice")))
                    .isInstanceOfSatisfying(NoSuchEntityException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(404);
                        assertThat(e.awsErrorDetails().errorMessage())
                                .isEqualTo("The user with name alice cannot be found.");
                    });
        }
    }

    @Test
    void assumeRoleGivesTemporaryCredentialsThatExpireAndSurviveARestart() {
        // The server runs 14 minutes behind (within SigV4's 15-minute window), so a 15-minute session it issues ends
        // a minute from now; moved 2 minutes ahead at the end, it finds the session expired while requests signed
        // now still fall in the window.
        MutableClock clock = new MutableClock();
        clock.advance(Duration.ofMinutes(-14));
        Path data = dir.resolve("data");
        try (RunningTrent trent = new RunningTrent(data, RunningTrent.testConfig(data), clock)) {
            String account = trent.admin().accountId();
            AwsCredentials asAlice;
            Role role;
            try (IamClient iam = IdentityClients.iam(trent.endpoint(), admin(trent))) {
                User alice = iam.createUser(b -> b.userName("alice")).user();
                AccessKey k = iam.createAccessKey(b -> b.userName("alice")).accessKey();
                asAlice = basic(k.accessKeyId(), k.secretAccessKey());
                role = iam.createRole(b -> b.roleName("app")
                                .assumeRolePolicyDocument(trustOf(alice.arn()))
                                .maxSessionDuration(7200))
                        .role();
                assertThat(URLDecoder.decode(role.assumeRolePolicyDocument(), StandardCharsets.UTF_8))
                        .isEqualTo(trustOf(alice.arn()));
                // authorization is enforced: the role's sessions may create keys
                iam.putRolePolicy(b -> b.roleName("app")
                        .policyName("keys")
                        .policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                                + "\"Action\":[\"kms:CreateKey\",\"kms:ListKeys\"],\"Resource\":\"*\"}]}"));
            }
            AssumeRoleResponse assumed;
            try (StsClient sts = IdentityClients.sts(trent.endpoint(), asAlice)) {
                assumed = sts.assumeRole(
                        b -> b.roleArn(role.arn()).roleSessionName("ci-job").durationSeconds(900));
            }
            Credentials c = assumed.credentials();
            assertThat(c.accessKeyId()).startsWith("ASIA").hasSize(20);
            assertThat(c.sessionToken()).isNotBlank();
            assertThat(c.expiration()).isBetween(Instant.now(), Instant.now().plus(Duration.ofMinutes(2)));
            assertThat(assumed.assumedRoleUser().arn())
                    .isEqualTo("arn:aws:sts::" + account + ":assumed-role/app/ci-job");
            assertThat(assumed.assumedRoleUser().assumedRoleId()).isEqualTo(role.roleId() + ":ci-job");

            try (StsClient sts = IdentityClients.sts(trent.endpoint(), session(c));
                    KmsClient kms = IdentityClients.kms(trent.endpoint(), session(c))) {
                GetCallerIdentityResponse me = sts.getCallerIdentity();
                assertThat(me.arn()).isEqualTo(assumed.assumedRoleUser().arn());
                assertThat(me.userId()).isEqualTo(role.roleId() + ":ci-job");
                KeyMetadata key = kms.createKey(b -> b.description("made by a role session"))
                        .keyMetadata();
                assertThat(key.arn()).contains(":" + account + ":key/");
            }
            // the access key id without its session token is not known
            try (KmsClient kms = IdentityClients.kms(trent.endpoint(), basic(c.accessKeyId(), c.secretAccessKey()))) {
                assertThatThrownBy(kms::listKeys)
                        .isInstanceOfSatisfying(
                                AwsServiceException.class,
                                e -> assertThat(e.awsErrorDetails().errorCode())
                                        .isEqualTo("UnrecognizedClientException"));
            }

            // the session works on after a restart
            trent.restart();
            try (KmsClient kms = IdentityClients.kms(trent.endpoint(), session(c))) {
                assertThat(kms.listKeys().keys()).isNotEmpty();
            }

            // and stops at its expiry
            clock.reset();
            clock.advance(Duration.ofMinutes(2));
            try (StsClient sts = IdentityClients.sts(trent.endpoint(), session(c));
                    KmsClient kms = IdentityClients.kms(trent.endpoint(), session(c))) {
                assertThatThrownBy(kms::listKeys).isInstanceOfSatisfying(AwsServiceException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ExpiredTokenException");
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorMessage())
                            .isEqualTo("The security token included in the request is expired");
                });
                assertThatThrownBy(sts::getCallerIdentity).isInstanceOfSatisfying(AwsServiceException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ExpiredToken");
                    assertThat(e.statusCode()).isEqualTo(403);
                });
            }
        }
    }

    @Test
    void organizationsMakeMemberAccountsReachedThroughTheirAccessRole() {
        try (RunningTrent trent = new RunningTrent(dir.resolve("data"));
                OrganizationsClient orgs = IdentityClients.organizations(trent.endpoint(), admin(trent));
                IamClient iam = IdentityClients.iam(trent.endpoint(), admin(trent));
                StsClient rootSts = IdentityClients.sts(trent.endpoint(), admin(trent))) {
            String management = trent.admin().accountId();
            assertThatThrownBy(orgs::describeOrganization).isInstanceOf(AwsOrganizationsNotInUseException.class);
            var org = orgs.createOrganization(b -> {}).organization();
            assertThat(org.masterAccountId()).isEqualTo(management);
            assertThat(org.id()).matches("o-[a-z0-9]{10}");

            CreateAccountStatus status = orgs.createAccount(
                            b -> b.email("dev@example.com").accountName("dev"))
                    .createAccountStatus();
            assertThat(status.id()).startsWith("car-");
            CreateAccountStatus done = orgs.describeCreateAccountStatus(b -> b.createAccountRequestId(status.id()))
                    .createAccountStatus();
            assertThat(done.state()).isEqualTo(CreateAccountState.SUCCEEDED);
            String member = done.accountId();
            assertThat(orgs.listAccounts().accounts())
                    .extracting(software.amazon.awssdk.services.organizations.model.Account::id)
                    .containsExactlyInAnyOrder(management, member);

            String roleArn = "arn:aws:iam::" + member + ":role/OrganizationAccountAccessRole";
            // the root user may not assume roles, as on AWS
            assertThatThrownBy(() -> rootSts.assumeRole(b -> b.roleArn(roleArn).roleSessionName("admin")))
                    .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorMessage())
                                .isEqualTo("Roles may not be assumed by root accounts.");
                    });
            // an administrator of the management account may
            iam.createUser(b -> b.userName("admin"));
            iam.attachUserPolicy(b -> b.userName("admin").policyArn("arn:aws:iam::aws:policy/AdministratorAccess"));
            AccessKey k = iam.createAccessKey(b -> b.userName("admin")).accessKey();
            Credentials c;
            try (StsClient sts = IdentityClients.sts(trent.endpoint(), basic(k.accessKeyId(), k.secretAccessKey()))) {
                c = sts.assumeRole(b -> b.roleArn(roleArn).roleSessionName("admin"))
                        .credentials();
            }
            try (KmsClient kms = IdentityClients.kms(trent.endpoint(), session(c));
                    StsClient sts = IdentityClients.sts(trent.endpoint(), session(c))) {
                assertThat(sts.getCallerIdentity().account()).isEqualTo(member);
                KeyMetadata key = kms.createKey(b -> b.description("in the member account"))
                        .keyMetadata();
                assertThat(key.awsAccountId()).isEqualTo(member);
                assertThat(key.arn()).startsWith("arn:aws:kms:us-east-1:" + member + ":key/");
            }
        }
    }
}
