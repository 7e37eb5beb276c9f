package dev.trent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.CreateKeyResponse;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.KeyState;

/** The README quick start, through the AWS SDK for Java v2, including a restart. */
class QuickStartSdkTest {
    @TempDir
    Path dir;

    @Test
    void createAliasEncryptDecryptSurvivesRestart() {
        try (RunningTrent trent = new RunningTrent(dir)) {
            byte[] secret = "the launch codes".getBytes(StandardCharsets.UTF_8);
            String keyId;
            SdkBytes blob;
            try (KmsClient kms = trent.kms()) {
                CreateKeyResponse created = kms.createKey(b -> b.description("demo"));
                keyId = created.keyMetadata().keyId();
                assertThat(created.keyMetadata().keyState()).isEqualTo(KeyState.ENABLED);
                assertThat(created.keyMetadata().arn())
                        .isEqualTo("arn:aws:kms:us-east-1:" + trent.admin().accountId() + ":key/" + keyId);
                kms.createAlias(b -> b.aliasName("alias/demo").targetKeyId(keyId));
                blob = kms.encrypt(b -> b.keyId("alias/demo")
                                .plaintext(SdkBytes.fromByteArray(secret))
                                .encryptionContext(Map.of("app", "billing")))
                        .ciphertextBlob();
            }
            trent.restart();
            try (KmsClient kms = trent.kms()) {
                DecryptResponse d =
                        kms.decrypt(b -> b.ciphertextBlob(blob).encryptionContext(Map.of("app", "billing")));
                assertThat(d.plaintext().asByteArray()).isEqualTo(secret);
                assertThat(d.keyId()).endsWith(keyId);
                assertThat(kms.describeKey(b -> b.keyId("alias/demo"))
                                .keyMetadata()
                                .description())
                        .isEqualTo("demo");
                assertThatThrownBy(() ->
                                kms.decrypt(b -> b.ciphertextBlob(blob).encryptionContext(Map.of("app", "other"))))
                        .isInstanceOf(InvalidCiphertextException.class);
            }
        }
    }
}
