package dev.trent.core.kms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trent.core.kms.RotationRequests.MaterialState;
import dev.trent.core.kms.RotationRequests.Rotation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Automatic and on-demand rotation with the clock moved instead of waited for. */
class KeyRotationsTest extends MaterialFixture {
    private final KeyRotations rotations = material.rotations();

    private RotationRequests.RotationStatus status(String keyId) {
        return rotations.getKeyRotationStatus(ctx(EAST), new RotationRequests.GetKeyRotationStatus(keyId));
    }

    private List<Rotation> list(String keyId, String include) {
        return rotations
                .listKeyRotations(ctx(EAST), new RotationRequests.ListKeyRotations(keyId, include, null, null))
                .items();
    }

    private void enable(String keyId, Integer days) {
        rotations.enableKeyRotation(ctx(EAST), new RotationRequests.EnableKeyRotation(keyId, days));
    }

    @Test
    void automaticRotationKeepsOldCiphertextsAndEncryptsWithTheNewest() {
        KmsKey k = symmetric();
        assertThat(status(k.keyId()).keyRotationEnabled()).isFalse();
        enable(k.keyId(), null);
        Instant enabledAt = clock.now;
        RotationRequests.RotationStatus s = status(k.keyId());
        assertThat(s.keyRotationEnabled()).isTrue();
        assertThat(s.rotationPeriodInDays()).isEqualTo(365);
        assertThat(s.nextRotationDate()).isEqualTo(enabledAt.plus(Duration.ofDays(365)));
        byte[] old = encrypt(EAST, k.keyId(), "before").ciphertextBlob();

        advance(Duration.ofDays(364));
        assertThat(material.runDue()).isZero();
        advance(Duration.ofDays(1));
        assertThat(material.runDue()).isEqualTo(1);

        KmsKey rotated = describe(EAST, k.keyId());
        assertThat(rotated.materials()).hasSize(2);
        assertThat(rotated.currentMaterial().version()).isEqualTo(2);
        assertThat(rotated.currentMaterial().rotationType()).isEqualTo(KeyMaterialInfo.RotationType.AUTOMATIC);
        CryptoRequests.Encrypted fresh = encrypt(EAST, k.keyId(), "after");
        assertThat(fresh.keyMaterialId()).isEqualTo(rotated.currentMaterial().materialId());
        assertThat(decryptText(EAST, old)).isEqualTo("before");
        assertThat(decrypt(EAST, old).keyMaterialId())
                .isEqualTo(k.currentMaterial().materialId());
        assertThat(decryptText(EAST, fresh.ciphertextBlob())).isEqualTo("after");
        assertThat(status(k.keyId()).nextRotationDate()).isEqualTo(clock.now.plus(Duration.ofDays(365)));

        List<Rotation> rotationsOnly = list(k.keyId(), null);
        assertThat(rotationsOnly).hasSize(1);
        assertThat(rotationsOnly.get(0).state()).isEqualTo(MaterialState.CURRENT);
        assertThat(rotationsOnly.get(0).material().createdAt()).isEqualTo(clock.now);
        assertThat(list(k.keyId(), "ALL_KEY_MATERIAL"))
                .extracting(Rotation::state)
                .containsExactly(MaterialState.NON_CURRENT, MaterialState.CURRENT);
    }

    @Test
    void rotationPeriodLimitsAndKeysThatCannotRotate() {
        KmsKey k = symmetric();
        fails(() -> enable(k.keyId(), 89), "ValidationException").hasMessageContaining("greater than or equal to 90");
        fails(() -> enable(k.keyId(), 2561), "ValidationException").hasMessageContaining("less than or equal to 2560");
        enable(k.keyId(), 90);
        enable(k.keyId(), 2560);
        assertThat(status(k.keyId()).rotationPeriodInDays()).isEqualTo(2560);

        KmsKey rsa = create(EAST, KeySpec.RSA_2048, KeyUsage.SIGN_VERIFY, null, false);
        fails(() -> enable(rsa.keyId(), null), "UnsupportedOperationException")
                .hasMessage(rsa.arn() + " key spec is RSA_2048 which is not valid for this operation.");
        assertThat(status(rsa.keyId()).keyRotationEnabled()).isFalse();
        fails(() -> list(rsa.keyId(), null), "UnsupportedOperationException");
        KmsKey hmac = create(EAST, KeySpec.HMAC_256, KeyUsage.GENERATE_VERIFY_MAC, null, false);
        fails(
                () -> rotations.rotateKeyOnDemand(ctx(EAST), new RotationRequests.RotateKeyOnDemand(hmac.keyId())),
                "UnsupportedOperationException");
        KmsKey imported = create(EAST, null, null, Origin.EXTERNAL, false);
        fails(() -> enable(imported.keyId(), null), "UnsupportedOperationException")
                .hasMessage(imported.arn() + " origin is EXTERNAL which is not valid for this operation.");

        kms.lifecycle().disableKey(ctx(EAST), new LifecycleRequests.DisableKey(k.keyId()));
        fails(() -> enable(k.keyId(), null), "DisabledException").hasMessage(k.arn() + " is disabled.");
    }

    @Test
    void onDemandRotationIsAsynchronousLimitedAndConflictsWithAnImminentAutomaticOne() {
        KmsKey k = symmetric();
        byte[] old = encrypt(EAST, k.keyId(), "v1").ciphertextBlob();
        rotations.rotateKeyOnDemand(ctx(EAST), new RotationRequests.RotateKeyOnDemand(k.keyId()));
        assertThat(status(k.keyId()).onDemandRotationStartDate()).isEqualTo(clock.now);
        fails(
                        () -> rotations.rotateKeyOnDemand(ctx(EAST), new RotationRequests.RotateKeyOnDemand(k.keyId())),
                        "ConflictException")
                .hasMessageContaining("in progress");
        assertThat(material.runDue()).isEqualTo(1);
        assertThat(status(k.keyId()).onDemandRotationStartDate()).isNull();
        assertThat(list(k.keyId(), null))
                .singleElement()
                .satisfies(
                        r -> assertThat(r.material().rotationType()).isEqualTo(KeyMaterialInfo.RotationType.ON_DEMAND));
        assertThat(decryptText(EAST, old)).isEqualTo("v1");

        for (int i = 1; i < KeyRotations.MAX_ON_DEMAND; i++) {
            rotations.rotateKeyOnDemand(ctx(EAST), new RotationRequests.RotateKeyOnDemand(k.keyId()));
            material.runDue();
        }
        assertThat(describe(EAST, k.keyId()).materials()).hasSize(KeyRotations.MAX_ON_DEMAND + 1);
        fails(
                        () -> rotations.rotateKeyOnDemand(ctx(EAST), new RotationRequests.RotateKeyOnDemand(k.keyId())),
                        "LimitExceededException")
                .hasMessageContaining("25");
        assertThat(decryptText(EAST, old)).isEqualTo("v1");

        KmsKey soon = symmetric();
        enable(soon.keyId(), 90);
        advance(Duration.ofDays(90).minusMinutes(10));
        fails(
                () -> rotations.rotateKeyOnDemand(ctx(EAST), new RotationRequests.RotateKeyOnDemand(soon.keyId())),
                "ConflictException");
    }

    @Test
    void disabledKeysWaitAndKeysPendingDeletionReportRotationOff() {
        KmsKey k = symmetric();
        enable(k.keyId(), 90);
        kms.lifecycle().disableKey(ctx(EAST), new LifecycleRequests.DisableKey(k.keyId()));
        advance(Duration.ofDays(100));
        assertThat(material.runDue()).isZero();
        kms.lifecycle().enableKey(ctx(EAST), new LifecycleRequests.EnableKey(k.keyId()));
        assertThat(material.runDue()).isEqualTo(1);

        kms.lifecycle().scheduleKeyDeletion(ctx(EAST), new LifecycleRequests.ScheduleKeyDeletion(k.keyId(), 7));
        assertThat(status(k.keyId()).keyRotationEnabled()).isFalse();
        assertThat(status(k.keyId()).nextRotationDate()).isNull();
        kms.lifecycle().cancelKeyDeletion(ctx(EAST), new LifecycleRequests.CancelKeyDeletion(k.keyId()));
        assertThat(status(k.keyId()).keyRotationEnabled()).isTrue();
        fails(
                () -> rotations.disableKeyRotation(ctx(EAST), new RotationRequests.DisableKeyRotation(k.keyId())),
                "DisabledException");
        kms.lifecycle().enableKey(ctx(EAST), new LifecycleRequests.EnableKey(k.keyId()));

        rotations.disableKeyRotation(ctx(EAST), new RotationRequests.DisableKeyRotation(k.keyId()));
        rotations.disableKeyRotation(ctx(EAST), new RotationRequests.DisableKeyRotation(k.keyId()));
        assertThat(status(k.keyId()).keyRotationEnabled()).isFalse();
    }

    @Test
    void theRotationSurvivesAReloadFromTheStore() {
        KmsKey k = symmetric();
        enable(k.keyId(), 180);
        rotations.rotateKeyOnDemand(ctx(EAST), new RotationRequests.RotateKeyOnDemand(k.keyId()));
        material.runDue();
        byte[] blob = encrypt(EAST, k.keyId(), "kept").ciphertextBlob();
        KmsOperations other = KmsOperations.create(store, dev.trent.core.auth.Authorizer.ALLOW_ALL, clock, random);
        KmsKey reloaded = other.registry().entry(k.address()).key();
        assertThat(reloaded).isEqualTo(describe(EAST, k.keyId()));
        assertThat(reloaded.rotation().periodDays()).isEqualTo(180);
        assertThat(reloaded.rotation().onDemandRotations()).isEqualTo(1);
        assertThat(new String(
                        other.cryptography()
                                .decrypt(
                                        ctx(EAST),
                                        new CryptoRequests.Decrypt(blob, java.util.Map.of("a", "b"), null, null, false))
                                .plaintext(),
                        java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("kept");
    }
}
