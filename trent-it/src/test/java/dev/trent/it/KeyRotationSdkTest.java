package dev.trent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.ConflictException;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.GetKeyRotationStatusResponse;
import software.amazon.awssdk.services.kms.model.IncludeKeyMaterial;
import software.amazon.awssdk.services.kms.model.KeyMaterialState;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.ListKeyRotationsResponse;
import software.amazon.awssdk.services.kms.model.RotationType;
import software.amazon.awssdk.services.kms.model.UnsupportedOperationException;

/**
 * Automatic and on-demand rotation through the AWS SDK for Java v2, on a server whose clock the test moves: old
 * ciphertexts keep decrypting (Decrypt names the key material it used), new ones use the newest material.
 */
class KeyRotationSdkTest {
    @TempDir
    static Path dir;

    static final MutableClock clock = new MutableClock();
    static RunningTrent trent;
    static KmsClient kms;

    @BeforeAll
    static void start() {
        trent = new RunningTrent(dir, RunningTrent.testConfig(dir), clock);
        kms = trent.kms();
    }

    @AfterAll
    static void stop() {
        kms.close();
        trent.close();
    }

    /** Runs a maintenance pass at {@code ahead} from now, then brings the clock back so signatures are current. */
    static void passAt(Duration ahead) {
        clock.advance(ahead);
        try {
            trent.server().keyMaintenance().runOnce();
        } finally {
            clock.reset();
        }
    }

    @Test
    void automaticRotationWithTheClockMoved() {
        String id = kms.createKey(b -> b.description("auto")).keyMetadata().keyId();
        String first = kms.describeKey(b -> b.keyId(id)).keyMetadata().currentKeyMaterialId();
        SdkBytes old = kms.encrypt(b -> b.keyId(id).plaintext(SdkBytes.fromUtf8String("before")))
                .ciphertextBlob();
        kms.enableKeyRotation(b -> b.keyId(id).rotationPeriodInDays(90));
        GetKeyRotationStatusResponse s = kms.getKeyRotationStatus(b -> b.keyId(id));
        assertThat(s.keyRotationEnabled()).isTrue();
        assertThat(s.rotationPeriodInDays()).isEqualTo(90);
        assertThat(s.nextRotationDate())
                .isCloseTo(Instant.now().plus(Duration.ofDays(90)), within(Duration.ofMinutes(1)));
        assertThat(s.onDemandRotationStartDate()).isNull();

        passAt(Duration.ofDays(89));
        assertThat(kms.describeKey(b -> b.keyId(id)).keyMetadata().currentKeyMaterialId())
                .isEqualTo(first);
        passAt(Duration.ofDays(90).plusMinutes(1));
        String second = kms.describeKey(b -> b.keyId(id)).keyMetadata().currentKeyMaterialId();
        assertThat(second).isNotEqualTo(first).hasSize(64);

        DecryptResponse d = kms.decrypt(b -> b.ciphertextBlob(old));
        assertThat(d.plaintext().asUtf8String()).isEqualTo("before");
        assertThat(d.keyMaterialId()).isEqualTo(first);
        SdkBytes fresh = kms.encrypt(b -> b.keyId(id).plaintext(SdkBytes.fromUtf8String("after")))
                .ciphertextBlob();
        assertThat(kms.decrypt(b -> b.ciphertextBlob(fresh)).keyMaterialId()).isEqualTo(second);

        ListKeyRotationsResponse r = kms.listKeyRotations(b -> b.keyId(id));
        assertThat(r.rotations()).singleElement().satisfies(e -> {
            assertThat(e.keyId()).isEqualTo(id);
            assertThat(e.keyMaterialId()).isEqualTo(second);
            assertThat(e.rotationType()).isEqualTo(RotationType.AUTOMATIC);
            assertThat(e.keyMaterialState()).isEqualTo(KeyMaterialState.CURRENT);
            assertThat(e.rotationDate()).isNotNull();
        });
        assertThat(kms.listKeyRotations(b -> b.keyId(id).includeKeyMaterial(IncludeKeyMaterial.ALL_KEY_MATERIAL))
                        .rotations())
                .extracting(e -> e.keyMaterialState())
                .containsExactly(KeyMaterialState.NON_CURRENT, KeyMaterialState.CURRENT);
    }

    @Test
    void onDemandRotationIsReportedWhileInProgressAndListedOnceDone() {
        String id = kms.createKey(b -> b.description("on demand")).keyMetadata().keyId();
        assertThat(kms.rotateKeyOnDemand(b -> b.keyId(id)).keyId()).isEqualTo(id);
        assertThat(kms.getKeyRotationStatus(b -> b.keyId(id)).onDemandRotationStartDate())
                .isCloseTo(Instant.now(), within(Duration.ofMinutes(1)));
        assertThatThrownBy(() -> kms.rotateKeyOnDemand(b -> b.keyId(id))).isInstanceOf(ConflictException.class);
        passAt(Duration.ZERO);
        assertThat(kms.getKeyRotationStatus(b -> b.keyId(id)).onDemandRotationStartDate())
                .isNull();
        kms.rotateKeyOnDemand(b -> b.keyId(id));
        passAt(Duration.ZERO);

        ListKeyRotationsResponse page1 = kms.listKeyRotations(b -> b.keyId(id).limit(1));
        assertThat(page1.truncated()).isTrue();
        assertThat(page1.rotations().get(0).rotationType()).isEqualTo(RotationType.ON_DEMAND);
        ListKeyRotationsResponse page2 =
                kms.listKeyRotations(b -> b.keyId(id).limit(1).marker(page1.nextMarker()));
        assertThat(page2.truncated()).isFalse();
        assertThat(page2.rotations()).hasSize(1);
    }

    @Test
    void limitsAndKeysThatCannotRotate() {
        String id = kms.createKey(b -> b.description("limits")).keyMetadata().keyId();
        assertThatThrownBy(() -> kms.enableKeyRotation(b -> b.keyId(id).rotationPeriodInDays(89)))
                .isInstanceOf(KmsException.class)
                .satisfies(e -> assertThat(((KmsException) e).awsErrorDetails().errorCode())
                        .isEqualTo("ValidationException"));
        String rsa = kms.createKey(b -> b.keySpec(KeySpec.RSA_2048).keyUsage(KeyUsageType.SIGN_VERIFY))
                .keyMetadata()
                .keyId();
        assertThatThrownBy(() -> kms.enableKeyRotation(b -> b.keyId(rsa)))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> kms.rotateKeyOnDemand(b -> b.keyId(rsa)))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(kms.getKeyRotationStatus(b -> b.keyId(rsa)).keyRotationEnabled())
                .isFalse();
        kms.disableKey(b -> b.keyId(id));
        assertThatThrownBy(() -> kms.enableKeyRotation(b -> b.keyId(id)))
                .isInstanceOf(software.amazon.awssdk.services.kms.model.DisabledException.class);
    }

    private static org.assertj.core.data.TemporalUnitOffset within(Duration d) {
        return new org.assertj.core.data.TemporalUnitWithinOffset(d.toSeconds(), ChronoUnit.SECONDS);
    }
}
