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
 * The import walk-through of the AWS KMS Developer Guide ("Importing key material"), step by step with the real aws
 * CLI and openssl: create a key with Origin EXTERNAL, get the wrapping public key and import token, make 256 bits of
 * key material with {@code openssl rand}, wrap it with {@code openssl pkeyutl} (RSAES_OAEP_SHA_256), import it, use
 * the key, delete the material and import it again. Skipped when aws or openssl is not on PATH.
 */
class AwsCliImportKeyMaterialTest {
    @TempDir
    static Path dir;

    static RunningTrent trent;
    static Map<String, String> env;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Processes.onPath("aws").isPresent(), "the aws CLI is not on PATH; skipping the import walk-through");
        assumeTrue(Processes.onPath("openssl").isPresent(), "openssl is not on PATH; skipping the import walk-through");
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
                Processes.run(List.of("bash", "-c", "set -euo pipefail; " + script), env, dir, Duration.ofSeconds(300));
        assertThat(r.exitCode()).as("%s", r).isZero();
        return r;
    }

    @Test
    void theDeveloperGuideWalkThroughImportsKeyMaterialWrappedByOpenssl() {
        String out = bash(String.join(
                        "\n",
                        "kms() { aws --endpoint-url $T kms \"$@\"; }",
                        "# Step 1: a KMS key with no key material",
                        "K=$(kms create-key --origin EXTERNAL --query KeyMetadata.KeyId --output text)",
                        "echo \"state1=$(kms describe-key --key-id $K --query KeyMetadata.KeyState --output text)\"",
                        "# Step 2: the public key and the import token",
                        "kms get-parameters-for-import --key-id $K --wrapping-algorithm RSAES_OAEP_SHA_256"
                                + " --wrapping-key-spec RSA_2048 > params.json",
                        "python3 -c 'import json,base64,sys; p=json.load(open(\"params.json\"));"
                                + " open(\"WrappingPublicKey.bin\",\"wb\").write(base64.b64decode(p[\"PublicKey\"]));"
                                + " open(\"ImportToken.bin\",\"wb\").write(base64.b64decode(p[\"ImportToken\"]))'",
                        "# Step 3: generate and encrypt the key material",
                        "openssl rand -out PlaintextKeyMaterial.bin 32",
                        "openssl pkeyutl -encrypt -in PlaintextKeyMaterial.bin -out EncryptedKeyMaterial.bin"
                                + " -inkey WrappingPublicKey.bin -keyform DER -pubin -pkeyopt rsa_padding_mode:oaep"
                                + " -pkeyopt rsa_oaep_md:sha256 -pkeyopt rsa_mgf1_md:sha256",
                        "# Step 4: import it",
                        "M=$(kms import-key-material --key-id $K --encrypted-key-material fileb://EncryptedKeyMaterial.bin"
                                + " --import-token fileb://ImportToken.bin --expiration-model KEY_MATERIAL_DOES_NOT_EXPIRE"
                                + " --query KeyMaterialId --output text)",
                        "echo \"material=$M\"",
                        "echo \"state2=$(kms describe-key --key-id $K --query KeyMetadata.KeyState --output text)\"",
                        "printf 'secret data' > data.txt",
                        "kms encrypt --key-id $K --plaintext fileb://data.txt --query CiphertextBlob --output text"
                                + " | base64 -d > data.enc",
                        "echo \"plain=$(kms decrypt --ciphertext-blob fileb://data.enc --query Plaintext --output text"
                                + " | base64 -d)\"",
                        "# the same token is good for one import only",
                        "if kms import-key-material --key-id $K --encrypted-key-material fileb://EncryptedKeyMaterial.bin"
                                + " --import-token fileb://ImportToken.bin --expiration-model KEY_MATERIAL_DOES_NOT_EXPIRE"
                                + " 2> reuse.err; then exit 3; fi",
                        "grep -o InvalidImportTokenException reuse.err",
                        "# delete the material, then reimport the same material with new parameters",
                        "kms delete-imported-key-material --key-id $K > /dev/null",
                        "echo \"state3=$(kms describe-key --key-id $K --query KeyMetadata.KeyState --output text)\"",
                        "kms get-parameters-for-import --key-id $K --wrapping-algorithm RSAES_OAEP_SHA_1"
                                + " --wrapping-key-spec RSA_2048 > params2.json",
                        "python3 -c 'import json,base64,sys; p=json.load(open(\"params2.json\"));"
                                + " open(\"WrappingPublicKey2.bin\",\"wb\").write(base64.b64decode(p[\"PublicKey\"]));"
                                + " open(\"ImportToken2.bin\",\"wb\").write(base64.b64decode(p[\"ImportToken\"]))'",
                        "openssl pkeyutl -encrypt -in PlaintextKeyMaterial.bin -out EncryptedKeyMaterial2.bin"
                                + " -inkey WrappingPublicKey2.bin -keyform DER -pubin -pkeyopt rsa_padding_mode:oaep"
                                + " -pkeyopt rsa_oaep_md:sha1",
                        "V=$(python3 -c 'import time; print(int(time.time()) + 86400)')",
                        "kms import-key-material --key-id $K --encrypted-key-material fileb://EncryptedKeyMaterial2.bin"
                                + " --import-token fileb://ImportToken2.bin --expiration-model KEY_MATERIAL_EXPIRES"
                                + " --valid-to $V > /dev/null",
                        "echo \"state4=$(kms describe-key --key-id $K --query KeyMetadata.KeyState --output text)\"",
                        "echo \"expiration=$(kms describe-key --key-id $K --query KeyMetadata.ExpirationModel --output text)\"",
                        "echo \"again=$(kms decrypt --ciphertext-blob fileb://data.enc --query Plaintext --output text"
                                + " | base64 -d)\""))
                .stdout();
        assertThat(out)
                .contains("state1=PendingImport")
                .containsPattern("material=[0-9a-f]{64}")
                .contains("state2=Enabled")
                .contains("plain=secret data")
                .contains("InvalidImportTokenException")
                .contains("state3=PendingImport")
                .contains("state4=Enabled")
                .contains("expiration=KEY_MATERIAL_EXPIRES")
                .contains("again=secret data");
    }
}
