package dev.trent.core.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trent.core.ServiceException;
import dev.trent.core.store.InMemoryStore;
import dev.trent.core.store.Store;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class IdentityStoreTest {
    static final String ACCOUNT = "111122223333";
    static final String ROOT = IdentityStore.rootArn(ACCOUNT);

    /** A clock tests move by hand. */
    static final class TestClock extends Clock {
        volatile Instant now = Instant.parse("2026-11-23T10:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final InMemoryStore store = new InMemoryStore();
    private final TestClock clock = new TestClock();
    private final SecureRandom random = new SecureRandom();

    private IdentityStore identities() {
        return new IdentityStore(store, clock, random);
    }

    @Test
    void bootstrapCreatesOneAccountWithAnActiveRootKeyOnce() {
        IdentityStore ids = identities();
        AccessKey k = ids.bootstrap().orElseThrow();
        assertThat(IdentityStore.isAccountId(k.accountId())).isTrue();
        assertThat(k.principalArn()).isEqualTo("arn:aws:iam::" + k.accountId() + ":root");
        assertThat(k.accessKeyId()).matches("AKIA[A-Z2-7]{16}");
        assertThat(k.secretAccessKey()).hasSize(40);
        assertThat(k.active()).isTrue();
        assertThat(k.status()).isEqualTo("Active");
        assertThat(k.userName()).isEqualTo("<root_account>");
        assertThat(k.createdAt()).isEqualTo(clock.now);
        assertThat(k.toString()).doesNotContain(k.secretAccessKey());
        assertThat(ids.bootstrap()).isEmpty();
        assertThat(ids.accountIds()).containsExactly(k.accountId());

        // another process bootstrapping the same store finds it done
        IdentityStore other = identities();
        assertThat(other.bootstrap()).isEmpty();
        assertThat(other.accessKey(k.accessKeyId())).contains(k);
        // the secret is in the store (the barrier seals it there), never in the record's key
        assertThat(store.raw().keySet())
                .containsExactlyInAnyOrder("iam/accounts/" + k.accountId(), "iam/access-keys/" + k.accessKeyId());
    }

    @Test
    void createListDeactivateAndDelete() {
        IdentityStore ids = identities();
        assertThat(ids.createAccount(ACCOUNT)).isTrue();
        assertThat(ids.createAccount(ACCOUNT)).isFalse();
        assertThat(ids.accessKeys(ROOT)).isEmpty();

        AccessKey first = ids.createAccessKey(ROOT);
        clock.advance(Duration.ofMinutes(1));
        AccessKey second = ids.createAccessKey(ROOT);
        assertThat(ids.accessKeys(ROOT)).containsExactly(first, second);
        assertThat(first.accountId()).isEqualTo(ACCOUNT);
        assertThat(second.createdAt()).isAfter(first.createdAt());

        AccessKey inactive = ids.updateAccessKey(first.accessKeyId(), false);
        assertThat(inactive.status()).isEqualTo("Inactive");
        assertThat(inactive.secretAccessKey()).isEqualTo(first.secretAccessKey());
        assertThat(ids.accessKey(first.accessKeyId())).contains(inactive);
        assertThat(ids.updateAccessKey(first.accessKeyId(), false)).isEqualTo(inactive); // no change
        assertThat(ids.updateAccessKey(first.accessKeyId(), true).active()).isTrue();

        assertThat(ids.deleteAccessKey(first.accessKeyId()).accessKeyId()).isEqualTo(first.accessKeyId());
        assertThat(ids.accessKey(first.accessKeyId())).isEmpty();
        assertThat(ids.accessKeys(ROOT)).containsExactly(second);
        // persisted: a fresh view loads the same
        assertThat(identities().accessKeys(ROOT)).containsExactly(second);
    }

    @Test
    void missingKeysAndAccountsAreIamsNoSuchEntity() {
        IdentityStore ids = identities();
        for (Runnable r : List.<Runnable>of(
                () -> ids.updateAccessKey("AKIAAAAAAAAAAAAAAAAA", false),
                () -> ids.deleteAccessKey("AKIAAAAAAAAAAAAAAAAA"))) {
            assertThatThrownBy(r::run)
                    .isInstanceOfSatisfying(ServiceException.class, e -> {
                        assertThat(e.errorCode()).isEqualTo("NoSuchEntity");
                        assertThat(e.httpStatus()).isEqualTo(404);
                    })
                    .hasMessage("The Access Key with id AKIAAAAAAAAAAAAAAAAA cannot be found.");
        }
        assertThatThrownBy(() -> ids.createAccessKey(ROOT))
                .isInstanceOfSatisfying(
                        ServiceException.class, e -> assertThat(e.errorCode()).isEqualTo("NoSuchEntity"))
                .hasMessage("The account with id 111122223333 cannot be found.");
        assertThatThrownBy(() -> ids.createAccessKey("arn:aws:iam::111122223333:user/alice"))
                .isInstanceOfSatisfying(
                        ServiceException.class, e -> assertThat(e.errorCode()).isEqualTo("NoSuchEntity"))
                .hasMessage("The user with name alice cannot be found.");
        assertThatThrownBy(() -> ids.createAccount("12345")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aUserHasAtMostTwoAccessKeysAsInIam() {
        IdentityStore ids = identities();
        ids.createAccount(ACCOUNT);
        AccessKey first = ids.createAccessKey(ROOT);
        ids.createAccessKey(ROOT);
        ids.updateAccessKey(first.accessKeyId(), false); // inactive keys count too
        assertThatThrownBy(() -> ids.createAccessKey(ROOT))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo("LimitExceeded");
                    assertThat(e.httpStatus()).isEqualTo(409);
                })
                .hasMessage("Cannot exceed quota for AccessKeysPerUser: 2");
        // per user: another account's root is not affected
        ids.createAccount("444455556666");
        ids.createAccessKey(IdentityStore.rootArn("444455556666"));
        ids.deleteAccessKey(first.accessKeyId());
        assertThat(ids.createAccessKey(ROOT).active()).isTrue();
    }

    @Test
    void replacingAlwaysWorksDeletingTheOldestInactiveKeyElseTheOldest() {
        IdentityStore ids = identities();
        ids.createAccount(ACCOUNT);
        IdentityStore.Replacement r = ids.replaceAccessKey(ROOT);
        assertThat(r.deleted()).isEmpty();
        AccessKey a = r.created();
        clock.advance(Duration.ofMinutes(1));
        AccessKey b = ids.createAccessKey(ROOT);
        clock.advance(Duration.ofMinutes(1));

        // both active: the oldest goes
        r = ids.replaceAccessKey(ROOT);
        assertThat(r.deleted()).contains(a);
        AccessKey c = r.created();
        assertThat(ids.accessKeys(ROOT)).containsExactly(b, c);
        clock.advance(Duration.ofMinutes(1));

        // an inactive key goes before an older active one
        AccessKey cInactive = ids.updateAccessKey(c.accessKeyId(), false);
        r = ids.replaceAccessKey(ROOT);
        assertThat(r.deleted()).contains(cInactive);
        assertThat(ids.accessKeys(ROOT)).containsExactly(b, r.created());
        assertThat(identities().accessKeys(ROOT)).containsExactly(b, r.created());
        clock.advance(Duration.ofMinutes(1));

        // all active: the key being replaced goes before the oldest
        AccessKey d = r.created();
        r = ids.replaceAccessKey(ROOT, d.accessKeyId());
        assertThat(r.deleted()).contains(d);
        assertThat(ids.accessKeys(ROOT)).containsExactly(b, r.created());
        // a key of nobody's (or of another user) named: the oldest
        r = ids.replaceAccessKey(ROOT, "AKIANOTTHEREATALL000");
        assertThat(r.deleted()).contains(b);
    }

    @Test
    void twoViewsOfOneStoreFollowEachOthersWrites() {
        IdentityStore a = identities();
        IdentityStore b = identities();
        a.createAccount(ACCOUNT);
        AccessKey k = a.createAccessKey(ROOT);
        assertThat(b.accessKey(k.accessKeyId())).isEmpty();
        assertThat(b.hasAccount(ACCOUNT)).isFalse();
        b.refresh();
        assertThat(b.hasAccount(ACCOUNT)).isTrue();
        assertThat(b.accessKey(k.accessKeyId())).contains(k);

        a.updateAccessKey(k.accessKeyId(), false);
        b.refresh();
        assertThat(b.accessKey(k.accessKeyId()))
                .hasValueSatisfying(x -> assertThat(x.active()).isFalse());

        b.updateAccessKey(k.accessKeyId(), true); // b writes at the version it followed
        a.refresh();
        assertThat(a.accessKey(k.accessKeyId()))
                .hasValueSatisfying(x -> assertThat(x.active()).isTrue());

        a.deleteAccessKey(k.accessKeyId());
        b.refresh();
        assertThat(b.accessKey(k.accessKeyId())).isEmpty();
        assertThat(b.accessKeys(ROOT)).isEmpty();
    }

    @Test
    void aStaleViewRereadsBeforeWritingSoTheQuotaHoldsAcrossWriters() {
        IdentityStore a = identities();
        a.createAccount(ACCOUNT);
        a.createAccessKey(ROOT);
        IdentityStore b = identities(); // sees one key
        a.createAccessKey(ROOT); // now two; b has not followed
        assertThat(b.accessKeys(ROOT)).hasSize(1);
        assertThatThrownBy(() -> b.createAccessKey(ROOT))
                .isInstanceOf(ServiceException.class)
                .hasMessage("Cannot exceed quota for AccessKeysPerUser: 2");
        assertThat(b.accessKeys(ROOT)).hasSize(2);
        assertThat(store.scan("iam/access-keys/")).hasSize(2);

        // a stale view updating a key another view changed re-reads it first
        AccessKey k = a.accessKeys(ROOT).getFirst();
        IdentityStore c = identities();
        a.updateAccessKey(k.accessKeyId(), false);
        a.updateAccessKey(k.accessKeyId(), true);
        assertThat(c.updateAccessKey(k.accessKeyId(), false).active()).isFalse();
        a.refresh();
        assertThat(a.accessKey(k.accessKeyId()).orElseThrow().active()).isFalse();
    }

    @Test
    void concurrentCreatorsNeverExceedTheQuota() throws Exception {
        identities().createAccount(ACCOUNT);
        int writers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Optional<AccessKey>>> results = new java.util.ArrayList<>();
            for (int i = 0; i < writers; i++) {
                IdentityStore ids = identities();
                results.add(pool.submit(() -> {
                    go.await();
                    try {
                        return Optional.of(ids.createAccessKey(ROOT));
                    } catch (ServiceException limit) {
                        return Optional.empty();
                    }
                }));
            }
            go.countDown();
            int created = 0;
            for (Future<Optional<AccessKey>> f : results) {
                if (f.get(30, TimeUnit.SECONDS).isPresent()) created++;
            }
            assertThat(created).isEqualTo(2);
            assertThat(store.scan("iam/access-keys/")).hasSize(2);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aStoreRestoredFromAnOlderCopyIsReloaded() {
        IdentityStore ids = identities();
        ids.createAccount(ACCOUNT);
        AccessKey kept = ids.createAccessKey(ROOT);
        InMemoryStore backup = store.copy();
        AccessKey lost = ids.createAccessKey(ROOT);
        ids.updateAccessKey(kept.accessKeyId(), false);
        store.restore(backup);
        ids.refresh();
        assertThat(ids.accessKeys(ROOT)).containsExactly(kept);
        assertThat(ids.accessKey(lost.accessKeyId())).isEmpty();
    }

    @Test
    void recordsOfOtherAreasInTheFeedAreIgnored() {
        IdentityStore ids = identities();
        store.apply(List.of(Store.Mutation.put("kms/keys/x", "{}".getBytes(StandardCharsets.UTF_8))));
        ids.refresh();
        assertThat(ids.hasAccounts()).isFalse();
    }

    @Test
    void theRefresherFollowsTheStoreUntilClosed() throws Exception {
        IdentityStore follower = identities();
        follower.startRefreshing(Duration.ofMillis(20));
        try {
            IdentityStore writer = identities();
            writer.createAccount(ACCOUNT);
            AccessKey k = writer.createAccessKey(ROOT);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (follower.accessKey(k.accessKeyId()).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(follower.accessKey(k.accessKeyId())).contains(k);
            assertThatThrownBy(() -> follower.startRefreshing(Duration.ofSeconds(1)))
                    .isInstanceOf(IllegalStateException.class);
        } finally {
            follower.close();
        }
        follower.close(); // idempotent
    }
}
