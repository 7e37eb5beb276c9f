package dev.trent.core.kms;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Multi-Region keys: replicas in other Regions of one store, one set record everywhere, deletion order. */
class MultiRegionKeysTest extends MaterialFixture {
    private final MultiRegionKeys multiRegion = material.multiRegion();

    private KmsKey replicate(String keyId, String region) {
        return multiRegion.replicateKey(
                ctx(EAST), new ReplicationRequests.ReplicateKey(keyId, region, null, null, "replica", List.of()));
    }

    @Test
    void aReplicaSharesIdAndMaterialAndDecryptsWhatThePrimaryEncrypted() {
        KmsKey primary = create(EAST, null, null, null, true);
        assertThat(primary.keyId()).startsWith("mrk-").hasSize(36);
        assertThat(primary.multiRegion().type()).isEqualTo(MultiRegionConfig.Type.PRIMARY);
        byte[] blob = encrypt(EAST, primary.keyId(), "across regions").ciphertextBlob();

        KmsKey replica = replicate(primary.keyId(), "us-west-2");
        assertThat(replica.state()).isEqualTo(KeyState.Creating);
        assertThat(replica.arn()).isEqualTo("arn:aws:kms:us-west-2:111122223333:key/" + primary.keyId());
        fails(() -> decrypt(WEST, blob), "KMSInvalidStateException");
        assertThat(material.runDue()).isEqualTo(1);

        KmsKey west = describe(WEST, primary.keyId());
        assertThat(west.state()).isEqualTo(KeyState.Enabled);
        assertThat(west.multiRegion())
                .isEqualTo(new MultiRegionConfig(MultiRegionConfig.Type.REPLICA, "us-east-1", List.of("us-west-2")));
        assertThat(describe(EAST, primary.keyId()).multiRegion().replicaRegions())
                .containsExactly("us-west-2");
        assertThat(west.description()).isEqualTo("replica");
        assertThat(west.materials()).isEqualTo(primary.materials());
        assertThat(decryptText(WEST, blob)).isEqualTo("across regions");
        assertThat(decrypt(WEST, blob).keyArn()).isEqualTo(west.arn());
        byte[] back = encrypt(WEST, primary.keyId(), "and back").ciphertextBlob();
        assertThat(decryptText(EAST, back)).isEqualTo("and back");

        fails(() -> replicate(primary.keyId(), "us-west-2"), "AlreadyExistsException");
        fails(() -> replicate(primary.keyId(), "us-east-1"), "ValidationException");
        fails(() -> replicate(primary.keyId(), "cn-north-1"), "ValidationException");
        fails(
                () -> multiRegion.replicateKey(
                        ctx(WEST),
                        new ReplicationRequests.ReplicateKey(
                                primary.keyId(), "eu-west-1", null, null, null, List.of())),
                "UnsupportedOperationException");
        KmsKey single = symmetric();
        fails(() -> replicate(single.keyId(), "us-west-2"), "UnsupportedOperationException")
                .hasMessageContaining("is not a multi-Region key");
    }

    @Test
    void rotationIsSetOnThePrimaryAndRotatesTheWholeSet() {
        KmsKey primary = create(EAST, null, null, null, true);
        replicate(primary.keyId(), "us-west-2");
        material.runDue();
        fails(
                        () -> material.rotations()
                                .enableKeyRotation(
                                        ctx(WEST), new RotationRequests.EnableKeyRotation(primary.keyId(), null)),
                        "UnsupportedOperationException")
                .hasMessageContaining("replica");
        material.rotations().enableKeyRotation(ctx(EAST), new RotationRequests.EnableKeyRotation(primary.keyId(), 90));
        assertThat(describe(WEST, primary.keyId()).rotation().enabled()).isTrue();
        advance(Duration.ofDays(90));
        assertThat(material.runDue()).isEqualTo(1);
        KmsKey east = describe(EAST, primary.keyId());
        KmsKey west = describe(WEST, primary.keyId());
        assertThat(west.materials()).isEqualTo(east.materials()).hasSize(2);
        CryptoRequests.Encrypted e = encrypt(EAST, primary.keyId(), "rotated");
        assertThat(decrypt(WEST, e.ciphertextBlob()).keyMaterialId()).isEqualTo(e.keyMaterialId());
    }

    @Test
    void thePrimaryMovesAndIsDeletedOnlyAfterItsReplicas() {
        KmsKey primary = create(EAST, null, null, null, true);
        replicate(primary.keyId(), "us-west-2");
        replicate(primary.keyId(), "eu-west-1");
        material.runDue();
        multiRegion.updatePrimaryRegion(
                ctx(EAST), new ReplicationRequests.UpdatePrimaryRegion(primary.keyId(), "us-west-2"));
        assertThat(describe(EAST, primary.keyId()).multiRegion().type()).isEqualTo(MultiRegionConfig.Type.REPLICA);
        assertThat(describe(WEST, primary.keyId()).multiRegion())
                .isEqualTo(new MultiRegionConfig(
                        MultiRegionConfig.Type.PRIMARY, "us-west-2", List.of("us-east-1", "eu-west-1")));
        fails(
                () -> multiRegion.updatePrimaryRegion(
                        ctx(EAST), new ReplicationRequests.UpdatePrimaryRegion(primary.keyId(), "ap-south-1")),
                "NotFoundException");

        // the primary (now in us-west-2) waits for its replicas
        KmsKey scheduled = kms.lifecycle()
                .scheduleKeyDeletion(ctx(WEST), new LifecycleRequests.ScheduleKeyDeletion(primary.keyId(), 7));
        assertThat(scheduled.state()).isEqualTo(KeyState.PendingReplicaDeletion);
        assertThat(scheduled.deletionDate()).isNull();
        assertThat(scheduled.pendingWindowDays()).isEqualTo(7);
        for (String r : List.of("us-east-1", "eu-west-1")) {
            dev.trent.core.Caller c =
                    new dev.trent.core.Caller("111122223333", r, "arn:aws:iam::111122223333:root", "AKIA1");
            kms.lifecycle().scheduleKeyDeletion(ctx(c), new LifecycleRequests.ScheduleKeyDeletion(primary.keyId(), 7));
        }
        advance(Duration.ofDays(7).plusSeconds(1));
        assertThat(kms.lifecycle().purgeExpiredKeys()).isEqualTo(2);
        assertThat(material.runDue()).isEqualTo(1);
        KmsKey waiting = describe(WEST, primary.keyId());
        assertThat(waiting.state()).isEqualTo(KeyState.PendingDeletion);
        assertThat(waiting.deletionDate()).isEqualTo(clock.now.plus(Duration.ofDays(7)));
        assertThat(waiting.multiRegion().replicaRegions()).isEmpty();
        advance(Duration.ofDays(7));
        assertThat(kms.lifecycle().purgeExpiredKeys()).isEqualTo(1);
    }

    @Test
    void aReplicaOfImportedMaterialTakesTheSameMaterial() throws Exception {
        KmsKey primary = create(EAST, null, null, Origin.EXTERNAL, true);
        byte[] secret = bytes(9, 32);
        importMaterial(EAST, primary.keyId(), wrap(EAST, primary.keyId(), secret), null, null);
        byte[] blob = encrypt(EAST, primary.keyId(), "imported").ciphertextBlob();
        replicate(primary.keyId(), "us-west-2");
        material.runDue();
        assertThat(describe(WEST, primary.keyId()).state()).isEqualTo(KeyState.PendingImport);
        fails(
                () -> importMaterial(WEST, primary.keyId(), wrap(WEST, primary.keyId(), bytes(1, 32)), null, null),
                "IncorrectKeyMaterialException");
        importMaterial(WEST, primary.keyId(), wrap(WEST, primary.keyId(), secret), null, null);
        assertThat(describe(WEST, primary.keyId()).state()).isEqualTo(KeyState.Enabled);
        assertThat(decryptText(WEST, blob)).isEqualTo("imported");

        // new material for the set: primary first, then every replica, then the rotation
        importMaterial(EAST, primary.keyId(), wrap(EAST, primary.keyId(), bytes(5, 32)), null, "NEW_KEY_MATERIAL");
        fails(
                        () -> material.rotations()
                                .rotateKeyOnDemand(ctx(EAST), new RotationRequests.RotateKeyOnDemand(primary.keyId())),
                        "UnsupportedOperationException")
                .hasMessageContaining("PENDING_MULTI_REGION_IMPORT_AND_ROTATION");
        importMaterial(WEST, primary.keyId(), wrap(WEST, primary.keyId(), bytes(5, 32)), null, null);
        material.rotations().rotateKeyOnDemand(ctx(EAST), new RotationRequests.RotateKeyOnDemand(primary.keyId()));
        material.runDue();
        CryptoRequests.Encrypted e = encrypt(WEST, primary.keyId(), "new material");
        assertThat(decrypt(EAST, e.ciphertextBlob()).keyMaterialId()).isEqualTo(e.keyMaterialId());
        assertThat(decryptText(WEST, blob)).isEqualTo("imported");
    }
}
