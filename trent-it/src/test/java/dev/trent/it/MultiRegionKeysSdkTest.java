package dev.trent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AlreadyExistsException;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.MultiRegionKeyType;
import software.amazon.awssdk.services.kms.model.ReplicateKeyResponse;
import software.amazon.awssdk.services.kms.model.ScheduleKeyDeletionResponse;
import software.amazon.awssdk.services.kms.model.UnsupportedOperationException;

/**
 * Multi-Region keys through the AWS SDK for Java v2: Regions are namespaces picked by each client's credential
 * scope; a replica is created in the background (Creating, then Enabled) and decrypts what its primary encrypted.
 */
class MultiRegionKeysSdkTest {
    @TempDir
    static Path dir;

    static final MutableClock clock = new MutableClock();
    static RunningTrent trent;
    static KmsClient east;
    static KmsClient west;

    @BeforeAll
    static void start() {
        trent = new RunningTrent(dir, RunningTrent.testConfig(dir), clock);
        east = trent.kms(Region.US_EAST_1);
        west = trent.kms(Region.US_WEST_2);
    }

    @AfterAll
    static void stop() {
        east.close();
        west.close();
        trent.close();
    }

    /** The replica becomes Enabled within seconds (the maintenance scheduler), as in AWS. */
    static KeyMetadata awaitState(KmsClient kms, String keyId, KeyState state) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            KeyMetadata m = kms.describeKey(b -> b.keyId(keyId)).keyMetadata();
            if (m.keyState() == state || System.nanoTime() > deadline) return m;
            Thread.sleep(200);
        }
    }

    @Test
    void aReplicaInAnotherRegionDecryptsWhatThePrimaryEncrypted() throws Exception {
        KeyMetadata primary =
                east.createKey(b -> b.multiRegion(true).description("primary")).keyMetadata();
        String id = primary.keyId();
        assertThat(id).matches("mrk-[0-9a-f]{32}");
        assertThat(primary.multiRegion()).isTrue();
        assertThat(primary.multiRegionConfiguration().multiRegionKeyType()).isEqualTo(MultiRegionKeyType.PRIMARY);
        assertThat(primary.multiRegionConfiguration().replicaKeys()).isEmpty();
        SdkBytes blob = east.encrypt(b -> b.keyId(id).plaintext(SdkBytes.fromUtf8String("everywhere")))
                .ciphertextBlob();
        assertThatThrownBy(() -> west.describeKey(b -> b.keyId(id)))
                .isInstanceOf(software.amazon.awssdk.services.kms.model.NotFoundException.class);

        ReplicateKeyResponse r =
                east.replicateKey(b -> b.keyId(id).replicaRegion("us-west-2").description("west"));
        assertThat(r.replicaKeyMetadata().keyState()).isEqualTo(KeyState.CREATING);
        assertThat(r.replicaKeyMetadata().arn()).isEqualTo(primary.arn().replace("us-east-1", "us-west-2"));
        assertThat(r.replicaPolicy()).contains("kms:*");
        assertThat(awaitState(west, id, KeyState.ENABLED).keyState()).isEqualTo(KeyState.ENABLED);

        DecryptResponse d = west.decrypt(b -> b.ciphertextBlob(blob));
        assertThat(d.plaintext().asUtf8String()).isEqualTo("everywhere");
        assertThat(d.keyId()).isEqualTo(r.replicaKeyMetadata().arn());
        SdkBytes back = west.encrypt(b -> b.keyId(id).plaintext(SdkBytes.fromUtf8String("back")))
                .ciphertextBlob();
        assertThat(east.decrypt(b -> b.ciphertextBlob(back)).plaintext().asUtf8String())
                .isEqualTo("back");

        for (KmsClient c : new KmsClient[] {east, west}) {
            KeyMetadata m = c.describeKey(b -> b.keyId(id)).keyMetadata();
            assertThat(m.multiRegionConfiguration().primaryKey().region()).isEqualTo("us-east-1");
            assertThat(m.multiRegionConfiguration().replicaKeys())
                    .singleElement()
                    .satisfies(k -> assertThat(k.region()).isEqualTo("us-west-2"));
        }
        assertThat(west.describeKey(b -> b.keyId(id)).keyMetadata().description())
                .isEqualTo("west");
        assertThatThrownBy(() -> east.replicateKey(b -> b.keyId(id).replicaRegion("us-west-2")))
                .isInstanceOf(AlreadyExistsException.class);
        assertThatThrownBy(() -> west.replicateKey(b -> b.keyId(id).replicaRegion("eu-west-1")))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void thePrimaryMovesAndWaitsForItsReplicasToBeDeleted() throws Exception {
        String id = east.createKey(b -> b.multiRegion(true)).keyMetadata().keyId();
        east.replicateKey(b -> b.keyId(id).replicaRegion("us-west-2"));
        awaitState(west, id, KeyState.ENABLED);
        east.updatePrimaryRegion(b -> b.keyId(id).primaryRegion("us-west-2"));
        assertThat(east.describeKey(b -> b.keyId(id))
                        .keyMetadata()
                        .multiRegionConfiguration()
                        .multiRegionKeyType())
                .isEqualTo(MultiRegionKeyType.REPLICA);
        assertThat(west.describeKey(b -> b.keyId(id))
                        .keyMetadata()
                        .multiRegionConfiguration()
                        .multiRegionKeyType())
                .isEqualTo(MultiRegionKeyType.PRIMARY);

        ScheduleKeyDeletionResponse s =
                west.scheduleKeyDeletion(b -> b.keyId(id).pendingWindowInDays(7));
        assertThat(s.keyState()).isEqualTo(KeyState.PENDING_REPLICA_DELETION);
        assertThat(s.deletionDate()).isNull();
        KeyMetadata waiting = west.describeKey(b -> b.keyId(id)).keyMetadata();
        assertThat(waiting.pendingDeletionWindowInDays()).isEqualTo(7);
        assertThat(waiting.deletionDate()).isNull();

        east.scheduleKeyDeletion(b -> b.keyId(id).pendingWindowInDays(7));
        clock.advance(Duration.ofDays(7).plusMinutes(1));
        try {
            assertThat(trent.server().keyService().purgeExpiredKeys()).isEqualTo(1);
            trent.server().keyMaintenance().runOnce();
        } finally {
            clock.reset();
        }
        KeyMetadata now = west.describeKey(b -> b.keyId(id)).keyMetadata();
        assertThat(now.keyState()).isEqualTo(KeyState.PENDING_DELETION);
        assertThat(now.deletionDate()).isNotNull();
        assertThat(now.multiRegionConfiguration().replicaKeys()).isEmpty();
    }
}
