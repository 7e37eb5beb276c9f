package dev.trent.core.kms;

import static dev.trent.core.kms.KeyRegistryTest.ALICE;
import static dev.trent.core.kms.KeyRegistryTest.alias;
import static dev.trent.core.kms.KeyRegistryTest.assertFails;
import static dev.trent.core.kms.KeyRegistryTest.ctx;
import static dev.trent.core.kms.KeyRegistryTest.newKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trent.core.ServiceException;
import dev.trent.core.auth.Authorizer;
import dev.trent.core.store.InMemoryStore;
import dev.trent.core.store.Store;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Two registries (two nodes) over one store: they follow each other's writes and never lose one. */
class TwoNodesTest {
    private final InMemoryStore store = new InMemoryStore();
    private final KeyOperationsTest.MutableClock clock = new KeyOperationsTest.MutableClock();
    private final SecureRandom random = new SecureRandom();
    private final KmsOperations a = KmsOperations.create(store, Authorizer.ALLOW_ALL, clock, random);
    private final KmsOperations b = KmsOperations.create(store, Authorizer.ALLOW_ALL, clock, random);

    private static KmsKey describe(KmsOperations n, String keyId) {
        return n.lifecycle().describeKey(ctx(ALICE), new LifecycleRequests.DescribeKey(keyId));
    }

    @Test
    void aKeyCreatedDisabledAndAliasedOnOneNodeIsSeenOnTheOtherAfterRefresh() {
        KmsKey k = newKey(a, ALICE);
        assertThatThrownBy(() -> describe(b, k.keyId())).extracting("errorCode").isEqualTo("NotFoundException");
        b.registry().refresh();
        assertThat(describe(b, k.keyId())).isEqualTo(k);
        byte[] blob = b.cryptography()
                .encrypt(ctx(ALICE), new CryptoRequests.Encrypt(k.keyId(), new byte[] {42}, Map.of(), null, false))
                .ciphertextBlob();

        a.lifecycle().disableKey(ctx(ALICE), new LifecycleRequests.DisableKey(k.keyId()));
        alias(a, ALICE, "alias/shared", k);
        b.registry().refresh();
        assertThat(describe(b, "alias/shared").state()).isEqualTo(KeyState.Disabled);
        assertFails(
                () -> b.cryptography()
                        .decrypt(ctx(ALICE), new CryptoRequests.Decrypt(blob, Map.of(), null, null, false)),
                "DisabledException",
                k.arn() + " is disabled.");

        a.lifecycle().enableKey(ctx(ALICE), new LifecycleRequests.EnableKey(k.keyId()));
        a.aliases().deleteAlias(ctx(ALICE), new AliasRequests.DeleteAlias("alias/shared"));
        b.registry().refresh();
        assertThat(b.cryptography()
                        .decrypt(ctx(ALICE), new CryptoRequests.Decrypt(blob, Map.of(), null, null, false))
                        .plaintext())
                .containsExactly(42);
        assertThatThrownBy(() -> describe(b, "alias/shared"))
                .extracting("errorCode")
                .isEqualTo("NotFoundException");

        a.lifecycle().scheduleKeyDeletion(ctx(ALICE), new LifecycleRequests.ScheduleKeyDeletion(k.keyId(), 7));
        clock.now = clock.now.plus(Duration.ofDays(8));
        assertThat(a.lifecycle().purgeExpiredKeys()).isEqualTo(1);
        b.registry().refresh();
        assertThat(b.registry().keyCount()).isZero();
    }

    @Test
    void ownWritesComeBackThroughTheFeedAndChangeNothing() {
        KmsKey k = newKey(a, ALICE);
        KeyEntry before = a.registry().entry(k.address());
        a.registry().refresh();
        assertThat(a.registry().entry(k.address())).isSameAs(before);
    }

    @Test
    void twoRacingCreateAliasOneWinsTheOtherGetsAlreadyExists() {
        KmsKey k = newKey(a, ALICE);
        b.registry().refresh();
        alias(a, ALICE, "alias/race", k);
        // b has not seen a's alias: the store's precondition decides
        assertFails(
                () -> alias(b, ALICE, "alias/race", k),
                "AlreadyExistsException",
                "An alias with the name arn:aws:kms:us-east-1:111122223333:alias/race already exists");
        assertThat(describe(b, "alias/race")).isEqualTo(k);
    }

    @Test
    void manyRacingCreateAliasExactlyOneWins() throws Exception {
        KmsKey k = newKey(a, ALICE);
        b.registry().refresh();
        for (int round = 0; round < 20; round++) {
            String name = "alias/race-" + round;
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<Boolean>> tries = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                KmsOperations n = i % 2 == 0 ? a : b;
                tries.add(pool.submit(() -> {
                    go.await();
                    try {
                        alias(n, ALICE, name, k);
                        return true;
                    } catch (ServiceException e) {
                        assertThat(e.errorCode()).isEqualTo("AlreadyExistsException");
                        return false;
                    }
                }));
            }
            go.countDown();
            int wins = 0;
            for (Future<Boolean> f : tries) wins += f.get(10, TimeUnit.SECONDS) ? 1 : 0;
            pool.shutdown();
            assertThat(wins).as(name).isEqualTo(1);
        }
    }

    @Test
    void aStaleNodeRereadsTheKeyInsteadOfOverwritingAChange() {
        KmsKey k = newKey(a, ALICE);
        b.registry().refresh();
        a.lifecycle().updateKeyDescription(ctx(ALICE), new LifecycleRequests.UpdateKeyDescription(k.keyId(), "from a"));
        // b still holds the old version; its tag write must not undo a's description
        b.tagsAndPolicies()
                .tagResource(ctx(ALICE), new TagPolicyRequests.TagResource(k.keyId(), List.of(new Tag("from", "b"))));
        a.registry().refresh();
        for (KmsOperations n : List.of(a, b)) {
            KmsKey seen = describe(n, k.keyId());
            assertThat(seen.description()).isEqualTo("from a");
            assertThat(seen.tags()).containsExactly(new Tag("from", "b"));
        }
    }

    @Test
    void concurrentDisableEnableDescriptionAndTagUpdatesLoseNothing() throws Exception {
        KmsKey k = newKey(a, ALICE);
        b.registry().refresh();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(5);
        List<Future<?>> work = new ArrayList<>();
        // two taggers per node, each adding its own tags
        for (int t = 0; t < 4; t++) {
            KmsOperations n = t % 2 == 0 ? a : b;
            int tagger = t;
            work.add(pool.submit(() -> {
                for (int i = 0; i < 10; i++) {
                    n.tagsAndPolicies()
                            .tagResource(
                                    ctx(ALICE),
                                    new TagPolicyRequests.TagResource(
                                            k.keyId(), List.of(new Tag("t" + tagger + "-" + i, "v"))));
                }
                return null;
            }));
        }
        // meanwhile the other node flips the key and its description
        work.add(pool.submit(() -> {
            int i = 0;
            while (!stop.get() || i < 10) {
                KmsOperations n = i % 2 == 0 ? b : a;
                if (i % 3 == 0) n.lifecycle().disableKey(ctx(ALICE), new LifecycleRequests.DisableKey(k.keyId()));
                else n.lifecycle().enableKey(ctx(ALICE), new LifecycleRequests.EnableKey(k.keyId()));
                n.lifecycle()
                        .updateKeyDescription(
                                ctx(ALICE), new LifecycleRequests.UpdateKeyDescription(k.keyId(), "d" + i));
                i++;
            }
            a.lifecycle()
                    .updateKeyDescription(ctx(ALICE), new LifecycleRequests.UpdateKeyDescription(k.keyId(), "final"));
            a.lifecycle().enableKey(ctx(ALICE), new LifecycleRequests.EnableKey(k.keyId()));
            return null;
        }));
        for (int i = 0; i < 4; i++) work.get(i).get(60, TimeUnit.SECONDS);
        stop.set(true);
        work.get(4).get(60, TimeUnit.SECONDS);
        pool.shutdown();
        a.registry().refresh();
        b.registry().refresh();
        for (KmsOperations n : List.of(a, b)) {
            KmsKey seen = describe(n, k.keyId());
            assertThat(seen.tags()).hasSize(40);
            assertThat(seen.description()).isEqualTo("final");
            assertThat(seen.state()).isEqualTo(KeyState.Enabled);
        }
        KmsKey stored = KeyCodec.decode(
                store.get(StorageLayout.keyPath(k.address())).orElseThrow().value());
        assertThat(stored).isEqualTo(describe(a, k.keyId()));
    }

    @Test
    void aStoreThatForgotItsChangesMakesTheViewReloadEverything() {
        ForgetfulStore forgetful = new ForgetfulStore(store);
        KmsOperations c = KmsOperations.create(forgetful, Authorizer.ALLOW_ALL, clock, random);
        KmsKey gone = newKey(a, ALICE);
        c.registry().refresh();
        assertThat(c.registry().keyCount()).isEqualTo(1);
        KmsKey kept = newKey(a, ALICE);
        alias(a, ALICE, "alias/kept", kept);
        a.lifecycle().scheduleKeyDeletion(ctx(ALICE), new LifecycleRequests.ScheduleKeyDeletion(gone.keyId(), 7));
        clock.now = clock.now.plus(Duration.ofDays(8));
        a.lifecycle().purgeExpiredKeys();
        forgetful.forget = true;
        c.registry().refresh();
        assertThat(c.registry().keys(ALICE.accountId(), ALICE.region())).containsExactly(kept);
        assertThat(describe(c, "alias/kept")).isEqualTo(kept);
    }

    @Test
    void aRefreshThatFailsHalfwayIsResumedByTheNextOne() {
        ForgetfulStore flaky = new ForgetfulStore(store);
        KmsOperations c = KmsOperations.create(flaky, Authorizer.ALLOW_ALL, clock, random);
        KmsKey k = newKey(a, ALICE);
        flaky.failReads = true;
        assertThatThrownBy(() -> c.registry().refresh()).isInstanceOf(IllegalStateException.class);
        assertThat(c.registry().keyCount()).isZero();
        flaky.failReads = false;
        c.registry().refresh();
        assertThat(describe(c, k.keyId())).isEqualTo(k);
    }

    /** A store whose change feed has forgotten everything once told to, and whose reads fail while told to. */
    static final class ForgetfulStore implements Store {
        private final Store inner;
        volatile boolean forget;
        volatile boolean failReads;

        ForgetfulStore(Store inner) {
            this.inner = inner;
        }

        @Override
        public Optional<Entry> get(String key) {
            if (failReads) throw new IllegalStateException("read failed");
            return inner.get(key);
        }

        @Override
        public List<Entry> scan(String prefix) {
            return inner.scan(prefix);
        }

        @Override
        public long apply(List<Mutation> mutations) {
            return inner.apply(mutations);
        }

        @Override
        public long revision() {
            return inner.revision();
        }

        @Override
        public ChangePage changesSince(long revision, int limit) {
            if (forget) {
                forget = false;
                return new ChangePage(List.of(), true, inner.revision());
            }
            return inner.changesSince(revision, limit);
        }

        @Override
        public boolean tryLease(String name, String holder, Instant now, Duration ttl) {
            return inner.tryLease(name, holder, now, ttl);
        }

        @Override
        public void releaseLease(String name, String holder) {
            inner.releaseLease(name, holder);
        }

        @Override
        public void close() {}
    }

    @Test
    void aStoreRestoredToAnOlderStateIsReloadedNotTrusted() {
        KmsKey kept = newKey(a, ALICE);
        InMemoryStore backup = store.copy();
        KmsKey lost = newKey(a, ALICE);
        KmsOperations c = KmsOperations.create(store, Authorizer.ALLOW_ALL, clock, random);
        assertThat(c.registry().keyCount()).isEqualTo(2);
        store.restore(backup);
        c.registry().refresh();
        assertThat(c.registry().keyCount()).isEqualTo(1);
        assertThat(describe(c, kept.keyId())).isEqualTo(kept);
        assertThatThrownBy(() -> describe(c, lost.keyId()))
                .extracting("errorCode")
                .isEqualTo("NotFoundException");
    }
}
