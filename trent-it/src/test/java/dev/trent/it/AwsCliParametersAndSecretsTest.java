package dev.trent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The examples of docs/parameters-and-secrets.md with the real aws CLI: {@code aws ssm} and {@code aws
 * secretsmanager} against Trent, as the root user and as an IAM user allowed only {@code /app/dev/*}. Skipped when
 * there is no {@code aws} on PATH.
 */
class AwsCliParametersAndSecretsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static RunningTrent trent;
    static AwsCli cli;

    @BeforeAll
    static void start() throws IOException {
        assumeTrue(Processes.onPath("aws").isPresent(), "the aws CLI is not on PATH; skipping the CLI examples");
        trent = new RunningTrent(dir.resolve("data"));
        cli = AwsCli.find(trent, dir).orElseThrow();
    }

    @AfterAll
    static void stop() {
        if (trent != null) trent.close();
    }

    private static Processes.Result aws(Map<String, String> as, String... args) {
        return cli.run(as, args);
    }

    private static JsonNode ok(Map<String, String> as, String... args) throws IOException {
        Processes.Result r = aws(as, args);
        assertThat(r.exitCode()).as("%s", r).isZero();
        return r.stdout().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.stdout());
    }

    @Test
    void parameterStoreWithTheCli() throws IOException {
        Map<String, String> root = Map.of();
        ok(
                root,
                "ssm",
                "put-parameter",
                "--name",
                "/app/dev/db-url",
                "--value",
                "jdbc:postgresql://db/dev",
                "--type",
                "String");
        ok(
                root,
                "ssm",
                "put-parameter",
                "--name",
                "/app/dev/db-password",
                "--value",
                "hunter2",
                "--type",
                "SecureString");
        ok(
                root,
                "ssm",
                "put-parameter",
                "--name",
                "/app/prod/db-password",
                "--value",
                "prod-secret",
                "--type",
                "SecureString");
        JsonNode got = ok(root, "ssm", "get-parameter", "--name", "/app/dev/db-password", "--with-decryption");
        assertThat(got.path("Parameter").path("Value").asText()).isEqualTo("hunter2");
        JsonNode byPath =
                ok(root, "ssm", "get-parameters-by-path", "--path", "/app", "--recursive", "--with-decryption");
        assertThat(byPath.path("Parameters")).hasSize(3);
        JsonNode described =
                ok(root, "ssm", "describe-parameters", "--parameter-filters", "Key=Type,Values=SecureString");
        assertThat(described.path("Parameters")).hasSize(2);
        Processes.Result exists =
                aws(root, "ssm", "put-parameter", "--name", "/app/dev/db-url", "--value", "x", "--type", "String");
        assertThat(exists.exitCode()).isNotZero();
        assertThat(exists.stderr()).contains("ParameterAlreadyExists");

        // an IAM user allowed only /app/dev/*
        String account = trent.admin().accountId();
        ok(root, "iam", "create-user", "--user-name", "dev");
        ok(
                root,
                "iam",
                "put-user-policy",
                "--user-name",
                "dev",
                "--policy-name",
                "dev-params",
                "--policy-document",
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"ssm:GetParameter*\","
                        + "\"Resource\":\"arn:aws:ssm:us-east-1:" + account + ":parameter/app/dev/*\"}]}");
        JsonNode key =
                ok(root, "iam", "create-access-key", "--user-name", "dev").path("AccessKey");
        Map<String, String> dev = Map.of(
                "AWS_ACCESS_KEY_ID", key.path("AccessKeyId").asText(),
                "AWS_SECRET_ACCESS_KEY", key.path("SecretAccessKey").asText());
        assertThat(ok(dev, "ssm", "get-parameter", "--name", "/app/dev/db-url")
                        .path("Parameter")
                        .path("Value")
                        .asText())
                .isEqualTo("jdbc:postgresql://db/dev");
        // the AWS managed key alias/aws/ssm lets the account's principals decrypt through SSM
        assertThat(ok(dev, "ssm", "get-parameter", "--name", "/app/dev/db-password", "--with-decryption")
                        .path("Parameter")
                        .path("Value")
                        .asText())
                .isEqualTo("hunter2");
        Processes.Result denied = aws(dev, "ssm", "get-parameter", "--name", "/app/prod/db-password");
        assertThat(denied.exitCode()).isNotZero();
        assertThat(denied.stderr()).contains("AccessDeniedException").contains("ssm:GetParameter");
    }

    @Test
    void secretsManagerWithTheCli() throws IOException {
        Map<String, String> root = Map.of();
        JsonNode created = ok(
                root,
                "secretsmanager",
                "create-secret",
                "--name",
                "prod/db",
                "--secret-string",
                "{\"user\":\"app\",\"password\":\"p1\"}");
        assertThat(created.path("ARN").asText()).contains(":secret:prod/db-");
        ok(
                root,
                "secretsmanager",
                "put-secret-value",
                "--secret-id",
                "prod/db",
                "--secret-string",
                "{\"user\":\"app\",\"password\":\"p2\"}");
        assertThat(ok(root, "secretsmanager", "get-secret-value", "--secret-id", "prod/db")
                        .path("SecretString")
                        .asText())
                .contains("p2");
        assertThat(ok(
                                root,
                                "secretsmanager",
                                "get-secret-value",
                                "--secret-id",
                                "prod/db",
                                "--version-stage",
                                "AWSPREVIOUS")
                        .path("SecretString")
                        .asText())
                .contains("p1");
        assertThat(ok(root, "secretsmanager", "list-secrets").path("SecretList"))
                .hasSize(1);
        assertThat(ok(root, "secretsmanager", "get-random-password", "--password-length", "20", "--exclude-punctuation")
                        .path("RandomPassword")
                        .asText())
                .matches("[A-Za-z0-9]{20}");
        JsonNode deleted =
                ok(root, "secretsmanager", "delete-secret", "--secret-id", "prod/db", "--recovery-window-in-days", "7");
        assertThat(deleted.has("DeletionDate")).isTrue();
        Processes.Result marked = aws(root, "secretsmanager", "get-secret-value", "--secret-id", "prod/db");
        assertThat(marked.stderr()).contains("InvalidRequestException").contains("marked for deletion");
        ok(root, "secretsmanager", "restore-secret", "--secret-id", "prod/db");
        assertThat(ok(root, "secretsmanager", "describe-secret", "--secret-id", "prod/db")
                        .path("VersionIdsToStages"))
                .hasSize(2);
    }
}
