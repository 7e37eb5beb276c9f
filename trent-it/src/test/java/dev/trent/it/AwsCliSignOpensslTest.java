package dev.trent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code aws kms sign} and {@code aws kms get-public-key} with the real aws CLI, the signature checked by {@code
 * openssl}. Skipped when aws or openssl is not on PATH.
 */
class AwsCliSignOpensslTest {
    @TempDir
    static Path dir;

    static RunningTrent trent;
    static Map<String, String> env;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Processes.onPath("aws").isPresent(), "the aws CLI is not on PATH; skipping the aws/openssl test");
        assumeTrue(Processes.onPath("openssl").isPresent(), "openssl is not on PATH; skipping the aws/openssl test");
        trent = new RunningTrent(dir.resolve("data"));
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
        env.put("T", "http://localhost:" + trent.port());
    }

    @AfterAll
    static void stop() {
        if (trent != null) trent.close();
    }

    private static Processes.Result bash(String script) {
        Processes.Result r =
                Processes.run(List.of("bash", "-c", "set -euo pipefail; " + script), env, dir, Duration.ofSeconds(90));
        assertThat(r.exitCode()).as("%s", r).isZero();
        return r;
    }

    @Test
    void awsCliSignaturesVerifyWithOpenssl() {
        for (String[] c : List.of(
                new String[] {"ECC_NIST_P256", "ECDSA_SHA_256", "-sha256"},
                new String[] {"RSA_2048", "RSASSA_PKCS1_V1_5_SHA_256", "-sha256"},
                new String[] {
                    "RSA_2048", "RSASSA_PSS_SHA_384", "-sha384 -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:48"
                })) {
            String out = bash("K=$(aws --endpoint-url $T kms create-key --key-spec " + c[0]
                            + " --key-usage SIGN_VERIFY --query KeyMetadata.KeyId --output text)\n"
                            + "printf 'signed by the aws CLI' > msg.txt\n"
                            + "aws --endpoint-url $T kms sign --key-id $K --message fileb://msg.txt --message-type RAW"
                            + " --signing-algorithm " + c[1]
                            + " --query Signature --output text | base64 -d > sig.bin\n"
                            + "aws --endpoint-url $T kms get-public-key --key-id $K --query PublicKey --output text"
                            + " | base64 -d > pub.der\n"
                            + "openssl pkey -pubin -inform DER -in pub.der -out pub.pem\n"
                            + "openssl dgst " + c[2] + " -verify pub.pem -signature sig.bin msg.txt\n"
                            + "printf 'changed' > other.txt\n"
                            + "if openssl dgst " + c[2]
                            + " -verify pub.pem -signature sig.bin other.txt; then exit 3; fi\n")
                    .stdout();
            assertThat(out).as(c[1]).contains("Verified OK");
        }
    }
}
