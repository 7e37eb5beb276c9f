package dev.trent.core.kms;

import static dev.trent.core.kms.KeyRegistryTest.ALICE;
import static dev.trent.core.kms.KeyRegistryTest.ctx;
import static dev.trent.core.kms.KeyRegistryTest.newKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trent.core.auth.Authorizer;
import dev.trent.core.store.InMemoryStore;
import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Two nodes, one deletion lease: only its holder purges, and a purge never deletes a key saved meanwhile. */
class DeletionSchedulerTest {
    private static final Duration PERIOD = Duration.ofMinutes(1);

    private final InMemoryStore store = new InMemoryStore();
    private final KeyOperationsTest.MutableClock clock = new KeyOperationsTest.MutableClock();
    private final SecureRandom random = new SecureRandom();
    private final KmsOperations a = KmsOperations.create(store, Authorizer.ALLOW_ALL, clock, random);
    private final KmsOperations b = KmsOperations.create(store, Authorizer.ALLOW_ALL, clock, random);
    private final DeletionScheduler onA = new DeletionScheduler(store, a.lifecycle(), clock, "node-a", PERIOD);
    private final DeletionScheduler onB = new DeletionScheduler(store, b.lifecycle(), clock, "node-b", PERIOD);

    private KmsKey expiredKey() {
        KmsKey k = newKey(a, ALICE);
        a.lifecycle().scheduleKeyDeletion(ctx(ALICE), new LifecycleRequests.ScheduleKeyDeletion(k.keyId(), 7));
        b.registry().refresh();
        clock.now = clock.now.plus(Duration.ofDays(7)).plusSeconds(1);
        return k;
    }

    @Test
    void twoSchedulersOnlyTheLeaseHolderPurges() {
        KmsKey k = expiredKey();
        assertThat(onA.runOnce()).isEqualTo(1);
        assertThat(onB.runOnce()).isEqualTo(-1);
        b.registry().refresh();
        assertThat(b.registry().entry(k.address())).isNull();
        assertThat(store.scan("kms/")).isEmpty();
        // the holder renews at every pass; the other keeps waiting
        for (int pass = 0; pass < 5; pass++) {
            clock.now = clock.now.plus(PERIOD);
            assertThat(onA.runOnce()).isZero();
            assertThat(onB.runOnce()).isEqualTo(-1);
        }
    }

    @Test
    void theLeasePassesOnWhenItsHolderStopsRenewingOrLetsGo() {
        expiredKey();
        assertThat(onA.runOnce()).isEqualTo(1);
        clock.now = clock.now.plus(PERIOD.multipliedBy(DeletionScheduler.TTL_PERIODS));
        assertThat(onB.runOnce()).isZero();
        assertThat(onA.runOnce()).isEqualTo(-1);
        onB.close();
        assertThat(onA.runOnce()).isZero();
    }

    @Test
    void aStaleNodeDoesNotPurgeAKeyWhoseDeletionWasCancelled() {
        KmsKey k = expiredKey();
        a.lifecycle().cancelKeyDeletion(ctx(ALICE), new LifecycleRequests.CancelKeyDeletion(k.keyId()));
        // b still believes the key is pending deletion and due: its purge is refused by the store and it re-reads
        assertThat(b.registry().entry(k.address()).key().state()).isEqualTo(KeyState.PendingDeletion);
        assertThat(onB.runOnce()).isZero();
        assertThat(b.registry().entry(k.address()).key().state()).isEqualTo(KeyState.Disabled);
        assertThat(store.get(StorageLayout.keyPath(k.address()))).isPresent();
    }
}
