package dev.trent.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.trent.core.store.Store.Change;
import dev.trent.core.store.Store.ChangePage;
import dev.trent.core.store.Store.Entry;
import dev.trent.core.store.Store.Mutation;
import dev.trent.core.store.Store.Precondition;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Store} backend must show. A backend's test extends this and supplies a fresh
 * store; one suite for all backends, as Vault does.
 */
public abstract class StoreContract {
    protected abstract Store newStore() throws Exception;

    /** Closes and reopens the same backing data, to check durability. */
    protected abstract Store reopen(Store closed) throws Exception;

    /**
     * A fresh store whose change feed forgets changes older than about the newest {@code revisions} revisions
     * (it must keep at least those), or null if this backend never prunes its feed.
     */
    protected Store newStoreKeepingFeedRevisions(long revisions) throws Exception {
        return null;
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void putGetDelete() throws Exception {
        try (Store s = newStore()) {
            assertThat(s.get("a")).isEmpty();
            s.apply(List.of(Store.Mutation.put("a", b("1"))));
            assertThat(s.get("a")).hasValueSatisfying(v -> assertThat(v.value()).isEqualTo(b("1")));
            s.apply(List.of(Store.Mutation.put("a", b("2"))));
            assertThat(s.get("a")).hasValueSatisfying(v -> assertThat(v.value()).isEqualTo(b("2")));
            s.apply(List.of(Store.Mutation.delete("a")));
            assertThat(s.get("a")).isEmpty();
            s.apply(List.of(Store.Mutation.delete("never-there")));
        }
    }

    @Test
    void scanIsOrderedAndPrefixBounded() throws Exception {
        try (Store s = newStore()) {
            s.apply(List.of(
                    Store.Mutation.put("k/b", b("2")),
                    Store.Mutation.put("k/a", b("1")),
                    Store.Mutation.put("k/c/x", b("3")),
                    Store.Mutation.put("k", b("root")),
                    Store.Mutation.put("kz", b("other")),
                    Store.Mutation.put("j/a", b("other"))));
            assertThat(s.scan("k/")).extracting(Store.Entry::key).containsExactly("k/a", "k/b", "k/c/x");
            assertThat(s.scan("nothing/")).isEmpty();
            assertThat(s.scan("")).hasSize(6);
        }
    }

    @Test
    void batchIsAppliedInOrder() throws Exception {
        try (Store s = newStore()) {
            s.apply(List.of(
                    Store.Mutation.put("x", b("1")), Store.Mutation.delete("x"), Store.Mutation.put("y", b("2"))));
            assertThat(s.get("x")).isEmpty();
            assertThat(s.get("y")).isPresent();
        }
    }

    @Test
    void binaryValuesAndUnicodeKeysRoundTrip() throws Exception {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) all[i] = (byte) i;
        try (Store s = newStore()) {
            s.apply(List.of(Store.Mutation.put("ключ/✓", all)));
            assertThat(s.get("ключ/✓"))
                    .hasValueSatisfying(v -> assertThat(v.value()).isEqualTo(all));
            assertThat(s.scan("ключ/")).hasSize(1);
        }
    }

    @Test
    void survivesReopen() throws Exception {
        Store s = newStore();
        s.apply(List.of(Store.Mutation.put("durable", b("yes"))));
        try (Store again = reopen(s)) {
            assertThat(again.get("durable"))
                    .hasValueSatisfying(v -> assertThat(v.value()).isEqualTo(b("yes")));
        }
    }

    private static long put(Store s, String key, String value) {
        return s.apply(List.of(Mutation.put(key, b(value))));
    }

    private static long version(Store s, String key) {
        return s.get(key).orElseThrow().version();
    }

    private static String text(Store s, String key) {
        return new String(s.get(key).orElseThrow().value(), StandardCharsets.UTF_8);
    }

    /** Every change after {@code revision}, read in pages of {@code limit}. */
    private static List<Change> feed(Store s, long revision, int limit) {
        List<Change> out = new ArrayList<>();
        long cursor = revision;
        while (true) {
            ChangePage page = s.changesSince(cursor, limit);
            assertThat(page.reloadRequired()).isFalse();
            if (page.changes().isEmpty()) return out;
            out.addAll(page.changes());
            cursor = page.changes().getLast().revision();
        }
    }

    @Test
    void revisionsIncreaseAndStampTheEntriesTheyWrite() throws Exception {
        try (Store s = newStore()) {
            assertThat(s.revision()).isZero();
            long r1 = s.apply(List.of(Mutation.put("a", b("1")), Mutation.put("b", b("1"))));
            assertThat(r1).isPositive();
            assertThat(s.revision()).isEqualTo(r1);
            assertThat(version(s, "a")).isEqualTo(r1);
            assertThat(version(s, "b")).isEqualTo(r1);

            long r2 = put(s, "a", "2");
            assertThat(r2).isGreaterThan(r1);
            assertThat(version(s, "a")).isEqualTo(r2);
            assertThat(version(s, "b")).isEqualTo(r1); // untouched entries keep theirs
            assertThat(s.scan("")).extracting(Entry::version).containsExactly(r2, r1);

            long r3 = s.apply(List.of(Mutation.delete("b")));
            assertThat(r3).isGreaterThan(r2);
            assertThat(s.revision()).isEqualTo(r3);
        }
    }

    @Test
    void aBatchThatChangesNothingGetsNoRevision() throws Exception {
        try (Store s = newStore()) {
            long r = put(s, "a", "1");
            assertThat(s.apply(List.of())).isEqualTo(r);
            assertThat(s.apply(List.of(Mutation.delete("absent")))).isEqualTo(r);
            assertThat(s.apply(List.of(Mutation.check("a", Precondition.version(r)))))
                    .isEqualTo(r);
            assertThat(s.revision()).isEqualTo(r);
            assertThat(s.changesSince(r, 10).changes()).isEmpty();
            assertThat(put(s, "b", "1")).isGreaterThan(r);
        }
    }

    @Test
    void createOnAnExistingKeyFailsTheWholeBatch() throws Exception {
        try (Store s = newStore()) {
            long r = put(s, "a", "1");
            assertThatThrownBy(() -> s.apply(List.of(
                            Mutation.put("b", b("2")),
                            Mutation.delete("x"),
                            Mutation.create("a", b("2")),
                            Mutation.put("c", b("3")))))
                    .isInstanceOf(PreconditionFailedException.class)
                    .extracting(e -> ((PreconditionFailedException) e).key())
                    .isEqualTo("a");
            assertThat(s.get("b")).isEmpty();
            assertThat(s.get("c")).isEmpty();
            assertThat(text(s, "a")).isEqualTo("1");
            assertThat(version(s, "a")).isEqualTo(r);
            assertThat(s.revision()).isEqualTo(r);
            assertThat(s.changesSince(r, 10).changes()).isEmpty();

            long r2 = s.apply(List.of(Mutation.create("b", b("2"))));
            assertThat(r2).isGreaterThan(r);
            assertThat(version(s, "b")).isEqualTo(r2);
        }
    }

    @Test
    void versionCompareAndSet() throws Exception {
        try (Store s = newStore()) {
            long v1 = put(s, "a", "1");
            long v2 = s.apply(List.of(Mutation.put("a", b("2"), Precondition.version(v1))));
            assertThat(text(s, "a")).isEqualTo("2");
            assertThat(version(s, "a")).isEqualTo(v2);

            assertThatThrownBy(() -> s.apply(List.of(Mutation.put("a", b("stale"), Precondition.version(v1)))))
                    .isInstanceOf(PreconditionFailedException.class);
            assertThatThrownBy(() -> s.apply(List.of(Mutation.delete("a", Precondition.version(v1)))))
                    .isInstanceOf(PreconditionFailedException.class);
            assertThatThrownBy(() -> s.apply(List.of(Mutation.put("absent", b("x"), Precondition.version(v2)))))
                    .isInstanceOf(PreconditionFailedException.class);
            assertThat(s.get("absent")).isEmpty();
            assertThat(text(s, "a")).isEqualTo("2");
            assertThat(s.revision()).isEqualTo(v2);

            long v3 = s.apply(List.of(Mutation.delete("a", Precondition.version(v2))));
            assertThat(s.get("a")).isEmpty();
            assertThat(v3).isGreaterThan(v2);
            assertThatThrownBy(() -> s.apply(List.of(Mutation.delete("a", Precondition.version(v2)))))
                    .isInstanceOf(PreconditionFailedException.class);
            // requiring absence of an absent key succeeds and writes nothing
            assertThat(s.apply(List.of(Mutation.delete("a", Precondition.ABSENT))))
                    .isEqualTo(v3);
        }
    }

    @Test
    void checksGuardABatchWithoutWriting() throws Exception {
        try (Store s = newStore()) {
            long va = put(s, "a", "1");
            long r = s.apply(List.of(
                    Mutation.check("a", Precondition.version(va)),
                    Mutation.check("nothing", Precondition.ABSENT),
                    Mutation.put("b", b("1"))));
            assertThat(version(s, "a")).isEqualTo(va); // a check does not touch its key
            assertThat(s.changesSince(va, 10).changes()).containsExactly(new Change(r, "b", false));

            assertThatThrownBy(
                            () -> s.apply(List.of(Mutation.put("c", b("1")), Mutation.check("a", Precondition.ABSENT))))
                    .isInstanceOf(PreconditionFailedException.class)
                    .extracting(e -> ((PreconditionFailedException) e).key())
                    .isEqualTo("a");
            assertThatThrownBy(() ->
                            s.apply(List.of(Mutation.check("b", Precondition.version(va)), Mutation.put("c", b("1")))))
                    .isInstanceOf(PreconditionFailedException.class);
            assertThatThrownBy(() -> s.apply(List.of(Mutation.check("nothing", Precondition.version(va)))))
                    .isInstanceOf(PreconditionFailedException.class);
            assertThat(s.get("c")).isEmpty();
            assertThat(s.revision()).isEqualTo(r);
        }
    }

    @Test
    void preconditionsSeeTheEarlierMutationsOfTheirBatch() throws Exception {
        try (Store s = newStore()) {
            long va = put(s, "a", "1");
            // delete then re-create in one batch: the create sees the key gone
            long r = s.apply(List.of(Mutation.delete("a", Precondition.version(va)), Mutation.create("a", b("2"))));
            assertThat(text(s, "a")).isEqualTo("2");
            assertThat(version(s, "a")).isEqualTo(r);
            // create then require absence in one batch: fails, and the create is undone
            assertThatThrownBy(() ->
                            s.apply(List.of(Mutation.create("n", b("1")), Mutation.check("n", Precondition.ABSENT))))
                    .isInstanceOf(PreconditionFailedException.class);
            assertThat(s.get("n")).isEmpty();
            assertThat(s.revision()).isEqualTo(r);
        }
    }

    @Test
    void concurrentCompareAndSetIncrementsLoseNothing() throws Exception {
        int threads = 8;
        int increments = 25;
        try (Store s = newStore()) {
            put(s, "counter", "0");
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<List<Long>>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    results.add(pool.submit(() -> {
                        start.await();
                        List<Long> revisions = new ArrayList<>();
                        for (int i = 0; i < increments; i++) {
                            while (true) {
                                Entry e = s.get("counter").orElseThrow();
                                long next = Long.parseLong(new String(e.value(), StandardCharsets.UTF_8)) + 1;
                                try {
                                    revisions.add(s.apply(List.of(Mutation.put(
                                            "counter", b(Long.toString(next)), Precondition.version(e.version())))));
                                    break;
                                } catch (PreconditionFailedException lost) {
                                    // someone else incremented first: read again
                                }
                            }
                        }
                        return revisions;
                    }));
                }
                start.countDown();
                Set<Long> all = new HashSet<>();
                for (Future<List<Long>> f : results) all.addAll(f.get(2, TimeUnit.MINUTES));
                assertThat(all).hasSize(threads * increments); // no revision handed out twice
            } finally {
                pool.shutdownNow();
            }
            assertThat(text(s, "counter")).isEqualTo(Integer.toString(threads * increments));
        }
    }

    @Test
    void concurrentCreatesOfOneKeyHaveExactlyOneWinner() throws Exception {
        int threads = 8;
        try (Store s = newStore()) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                for (int round = 0; round < 3; round++) {
                    String key = "alias/" + round;
                    CountDownLatch start = new CountDownLatch(1);
                    List<Future<Boolean>> results = new ArrayList<>();
                    for (int t = 0; t < threads; t++) {
                        String value = "node" + t;
                        results.add(pool.submit(() -> {
                            start.await();
                            try {
                                s.apply(List.of(Mutation.create(key, b(value))));
                                return true;
                            } catch (PreconditionFailedException lost) {
                                assertThat(lost.key()).isEqualTo(key);
                                return false;
                            }
                        }));
                    }
                    start.countDown();
                    int winners = 0;
                    for (Future<Boolean> f : results) if (f.get(1, TimeUnit.MINUTES)) winners++;
                    assertThat(winners).isEqualTo(1);
                    assertThat(text(s, key)).startsWith("node");
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void changeFeedListsEveryWriteAndDeleteInOrder() throws Exception {
        try (Store s = newStore()) {
            long r1 = s.apply(List.of(Mutation.put("b", b("1")), Mutation.put("a", b("1"))));
            long r2 = s.apply(List.of(Mutation.delete("b"), Mutation.delete("never-there"), Mutation.put("c", b("1"))));
            long r3 = s.apply(List.of(Mutation.delete("a")));
            List<Change> all = List.of(
                    new Change(r1, "b", false),
                    new Change(r1, "a", false),
                    new Change(r2, "b", true),
                    new Change(r2, "c", false),
                    new Change(r3, "a", true));
            ChangePage page = s.changesSince(0, 100);
            assertThat(page.changes()).containsExactlyElementsOf(all);
            assertThat(page.reloadRequired()).isFalse();
            assertThat(page.headRevision()).isEqualTo(r3);

            assertThat(s.changesSince(r1, 100).changes()).containsExactlyElementsOf(all.subList(2, 5));
            ChangePage atHead = s.changesSince(r3, 100);
            assertThat(atHead.changes()).isEmpty();
            assertThat(atHead.reloadRequired()).isFalse();
            assertThat(atHead.headRevision()).isEqualTo(r3);
        }
    }

    @Test
    void changeFeedPagesHoldWholeBatches() throws Exception {
        try (Store s = newStore()) {
            int[] sizes = {2, 3, 1, 1, 5, 2};
            List<Change> expected = new ArrayList<>();
            for (int batch = 0; batch < sizes.length; batch++) {
                List<Mutation> ms = new ArrayList<>();
                for (int i = 0; i < sizes[batch]; i++) ms.add(Mutation.put("k" + batch + "/" + i, b("v")));
                long r = s.apply(ms);
                for (int i = 0; i < sizes[batch]; i++) expected.add(new Change(r, "k" + batch + "/" + i, false));
            }
            for (int limit : new int[] {1, 2, 3, 4, 100}) {
                long cursor = 0;
                List<Change> seen = new ArrayList<>();
                while (true) {
                    List<Change> page = s.changesSince(cursor, limit).changes();
                    if (page.isEmpty()) break;
                    long first = page.getFirst().revision();
                    long last = page.getLast().revision();
                    // at most limit, unless one batch alone is larger; and never part of a batch
                    if (page.size() > limit) assertThat(last).isEqualTo(first);
                    assertThat(page)
                            .containsExactlyElementsOf(expected.stream()
                                    .filter(c -> c.revision() >= first && c.revision() <= last)
                                    .toList());
                    seen.addAll(page);
                    cursor = last;
                }
                assertThat(seen).as("limit %d", limit).containsExactlyElementsOf(expected);
            }
            assertThat(feed(s, 0, 3)).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void changeFeedAsksForAReloadOnceItHasForgotten() throws Exception {
        try (Store s = newStoreKeepingFeedRevisions(3)) {
            assumeTrue(s != null, "this backend never prunes its change feed");
            long first = put(s, "k0", "v");
            long head = first;
            for (int i = 1; i < 20; i++) head = put(s, "k" + i, "v");

            ChangePage old = s.changesSince(0, 100);
            assertThat(old.reloadRequired()).isTrue();
            assertThat(old.changes()).isEmpty();
            assertThat(old.headRevision()).isEqualTo(head);
            assertThat(s.changesSince(first, 100).reloadRequired()).isTrue();

            // the newest revisions it promised to keep are all there
            List<Change> recent = feed(s, head - 3, 100);
            assertThat(recent).extracting(Change::key).containsExactly("k17", "k18", "k19");

            // a reader that reloaded continues from the head it was given
            ChangePage after = s.changesSince(old.headRevision(), 100);
            assertThat(after.reloadRequired()).isFalse();
            assertThat(after.changes()).isEmpty();
        }
    }

    @Test
    void leasesHaveOneHolderAtATime() throws Exception {
        Instant t0 = Instant.parse("2030-01-01T00:00:00Z");
        Duration ttl = Duration.ofSeconds(10);
        try (Store s = newStore()) {
            assertThat(s.tryLease("scheduler", "n1", t0, ttl)).isTrue();
            assertThat(s.tryLease("scheduler", "n2", t0.plusSeconds(5), ttl)).isFalse();
            assertThat(s.tryLease("other", "n2", t0.plusSeconds(5), ttl)).isTrue(); // leases are independent
            assertThat(s.tryLease("scheduler", "n1", t0.plusSeconds(5), ttl)).isTrue(); // renewed to t0+15
            assertThat(s.tryLease("scheduler", "n2", t0.plusSeconds(12), ttl)).isFalse();
            assertThat(s.tryLease("scheduler", "n2", t0.plusSeconds(15), ttl)).isTrue(); // expired: taken over
            assertThat(s.tryLease("scheduler", "n1", t0.plusSeconds(16), ttl)).isFalse();

            s.releaseLease("scheduler", "n1"); // not the holder: nothing happens
            assertThat(s.tryLease("scheduler", "n1", t0.plusSeconds(17), ttl)).isFalse();
            s.releaseLease("scheduler", "n2");
            assertThat(s.tryLease("scheduler", "n1", t0.plusSeconds(17), ttl)).isTrue();
            s.releaseLease("never-taken", "n1");
            // leases are not data: no revision, no feed entry
            assertThat(s.revision()).isZero();
        }
    }

    @Test
    void revisionsVersionsFeedAndLeasesSurviveReopen() throws Exception {
        Instant t0 = Instant.parse("2030-01-01T00:00:00Z");
        Store s = newStore();
        long r1 = put(s, "a", "1");
        long r2 = s.apply(List.of(Mutation.put("b", b("2")), Mutation.delete("a")));
        put(s, "c", "3");
        long r3 = s.apply(List.of(Mutation.put("c", b("4"), Precondition.version(version(s, "c")))));
        assertThat(s.tryLease("scheduler", "n1", t0, Duration.ofMinutes(1))).isTrue();
        List<Change> feed = s.changesSince(0, 100).changes();
        try (Store again = reopen(s)) {
            assertThat(again.revision()).isEqualTo(r3);
            assertThat(version(again, "b")).isEqualTo(r2);
            assertThat(version(again, "c")).isEqualTo(r3);
            assertThat(again.changesSince(0, 100).changes()).isEqualTo(feed);
            assertThat(feed).first().isEqualTo(new Change(r1, "a", false));
            assertThat(again.tryLease("scheduler", "n2", t0.plusSeconds(30), Duration.ofMinutes(1)))
                    .isFalse();
            assertThatThrownBy(() -> again.apply(List.of(Mutation.create("b", b("x")))))
                    .isInstanceOf(PreconditionFailedException.class);
            assertThat(again.apply(List.of(Mutation.put("b", b("5"), Precondition.version(r2)))))
                    .isGreaterThan(r3);
        }
    }

    @Test
    void scanFindsKeysBeyondTheBasicMultilingualPlane() throws Exception {
        try (Store s = newStore()) {
            s.apply(List.of(
                    Mutation.put("p/\uFFFF", b("1")),
                    Mutation.put("p/😀", b("2")),
                    Mutation.put("p0", b("3")),
                    Mutation.put("p/" + Character.toString(Character.MAX_CODE_POINT) + "x", b("4"))));
            assertThat(s.scan("p/")).hasSize(3);
            assertThat(s.scan("p/😀")).extracting(Entry::key).containsExactly("p/😀");
        }
    }
}
