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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.Tag;

/**
 * Terraform's AWS provider against Trent: aws_kms_key, aws_kms_alias, aws_kms_ciphertext and the
 * aws_kms_secrets data source; apply, a plan that finds nothing to change, and destroy.
 *
 * <p>Skipped unless {@code terraform} is on PATH and the AWS provider is in a local filesystem mirror (no network
 * is used): {@code $TRENT_TF_PLUGIN_MIRROR}, default {@code /opt/tf-plugins}.
 */
class TerraformTest {
    static final String PROVIDER_VERSION = "5.100.0";

    @TempDir
    Path dir;

    static Path mirror() {
        String m = System.getenv("TRENT_TF_PLUGIN_MIRROR");
        return Path.of(m != null ? m : "/opt/tf-plugins");
    }

    @Test
    void applyPlanDestroy() throws IOException {
        assumeTrue(Processes.onPath("terraform").isPresent(), "terraform is not on PATH");
        Path provider = mirror().resolve("registry.terraform.io/hashicorp/aws/" + PROVIDER_VERSION + "/linux_amd64");
        assumeTrue(
                Files.isDirectory(provider),
                "the AWS provider " + PROVIDER_VERSION + " is not in the mirror " + mirror());

        try (RunningTrent trent = new RunningTrent(dir.resolve("data"));
                KmsClient kms = trent.kms()) {
            Path work = Files.createDirectories(dir.resolve("tf"));
            Path cliConfig = dir.resolve("terraformrc");
            Files.writeString(cliConfig, """
                    provider_installation {
                      filesystem_mirror {
                        path    = "%s"
                        include = ["registry.terraform.io/hashicorp/aws"]
                      }
                    }
                    """.formatted(mirror()), StandardCharsets.UTF_8);
            Files.writeString(work.resolve("main.tf"), config(trent), StandardCharsets.UTF_8);

            Map<String, String> env = new HashMap<>();
            System.getenv().keySet().stream()
                    .filter(k -> k.startsWith("AWS_") || k.startsWith("TF_"))
                    .forEach(k -> env.put(k, null));
            env.put("TF_CLI_CONFIG_FILE", cliConfig.toString());
            env.put("TF_IN_AUTOMATION", "1");
            env.put("TF_INPUT", "0");
            env.put("CHECKPOINT_DISABLE", "1");
            env.put("TF_DATA_DIR", work.resolve(".terraform").toString());
            env.put("AWS_EC2_METADATA_DISABLED", "true");
            env.put(
                    "AWS_CONFIG_FILE",
                    Files.createFile(dir.resolve("aws-config")).toString());
            env.put(
                    "AWS_SHARED_CREDENTIALS_FILE",
                    Files.createFile(dir.resolve("aws-credentials")).toString());
            env.put("TF_LOG_PATH", dir.resolve("terraform.log").toString());
            env.put("TF_LOG_PROVIDER", "DEBUG"); // the provider's AWS requests and responses, for diagnosing failures

            tf(env, work, Duration.ofSeconds(120), "init", "-no-color", "-input=false");
            tf(env, work, Duration.ofSeconds(240), "apply", "-no-color", "-input=false", "-auto-approve");

            // the outputs, from the local state file (saves starting terraform once more)
            JsonNode outputs = SignedHttp.MAPPER
                    .readTree(work.resolve("terraform.tfstate").toFile())
                    .path("outputs");
            String keyId = outputs.path("key_id").path("value").asText();
            assertThat(outputs.path("decrypted").path("value").asText()).isEqualTo("hunter2");
            String account = trent.admin().accountId();
            assertThat(outputs.path("account_id").path("value").asText()).isEqualTo(account);
            assertThat(outputs.path("caller_arn").path("value").asText())
                    .isEqualTo("arn:aws:iam::" + account + ":root");
            assertThat(outputs.path("role_arn").path("value").asText())
                    .isEqualTo("arn:aws:iam::" + account + ":role/terraform-app");
            assertThat(outputs.path("alias_arn").path("value").asText())
                    .isEqualTo("arn:aws:kms:us-east-1:" + trent.admin().accountId() + ":alias/terraform");

            KeyMetadata m = kms.describeKey(b -> b.keyId("alias/terraform")).keyMetadata();
            assertThat(m.keyId()).isEqualTo(keyId);
            assertThat(m.description()).isEqualTo("made by terraform");
            assertThat(m.keyState()).isEqualTo(KeyState.ENABLED);
            assertThat(kms.listResourceTags(b -> b.keyId(keyId)).tags())
                    .extracting(Tag::tagKey, Tag::tagValue)
                    .contains(org.assertj.core.groups.Tuple.tuple("owner", "trent-it"));

            // a second plan finds the real infrastructure matches the configuration
            Processes.Result plan =
                    run(env, work, Duration.ofSeconds(180), "plan", "-no-color", "-input=false", "-detailed-exitcode");
            assertThat(plan.exitCode())
                    .as("plan must find no changes (0); 2 means a diff:\n%s\n%s", plan, log())
                    .isZero();

            tf(env, work, Duration.ofSeconds(180), "destroy", "-no-color", "-input=false", "-auto-approve");
            KeyMetadata gone = kms.describeKey(b -> b.keyId(keyId)).keyMetadata();
            assertThat(gone.keyState()).isEqualTo(KeyState.PENDING_DELETION);
            assertThat(gone.deletionDate()).isNotNull();
            assertThat(kms.listAliases(b -> b.keyId(keyId)).aliases()).isEmpty();
        }
    }

    private String config(RunningTrent trent) {
        return """
                terraform {
                  required_providers {
                    aws = {
                      source  = "hashicorp/aws"
                      version = "%s"
                    }
                  }
                }

                provider "aws" {
                  region                      = "us-east-1"
                  access_key  = "%s"
                  secret_key  = "%s"
                  max_retries = 1
                  endpoints {
                    kms = "%s"
                    sts = "%s"
                    iam = "%s"
                  }
                }

                resource "aws_kms_key" "main" {
                  description             = "made by terraform"
                  deletion_window_in_days = 7
                  tags = {
                    owner = "trent-it"
                    env   = "test"
                  }
                }

                resource "aws_kms_alias" "main" {
                  name          = "alias/terraform"
                  target_key_id = aws_kms_key.main.key_id
                }

                resource "aws_kms_ciphertext" "secret" {
                  key_id    = aws_kms_alias.main.target_key_id
                  plaintext = "hunter2"
                  context = {
                    app = "billing"
                  }
                }

                data "aws_kms_secrets" "secret" {
                  secret {
                    name    = "password"
                    payload = aws_kms_ciphertext.secret.ciphertext_blob
                    context = {
                      app = "billing"
                    }
                  }
                }

                data "aws_caller_identity" "current" {}

                resource "aws_iam_role" "app" {
                  name = "terraform-app"
                  assume_role_policy = jsonencode({
                    Version = "2012-10-17"
                    Statement = [{
                      Effect    = "Allow"
                      Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }
                      Action    = "sts:AssumeRole"
                    }]
                  })
                  tags = {
                    owner = "trent-it"
                  }
                }

                resource "aws_iam_role_policy_attachment" "app" {
                  role       = aws_iam_role.app.name
                  policy_arn = "arn:aws:iam::aws:policy/AWSKeyManagementServicePowerUser"
                }

                resource "aws_iam_user" "ci" {
                  name = "terraform-ci"
                  path = "/ci/"
                }

                resource "aws_iam_user_policy" "ci" {
                  name = "use-key"
                  user = aws_iam_user.ci.name
                  policy = jsonencode({
                    Version = "2012-10-17"
                    Statement = [{
                      Effect   = "Allow"
                      Action   = ["kms:Encrypt", "kms:Decrypt"]
                      Resource = aws_kms_key.main.arn
                    }]
                  })
                }

                output "account_id" {
                  value = data.aws_caller_identity.current.account_id
                }

                output "caller_arn" {
                  value = data.aws_caller_identity.current.arn
                }

                output "role_arn" {
                  value = aws_iam_role.app.arn
                }

                output "key_id" {
                  value = aws_kms_key.main.key_id
                }

                output "alias_arn" {
                  value = aws_kms_alias.main.arn
                }

                output "decrypted" {
                  value     = data.aws_kms_secrets.secret.plaintext["password"]
                  sensitive = true
                }
                """.formatted(
                        PROVIDER_VERSION,
                        trent.admin().accessKeyId(),
                        trent.admin().secretAccessKey(),
                        trent.endpoint(),
                        trent.endpoint(),
                        trent.endpoint());
    }

    private Processes.Result run(Map<String, String> env, Path work, Duration timeout, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("terraform");
        cmd.addAll(List.of(args));
        long start = System.nanoTime();
        Processes.Result r = Processes.run(cmd, env, work, timeout);
        System.out.printf(
                "terraform %s: exit %d in %d ms%n", args[0], r.exitCode(), (System.nanoTime() - start) / 1_000_000);
        return r;
    }

    /** Runs terraform and requires success; on failure the message has terraform's output and the provider log. */
    private Processes.Result tf(Map<String, String> env, Path work, Duration timeout, String... args) {
        Processes.Result r = run(env, work, timeout, args);
        assertThat(r.exitCode())
                .as("terraform %s failed:\n%s\n%s", args[0], r, log())
                .isZero();
        return r;
    }

    /** The last part of the provider's debug log: the failing AWS call is near its end. */
    private String log() {
        try {
            Path log = dir.resolve("terraform.log");
            if (!Files.exists(log)) return "(no terraform log)";
            String s = Files.readString(log, StandardCharsets.UTF_8);
            return "--- terraform.log (tail)\n" + (s.length() > 12000 ? s.substring(s.length() - 12000) : s);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
