package dev.trent.core.kms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trent.core.kms.RotationRequests.MaterialState;
import dev.trent.core.kms.RotationRequests.Rotation;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Imported key material: tokens, re-import of the same material only, expiry, deletion and new material. */
class KeyImportTest extends MaterialFixture {
    private final KeyImport imports = material.imports();

    private KmsKey external() {
        return create(EAST, null, null, Origin.EXTERNAL, false);
    }

    private List<Rotation> all(String keyId) {
        return material.rotations()
                .listKeyRotations(
                        ctx(EAST), new RotationRequests.ListKeyRotations(keyId, "ALL_KEY_MATERIAL", null, null))
                .items();
    }

    @Test
    void aKeyOfImportedMaterialIsPendingImportUntilItsMaterialComes() throws Exception {
        KmsKey k = external();
        assertThat(k.state()).isEqualTo(KeyState.PendingImport);
        assertThat(k.materials()).isEmpty();
        assertThat(k.currentMaterial()).isNull();
        fails(() -> encrypt(EAST, k.keyId(), "x"), "KMSInvalidStateException")
                .hasMessage(k.arn() + " is pending import.");

        ImportRequests.MaterialResult r =
                importMaterial(EAST, k.keyId(), wrap(EAST, k.keyId(), bytes(1, 32)), null, null);
        KmsKey enabled = describe(EAST, k.keyId());
        assertThat(enabled.state()).isEqualTo(KeyState.Enabled);
        assertThat(r.keyMaterialId())
                .hasSize(64)
                .isEqualTo(enabled.currentMaterial().materialId());
        assertThat(KeyImport.expirationModel(enabled))
                .isEqualTo(KeyMaterialInfo.ExpirationModel.KEY_MATERIAL_DOES_NOT_EXPIRE);
        CryptoRequests.Encrypted e = encrypt(EAST, k.keyId(), "imported");
        assertThat(decryptText(EAST, e.ciphertextBlob())).isEqualTo("imported");
        assertThat(all(k.keyId())).singleElement().satisfies(x -> {
            assertThat(x.state()).isEqualTo(MaterialState.CURRENT);
            assertThat(x.material().imported().state()).isEqualTo(KeyMaterialInfo.ImportState.IMPORTED);
        });
    }

    @Test
    void tokensAreAuthenticatedSingleUseBoundToTheirKeyAndExpireAfter24Hours() throws Exception {
        KmsKey k = external();
        KmsKey other = external();
        Wrapped w = wrap(EAST, k.keyId(), bytes(1, 32));
        fails(() -> importMaterial(EAST, other.keyId(), w, null, null), "InvalidImportTokenException");
        byte[] forged = w.token().clone();
        forged[forged.length - 1] ^= 1;
        fails(
                () -> importMaterial(EAST, k.keyId(), new Wrapped(forged, w.encrypted()), null, null),
                "InvalidImportTokenException");
        fails(
                () -> importMaterial(EAST, k.keyId(), new Wrapped(new byte[] {1, 2}, w.encrypted()), null, null),
                "InvalidImportTokenException");
        byte[] damaged = w.encrypted().clone();
        damaged[5] ^= 1;
        fails(
                () -> importMaterial(EAST, k.keyId(), new Wrapped(w.token(), damaged), null, null),
                "InvalidCiphertextException");
        importMaterial(EAST, k.keyId(), w, null, null);
        fails(() -> importMaterial(EAST, k.keyId(), w, null, null), "InvalidImportTokenException");

        Wrapped late = wrap(EAST, k.keyId(), bytes(1, 32));
        advance(Duration.ofHours(24));
        fails(() -> importMaterial(EAST, k.keyId(), late, null, null), "ExpiredImportTokenException");
        // at expiry the private key is dropped; a day later the stub goes too
        material.runDue();
        fails(() -> importMaterial(EAST, k.keyId(), late, null, null), "ExpiredImportTokenException");
        advance(Duration.ofHours(25));
        material.runDue();
        fails(() -> importMaterial(EAST, k.keyId(), late, null, null), "InvalidImportTokenException");
        assertThat(store.scan(ImportTokens.PREFIX)).isEmpty();
    }

    @Test
    void onlyTheSameMaterialCanBeImportedAgainAndExpiryMakesTheKeyPendingImport() throws Exception {
        KmsKey k = external();
        byte[] secret = bytes(7, 32);
        importMaterial(EAST, k.keyId(), wrap(EAST, k.keyId(), secret), clock.now.plus(Duration.ofDays(2)), null);
        KmsKey imported = describe(EAST, k.keyId());
        assertThat(KeyImport.validTo(imported)).isEqualTo(clock.now.plus(Duration.ofDays(2)));
        byte[] blob = encrypt(EAST, k.keyId(), "kept").ciphertextBlob();
        fails(
                        () -> importMaterial(EAST, k.keyId(), wrap(EAST, k.keyId(), bytes(8, 32)), null, null),
                        "IncorrectKeyMaterialException")
                .hasMessageContaining("not the key material previously imported");

        advance(Duration.ofDays(2));
        assertThat(material.runDue()).isEqualTo(1);
        assertThat(describe(EAST, k.keyId()).state()).isEqualTo(KeyState.PendingImport);
        fails(() -> decrypt(EAST, blob), "KMSInvalidStateException");
        assertThat(kms.registry().entry(k.address()).materials().size()).isZero();

        importMaterial(EAST, k.keyId(), wrap(EAST, k.keyId(), secret), null, null);
        assertThat(describe(EAST, k.keyId()).state()).isEqualTo(KeyState.Enabled);
        assertThat(decryptText(EAST, blob)).isEqualTo("kept");
    }

    @Test
    void expirationArgumentsAreCheckedAsAwsChecksThem() throws Exception {
        KmsKey k = external();
        Wrapped w = wrap(EAST, k.keyId(), bytes(1, 32));
        fails(() -> importMaterial(EAST, k.keyId(), w, clock.now.minusSeconds(1), null), "ValidationException");
        fails(
                () -> importMaterial(EAST, k.keyId(), w, clock.now.plus(Duration.ofDays(366)), null),
                "ValidationException");
        fails(
                () -> imports.importKeyMaterial(
                        ctx(EAST),
                        new ImportRequests.ImportKeyMaterial(
                                k.keyId(), w.token(), w.encrypted(), null, null, null, null, null)),
                "ValidationException");
        fails(
                () -> importMaterial(EAST, k.keyId(), wrap(EAST, k.keyId(), bytes(1, 31)), null, null),
                "IncorrectKeyMaterialException");
    }

    @Test
    void deletingMaterialMakesTheKeyUnusableUntilTheSameMaterialIsBack() throws Exception {
        KmsKey k = external();
        byte[] secret = bytes(3, 32);
        String id = importMaterial(EAST, k.keyId(), wrap(EAST, k.keyId(), secret), null, null)
                .keyMaterialId();
        ImportRequests.MaterialResult deleted = imports.deleteImportedKeyMaterial(
                ctx(EAST), new ImportRequests.DeleteImportedKeyMaterial(k.keyId(), null));
        assertThat(deleted.keyMaterialId()).isEqualTo(id);
        assertThat(describe(EAST, k.keyId()).state()).isEqualTo(KeyState.PendingImport);
        assertThat(all(k.keyId()).get(0).material().imported().state())
                .isEqualTo(KeyMaterialInfo.ImportState.PENDING_IMPORT);
        fails(
                () -> imports.deleteImportedKeyMaterial(
                        ctx(EAST), new ImportRequests.DeleteImportedKeyMaterial(k.keyId(), "ab".repeat(32))),
                "NotFoundException");
        importMaterial(EAST, k.keyId(), wrap(EAST, k.keyId(), secret), null, "EXISTING_KEY_MATERIAL");
        assertThat(describe(EAST, k.keyId()).state()).isEqualTo(KeyState.Enabled);

        // a key pending deletion keeps its state
        kms.lifecycle().scheduleKeyDeletion(ctx(EAST), new LifecycleRequests.ScheduleKeyDeletion(k.keyId(), 7));
        imports.deleteImportedKeyMaterial(ctx(EAST), new ImportRequests.DeleteImportedKeyMaterial(k.keyId(), null));
        assertThat(describe(EAST, k.keyId()).state()).isEqualTo(KeyState.PendingDeletion);
        kms.lifecycle().cancelKeyDeletion(ctx(EAST), new LifecycleRequests.CancelKeyDeletion(k.keyId()));
        assertThat(describe(EAST, k.keyId()).state()).isEqualTo(KeyState.PendingImport);
    }

    @Test
    void newKeyMaterialWaitsForAnOnDemandRotation() throws Exception {
        KmsKey k = external();
        importMaterial(EAST, k.keyId(), wrap(EAST, k.keyId(), bytes(1, 32)), null, null);
        byte[] old = encrypt(EAST, k.keyId(), "first").ciphertextBlob();
        fails(
                () -> material.rotations()
                        .rotateKeyOnDemand(ctx(EAST), new RotationRequests.RotateKeyOnDemand(k.keyId())),
                "UnsupportedOperationException");
        fails(
                () -> importMaterial(EAST, k.keyId(), wrap(EAST, k.keyId(), bytes(1, 32)), null, "NEW_KEY_MATERIAL"),
                "IncorrectKeyMaterialException");
        String second = importMaterial(EAST, k.keyId(), wrap(EAST, k.keyId(), bytes(2, 32)), null, "NEW_KEY_MATERIAL")
                .keyMaterialId();
        assertThat(all(k.keyId()))
                .extracting(Rotation::state)
                .containsExactly(MaterialState.CURRENT, MaterialState.PENDING_ROTATION);
        assertThat(encrypt(EAST, k.keyId(), "still first").keyMaterialId()).isNotEqualTo(second);

        material.rotations().rotateKeyOnDemand(ctx(EAST), new RotationRequests.RotateKeyOnDemand(k.keyId()));
        material.runDue();
        assertThat(encrypt(EAST, k.keyId(), "second").keyMaterialId()).isEqualTo(second);
        assertThat(decryptText(EAST, old)).isEqualTo("first");
        assertThat(all(k.keyId()))
                .extracting(Rotation::state)
                .containsExactly(MaterialState.NON_CURRENT, MaterialState.CURRENT);
    }

    @Test
    void hmacAndAsymmetricMaterialImportOnceAndWrappingChoicesFollowAws() throws Exception {
        KmsKey hmac = create(EAST, KeySpec.HMAC_256, KeyUsage.GENERATE_VERIFY_MAC, Origin.EXTERNAL, false);
        importMaterial(EAST, hmac.keyId(), wrap(EAST, hmac.keyId(), bytes(1, 40)), null, null);
        assertThat(describe(EAST, hmac.keyId()).state()).isEqualTo(KeyState.Enabled);
        fails(
                () -> importMaterial(EAST, hmac.keyId(), wrap(EAST, hmac.keyId(), bytes(1, 16)), null, null),
                "IncorrectKeyMaterialException");

        KmsKey ec = create(EAST, KeySpec.ECC_NIST_P256, KeyUsage.SIGN_VERIFY, Origin.EXTERNAL, false);
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = g.generateKeyPair();
        importMaterial(
                EAST,
                ec.keyId(),
                wrapWithAes(EAST, ec.keyId(), pair.getPrivate().getEncoded()),
                null,
                null);
        assertThat(kms.publicKeys().getPublicKey(ctx(EAST), ec.keyId()).publicKey())
                .isEqualTo(pair.getPublic().getEncoded());

        KmsKey rsa = create(EAST, KeySpec.RSA_2048, KeyUsage.SIGN_VERIFY, Origin.EXTERNAL, false);
        fails(
                () -> imports.getParametersForImport(
                        ctx(EAST),
                        new ImportRequests.GetParametersForImport(rsa.keyId(), "RSAES_OAEP_SHA_256", "RSA_4096")),
                "ValidationException");
        KmsKey sym = external();
        fails(
                () -> imports.getParametersForImport(
                        ctx(EAST),
                        new ImportRequests.GetParametersForImport(sym.keyId(), "RSAES_PKCS1_V1_5", "RSA_2048")),
                "UnsupportedOperationException");
        fails(
                () -> imports.getParametersForImport(
                        ctx(EAST), new ImportRequests.GetParametersForImport(sym.keyId(), "SM2PKE", "SM2")),
                "UnsupportedOperationException");
        fails(
                () -> imports.getParametersForImport(
                        ctx(EAST), new ImportRequests.GetParametersForImport(sym.keyId(), "RSAES_OAEP_SHA_1", "SM2")),
                "UnsupportedOperationException");
        KmsKey generated = symmetric();
        fails(
                        () -> imports.getParametersForImport(
                                ctx(EAST),
                                new ImportRequests.GetParametersForImport(
                                        generated.keyId(), "RSAES_OAEP_SHA_256", "RSA_2048")),
                        "UnsupportedOperationException")
                .hasMessage(generated.arn() + " origin is AWS_KMS which is not valid for this operation.");
    }
}
