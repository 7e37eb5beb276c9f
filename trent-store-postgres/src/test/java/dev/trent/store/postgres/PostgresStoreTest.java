package dev.trent.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trent.core.store.Store;
import dev.trent.core.store.Store.Mutation;
import dev.trent.core.store.StoreContract;
import dev.trent.core.store.StoreException;
import dev.trent.core.store.StoreProvider;
import dev.trent.core.store.StoreUnavailableException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shared store contract on PostgreSQL, and what only PostgreSQL has (several nodes, notifications, schema). */
class PostgresStoreTest extends StoreContract {
    private final List<PostgresTestDatabase> databases = new ArrayList<>();
    private final Map<Store, PostgresTestDatabase> ofStore = new IdentityHashMap<>();

    @BeforeAll
    static void needsPostgres() {
        PostgresTestDatabase.assumeReachable();
    }

    @AfterEach
    void dropDatabases() {
        for (Store s : ofStore.keySet()) {
            try {
                s.close();
            } catch (RuntimeException ignored) {
                // closed by the test
            }
        }
        databases.forEach(PostgresTestDatabase::close);
    }

    private PostgresTestDatabase database() {
        PostgresTestDatabase db = PostgresTestDatabase.create();
        databases.add(db);
        return db;
    }

    private Store open(PostgresTestDatabase db, long feedRevisions) {
        Store s = new PostgresStore(PostgresLocation.parse(db.location("maxPoolSize=4"), null), feedRevisions, true);
        ofStore.put(s, db);
        return s;
    }

    @Override
    protected Store newStore() {
        return open(database(), PostgresStore.DEFAULT_FEED_REVISIONS);
    }

    @Override
    protected Store newStoreKeepingFeedRevisions(long revisions) {
        return open(database(), revisions);
    }

    @Override
    protected Store reopen(Store closed) {
        closed.close();
        return open(ofStore.get(closed), PostgresStore.DEFAULT_FEED_REVISIONS);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void isFoundByItsSchemeAndMigratesOnce() throws Exception {
        PostgresTestDatabase db = database();
        try (Store one = StoreProvider.openStore(db.location(), Path.of("."));
                Store two = StoreProvider.openStore(db.location(), Path.of("."))) {
            assertThat(one.shared()).isTrue();
            one.apply(List.of(Mutation.create("a", b("1"))));
            assertThat(two.get("a")).isPresent();
        }
        try (var c = db.connect();
                ResultSet rs = c.createStatement().executeQuery("SELECT version FROM trent_schema")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(PostgresSchema.latestVersion());
        }
    }

    @Test
    void withoutUpgradeAnEmptyDatabaseIsRefusedAndLeftEmpty() throws Exception {
        PostgresTestDatabase db = database();
        assertThatThrownBy(() -> StoreProvider.openStore(db.location(), Path.of("."), false))
                .isInstanceOf(StoreException.class)
                .hasMessage("there is no Trent database at postgresql://" + PostgresTestDatabase.USER + "@"
                        + PostgresTestDatabase.HOST + ":" + PostgresTestDatabase.PORT + "/" + db.name());
        try (var c = db.connect();
                ResultSet rs = c.createStatement().executeQuery("SELECT to_regclass('trent_schema') IS NULL")) {
            rs.next();
            assertThat(rs.getBoolean(1)).isTrue();
        }
    }

    @Test
    void refusesADatabaseFromANewerTrent() throws Exception {
        PostgresTestDatabase db = database();
        open(db, 10).close();
        try (var c = db.connect()) {
            c.createStatement().execute("UPDATE trent_schema SET version = 999");
        }
        assertThatThrownBy(() -> open(db, 10))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("was written by a newer Trent (schema version 999");
    }

    /**
     * Revisions commit in order: a follower reading the feed while two nodes commit concurrently, continuing each
     * time from the last revision it saw, gets every revision once and skips none (a sequence whose numbers commit
     * out of order would let it skip one that commits after a larger one was read).
     */
    @Test
    void aFollowerReadingWhileTwoNodesWriteMissesNoRevision() throws Exception {
        PostgresTestDatabase db = database();
        Store one = open(db, 100_000);
        Store two = open(db, 100_000);
        Store follower = open(db, 100_000);
        int writers = 4;
        int batches = 40;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers + 1);
        try {
            CountDownLatch start = new CountDownLatch(1);
            java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
            List<java.util.concurrent.Future<?>> writing = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                Store s = w % 2 == 0 ? one : two;
                int n = w;
                writing.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < batches; i++) {
                        s.apply(List.of(Mutation.put("w" + n + "/" + i, b("v")), Mutation.put("w" + n, b("last"))));
                    }
                    return null;
                }));
            }
            java.util.concurrent.Future<List<Long>> reading = pool.submit(() -> {
                List<Long> seen = new ArrayList<>();
                long last = 0;
                start.await();
                while (true) {
                    boolean finished = done.get();
                    Store.ChangePage page = follower.changesSince(last, 7);
                    assertThat(page.reloadRequired()).isFalse();
                    for (Store.Change c : page.changes()) {
                        if (seen.isEmpty() || seen.getLast() != c.revision()) seen.add(c.revision());
                        last = c.revision();
                    }
                    if (finished && page.changes().isEmpty()) return seen;
                }
            });
            start.countDown();
            for (var f : writing) f.get(2, TimeUnit.MINUTES);
            done.set(true);
            List<Long> seen = reading.get(2, TimeUnit.MINUTES);
            long head = one.revision();
            assertThat(head).isEqualTo((long) writers * batches);
            assertThat(seen).hasSize((int) head);
            for (int i = 0; i < seen.size(); i++) assertThat(seen.get(i)).isEqualTo(i + 1L);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anotherStoreIsToldOfACommitAtOnce() throws Exception {
        PostgresTestDatabase db = database();
        Store writer = open(db, 100);
        Store follower = open(db, 100);
        CountDownLatch told = new CountDownLatch(1);
        try (Store.Subscription ignored = follower.onChange(told::countDown)) {
            // the listener connects in the background: write until it has heard one
            for (int i = 0; i < 50 && told.getCount() > 0; i++) {
                writer.apply(List.of(Mutation.put("k", b(Integer.toString(i)))));
                told.await(200, TimeUnit.MILLISECONDS);
            }
            assertThat(told.getCount()).isZero();
        }
    }

    @Test
    void anUnreachableDatabaseIsOneClearErrorWithoutThePassword() {
        assertThatThrownBy(() -> PostgresStoreProvider.open(
                        "postgresql://trent:hunter2@127.0.0.1:1/trent?connectTimeout=1", true, null))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("cannot connect to the PostgreSQL store postgresql://trent@127.0.0.1:1/trent: ")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void aDatabaseThatGoesAwayIsUnavailableAndComesBack() throws Exception {
        PostgresTestDatabase db = database();
        Store s = open(db, 100);
        s.apply(List.of(Mutation.put("k", b("1"))));
        // end every connection of the store, as a database restart does
        try (var c = db.connect()) {
            c.createStatement()
                    .execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + db.name()
                            + "' AND pid <> pg_backend_pid()");
        }
        // the pool notices the dead connections on borrow and opens new ones
        assertThat(s.get("k")).isPresent();
        assertThat(s.reachable()).isTrue();
    }

    @Test
    void unavailabilityIsRecognised() {
        assertThat(Failures.unavailable(new java.sql.SQLTransientConnectionException("timeout")))
                .isTrue();
        assertThat(Failures.unavailable(new java.sql.SQLException("refused", "08001")))
                .isTrue();
        assertThat(Failures.unavailable(new java.sql.SQLException("shutting down", "57P01")))
                .isTrue();
        assertThat(Failures.unavailable(new java.sql.SQLException("syntax", "42601")))
                .isFalse();
        assertThat(Failures.of("x", new java.sql.SQLException("refused", "08001")))
                .isInstanceOf(StoreUnavailableException.class);
    }
}
