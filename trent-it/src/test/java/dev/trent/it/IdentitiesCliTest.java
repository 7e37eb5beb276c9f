package dev.trent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The identity services through the real aws CLI (its Query protocol client for IAM and STS, AWS JSON for
 * Organizations): users, access keys, policies, roles, tags, AssumeRole and its temporary credentials, and accounts
 * made by Organizations. Skipped when there is no {@code aws} on PATH.
 */
class IdentitiesCliTest {
    @TempDir
    static Path dir;

    static RunningTrent trent;
    static Path work;
    static Map<String, String> env;

    @BeforeAll
    static void start() throws IOException {
        assumeTrue(Processes.onPath("aws").isPresent(), "the aws CLI is not on PATH");
        trent = new RunningTrent(dir.resolve("data"));
        work = Files.createDirectories(dir.resolve("work"));
        env = new HashMap<>();
        System.getenv().keySet().stream().filter(k -> k.startsWith("AWS_")).forEach(k -> env.put(k, null));
        env.put("AWS_ACCESS_KEY_ID", trent.admin().accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", trent.admin().secretAccessKey());
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_CONFIG_FILE", Files.createFile(dir.resolve("aws-config")).toString());
        env.put(
                "AWS_SHARED_CREDENTIALS_FILE",
                Files.createFile(dir.resolve("aws-credentials")).toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_PAGER", "");
        // call a pyenv shim's real aws directly (saves the shim's start-up per call)
        Path aws = Processes.onPath("aws").orElseThrow();
        if (aws.getParent().endsWith("shims") && Processes.onPath("pyenv").isPresent()) {
            Processes.Result r = Processes.run(List.of("pyenv", "which", "aws"), Map.of(), dir, Duration.ofSeconds(20));
            if (r.exitCode() == 0) {
                env.put(
                        "PATH",
                        Path.of(r.stdout().trim()).getParent() + java.io.File.pathSeparator + System.getenv("PATH"));
            }
        }
    }

    @AfterAll
    static void stop() {
        if (trent != null) trent.close();
    }

    /** Runs {@code aws} with the admin's credentials, or with {@code as} (access key id, secret[, token]). */
    static Processes.Result aws(Map<String, String> as, String... args) {
        List<String> cmd = new ArrayList<>(
                List.of("aws", "--endpoint-url", trent.endpoint().toString(), "--output", "json"));
        cmd.addAll(List.of(args));
        Map<String, String> e = new HashMap<>(env);
        e.putAll(as);
        return Processes.run(cmd, e, work, Duration.ofSeconds(60));
    }

    static JsonNode ok(Map<String, String> as, String... args) {
        Processes.Result r = aws(as, args);
        assertThat(r.exitCode()).as("%s", r).isZero();
        try {
            return r.stdout().isBlank() ? SignedHttp.MAPPER.createObjectNode() : SignedHttp.MAPPER.readTree(r.stdout());
        } catch (IOException e) {
            throw new AssertionError(r.toString(), e);
        }
    }

    static JsonNode ok(String... args) {
        return ok(Map.of(), args);
    }

    static String fails(Map<String, String> as, String... args) {
        Processes.Result r = aws(as, args);
        assertThat(r.exitCode()).as("%s", r).isNotZero();
        return r.stderr();
    }

    static Map<String, String> keys(JsonNode accessKey) {
        return Map.of(
                "AWS_ACCESS_KEY_ID", accessKey.get("AccessKeyId").asText(),
                "AWS_SECRET_ACCESS_KEY", accessKey.get("SecretAccessKey").asText());
    }

    @Test
    void usersPoliciesRolesAndAssumeRole() throws IOException {
        String account = trent.admin().accountId();
        JsonNode user = ok("iam", "create-user", "--user-name", "alice", "--tags", "Key=team,Value=kms")
                .get("User");
        assertThat(user.get("Arn").asText()).isEqualTo("arn:aws:iam::" + account + ":user/alice");
        ok("iam", "tag-user", "--user-name", "alice", "--tags", "Key=env,Value=ci");
        assertThat(ok("iam", "list-user-tags", "--user-name", "alice").get("Tags"))
                .hasSize(2);
        assertThat(ok("iam", "get-user", "--user-name", "alice")
                        .get("User")
                        .get("UserId")
                        .asText())
                .startsWith("AIDA");
        assertThat(ok("iam", "list-users").get("Users"))
                .extracting(u -> u.get("UserName").asText())
                .contains("alice");

        Path policy = work.resolve("kms-policy.json");
        Files.writeString(policy, """
                {"Version": "2012-10-17",
                 "Statement": [{"Effect": "Allow", "Action": ["kms:Encrypt", "kms:Decrypt"], "Resource": "*"}]}
                """, StandardCharsets.UTF_8);
        ok(
                "iam",
                "put-user-policy",
                "--user-name",
                "alice",
                "--policy-name",
                "use-keys",
                "--policy-document",
                "file://" + policy);
        // the CLI decodes IAM's URL-encoded documents into JSON
        JsonNode got = ok("iam", "get-user-policy", "--user-name", "alice", "--policy-name", "use-keys");
        assertThat(got.get("PolicyDocument")
                        .get("Statement")
                        .get(0)
                        .get("Effect")
                        .asText())
                .isEqualTo("Allow");
        String policyArn = ok(
                        "iam", "create-policy", "--policy-name", "KeyUsers", "--policy-document", "file://" + policy)
                .get("Policy")
                .get("Arn")
                .asText();
        ok("iam", "attach-user-policy", "--user-name", "alice", "--policy-arn", policyArn);
        assertThat(ok("iam", "list-attached-user-policies", "--user-name", "alice")
                        .get("AttachedPolicies"))
                .extracting(p -> p.get("PolicyArn").asText())
                .containsExactly(policyArn);

        JsonNode key = ok("iam", "create-access-key", "--user-name", "alice").get("AccessKey");
        Map<String, String> asAlice = keys(key);
        JsonNode me = ok(asAlice, "sts", "get-caller-identity");
        assertThat(me.get("Arn").asText()).isEqualTo(user.get("Arn").asText());
        assertThat(me.get("Account").asText()).isEqualTo(account);
        assertThat(ok("iam", "list-access-keys", "--user-name", "alice").get("AccessKeyMetadata"))
                .hasSize(1);

        Path trust = work.resolve("trust.json");
        Files.writeString(
                trust,
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":" + "{\"AWS\":\""
                        + user.get("Arn").asText() + "\"},\"Action\":[\"sts:AssumeRole\",\"sts:TagSession\"]}]}",
                StandardCharsets.UTF_8);
        JsonNode role = ok(
                        "iam",
                        "create-role",
                        "--role-name",
                        "app",
                        "--assume-role-policy-document",
                        "file://" + trust,
                        "--description",
                        "the app")
                .get("Role");
        assertThat(role.get("AssumeRolePolicyDocument")
                        .get("Statement")
                        .get(0)
                        .get("Principal")
                        .get("AWS")
                        .asText())
                .isEqualTo(user.get("Arn").asText());
        ok("iam", "tag-role", "--role-name", "app", "--tags", "Key=team,Value=kms");
        ok(
                "iam",
                "put-role-policy",
                "--role-name",
                "app",
                "--policy-name",
                "use-keys",
                "--policy-document",
                "file://" + policy);
        ok(
                "iam",
                "attach-role-policy",
                "--role-name",
                "app",
                "--policy-arn",
                "arn:aws:iam::aws:policy/AWSKeyManagementServicePowerUser");

        JsonNode assumed = ok(
                asAlice,
                "sts",
                "assume-role",
                "--role-arn",
                role.get("Arn").asText(),
                "--role-session-name",
                "cli",
                "--tags",
                "Key=project,Value=trent");
        JsonNode creds = assumed.get("Credentials");
        Map<String, String> asRole = new HashMap<>(keys(creds));
        asRole.put("AWS_SESSION_TOKEN", creds.get("SessionToken").asText());
        assertThat(ok(asRole, "sts", "get-caller-identity").get("Arn").asText())
                .isEqualTo("arn:aws:sts::" + account + ":assumed-role/app/cli");
        assertThat(ok(asRole, "kms", "create-key", "--description", "by a role")
                        .get("KeyMetadata")
                        .get("AWSAccountId")
                        .asText())
                .isEqualTo(account);
        // without its session token the temporary key is not known
        assertThat(fails(keys(creds), "kms", "list-keys")).contains("UnrecognizedClientException");

        // a root user cannot assume roles
        assertThat(fails(
                        Map.of(),
                        "sts",
                        "assume-role",
                        "--role-arn",
                        role.get("Arn").asText(),
                        "--role-session-name",
                        "root"))
                .contains("AccessDenied")
                .contains("Roles may not be assumed by root accounts.");

        // clean up in IAM's order
        assertThat(fails(Map.of(), "iam", "delete-user", "--user-name", "alice"))
                .contains("DeleteConflict");
        ok(
                "iam",
                "delete-access-key",
                "--user-name",
                "alice",
                "--access-key-id",
                key.get("AccessKeyId").asText());
        ok("iam", "delete-user-policy", "--user-name", "alice", "--policy-name", "use-keys");
        ok("iam", "detach-user-policy", "--user-name", "alice", "--policy-arn", policyArn);
        ok("iam", "delete-user", "--user-name", "alice");
        assertThat(fails(Map.of(), "iam", "get-user", "--user-name", "alice"))
                .contains("NoSuchEntity")
                .contains("The user with name alice cannot be found.");
        ok("iam", "delete-policy", "--policy-arn", policyArn);
    }

    @Test
    void organizationsCreateAccounts() {
        JsonNode org = ok("organizations", "create-organization").get("Organization");
        assertThat(org.get("MasterAccountId").asText()).isEqualTo(trent.admin().accountId());
        String requestId = ok("organizations", "create-account", "--email", "dev@example.com", "--account-name", "dev")
                .get("CreateAccountStatus")
                .get("Id")
                .asText();
        JsonNode status = ok(
                        "organizations", "describe-create-account-status", "--create-account-request-id", requestId)
                .get("CreateAccountStatus");
        assertThat(status.get("State").asText()).isEqualTo("SUCCEEDED");
        assertThat(ok("organizations", "list-accounts").get("Accounts"))
                .extracting(a -> a.get("Id").asText())
                .contains(status.get("AccountId").asText(), trent.admin().accountId());
        assertThat(fails(Map.of(), "organizations", "create-organization")).contains("AlreadyInOrganizationException");
    }
}
