package dev.trent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.EncryptResponse;
import software.amazon.awssdk.services.kms.model.IncorrectKeyException;
import software.amazon.awssdk.services.kms.model.ReEncryptResponse;

/**
 * Manual rotation (docs/key-rotation.md): callers use an alias; rotating means a new key and UpdateAlias. Old
 * ciphertexts keep decrypting with the old key, because a ciphertext names its key, not the alias; the alias then
 * names the new key, which is how this differs from automatic rotation (same key, new material).
 */
class ManualRotationByAliasTest {
    @TempDir
    static Path dir;

    static RunningTrent trent;
    static KmsClient kms;

    @BeforeAll
    static void start() {
        trent = new RunningTrent(dir);
        kms = trent.kms();
    }

    @AfterAll
    static void stop() {
        kms.close();
        trent.close();
    }

    @Test
    void updateAliasToANewKeyWhileOldCiphertextsDecryptWithTheOldKey() {
        String oldKey = kms.createKey(b -> b.description("2025")).keyMetadata().arn();
        kms.createAlias(b -> b.aliasName("alias/app").targetKeyId(oldKey));
        EncryptResponse before = kms.encrypt(b -> b.keyId("alias/app").plaintext(SdkBytes.fromUtf8String("old")));
        assertThat(before.keyId()).isEqualTo(oldKey);

        String newKey = kms.createKey(b -> b.description("2026")).keyMetadata().arn();
        kms.updateAlias(b -> b.aliasName("alias/app").targetKeyId(newKey));
        EncryptResponse after = kms.encrypt(b -> b.keyId("alias/app").plaintext(SdkBytes.fromUtf8String("new")));
        assertThat(after.keyId()).isEqualTo(newKey);

        DecryptResponse old = kms.decrypt(b -> b.ciphertextBlob(before.ciphertextBlob()));
        assertThat(old.plaintext().asUtf8String()).isEqualTo("old");
        assertThat(old.keyId()).isEqualTo(oldKey);
        assertThat(kms.decrypt(b -> b.ciphertextBlob(after.ciphertextBlob())).keyId())
                .isEqualTo(newKey);
        // unlike automatic rotation, the alias no longer names the key of the old ciphertexts
        assertThatThrownBy(() -> kms.decrypt(
                        b -> b.ciphertextBlob(before.ciphertextBlob()).keyId("alias/app")))
                .isInstanceOf(IncorrectKeyException.class);

        // ReEncrypt moves old ciphertexts to the new key; then the old key can go
        ReEncryptResponse moved =
                kms.reEncrypt(b -> b.ciphertextBlob(before.ciphertextBlob()).destinationKeyId("alias/app"));
        assertThat(moved.sourceKeyId()).isEqualTo(oldKey);
        assertThat(moved.keyId()).isEqualTo(newKey);
        kms.disableKey(b -> b.keyId(oldKey));
        assertThat(kms.decrypt(b -> b.ciphertextBlob(moved.ciphertextBlob()))
                        .plaintext()
                        .asUtf8String())
                .isEqualTo("old");
    }
}
