package dev.trent.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trent.core.store.PreconditionFailedException;
import dev.trent.core.store.Store;
import dev.trent.core.store.Store.Change;
import dev.trent.core.store.Store.ChangePage;
import dev.trent.core.store.Store.Entry;
import dev.trent.core.store.Store.Mutation;
import dev.trent.core.store.Store.Precondition;
import dev.trent.core.store.StoreContract;
import dev.trent.core.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreTest extends StoreContract {
    @TempDir
    Path dir;

    private final Map<Store, Path> files = new IdentityHashMap<>();
    private int n;

    @Override
    protected Store newStore() {
        Path f = dir.resolve("db" + (n++) + ".sqlite");
        Store s = new SqliteStore(f);
        files.put(s, f);
        return s;
    }

    @Override
    protected Store newStoreKeepingFeedRevisions(long revisions) {
        Path f = dir.resolve("db" + (n++) + ".sqlite");
        Store s = new SqliteStore(f, revisions);
        files.put(s, f);
        return s;
    }

    @Override
    protected Store reopen(Store closed) {
        closed.close();
        return new SqliteStore(files.get(closed));
    }

    @Test
    void migratesToTheLatestSchemaVersion() throws Exception {
        Path f = dir.resolve("schema.sqlite");
        new SqliteStore(f).close();
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + f);
                var rs = c.createStatement().executeQuery("PRAGMA user_version")) {
            assertThat(rs.getInt(1)).isEqualTo(SqliteStore.latestSchemaVersion());
        }
        new SqliteStore(f).close(); // idempotent
    }

    @Test
    void refusesADatabaseFromANewerTrent() throws Exception {
        Path f = dir.resolve("newer.sqlite");
        new SqliteStore(f).close();
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + f)) {
            c.createStatement().execute("PRAGMA user_version = 999");
        }
        assertThatThrownBy(() -> new SqliteStore(f))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("newer Trent");
    }

    @Test
    void withoutUpgradeAnOlderSchemaIsRefusedAndLeftAsItWas() throws Exception {
        Path f = dir.resolve("old.sqlite");
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + f);
                var st = c.createStatement()) {
            st.execute("CREATE TABLE kv (k TEXT PRIMARY KEY NOT NULL, v BLOB NOT NULL) WITHOUT ROWID");
            st.execute("PRAGMA user_version = 1");
        }
        assertThatThrownBy(() -> new SqliteStore(f, SqliteStore.DEFAULT_FEED_REVISIONS, false))
                .isInstanceOf(StoreException.class)
                .hasMessage("the Trent database " + f.toAbsolutePath() + " has schema version 1, older than this"
                        + " build's " + SqliteStore.latestSchemaVersion()
                        + ": start the Trent server of this build on it once to upgrade it");
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + f);
                var rs = c.createStatement().executeQuery("PRAGMA user_version")) {
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
        // upgraded once (as the server does), it opens without upgrading, beside another connection
        try (Store server = new SqliteStore(f);
                Store tool = new SqliteStore(f, SqliteStore.DEFAULT_FEED_REVISIONS, false)) {
            tool.apply(List.of(Mutation.create("a", b("1"))));
            assertThat(server.get("a")).isPresent();
        }
    }

    @Test
    void withoutUpgradeAMissingFileIsNotCreated() {
        Path f = dir.resolve("missing.sqlite");
        assertThatThrownBy(() -> new SqliteStore(f, SqliteStore.DEFAULT_FEED_REVISIONS, false))
                .isInstanceOf(StoreException.class)
                .hasMessage("there is no Trent database at " + f.toAbsolutePath());
        assertThat(f).doesNotExist();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void upgradesADataDirectoryWrittenBeforeRevisions() throws Exception {
        Path f = dir.resolve("v1.sqlite");
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + f);
                var st = c.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
            st.execute("CREATE TABLE kv (k TEXT PRIMARY KEY NOT NULL, v BLOB NOT NULL) WITHOUT ROWID"); // migration 1
            st.execute("PRAGMA user_version = 1");
            st.execute("INSERT INTO kv (k, v) VALUES ('keys/a', x'01'), ('keys/b', x'02'), ('alias/x', x'03')");
        }
        try (Store s = new SqliteStore(f)) {
            assertThat(s.scan("keys/")).extracting(Entry::key).containsExactly("keys/a", "keys/b");
            assertThat(s.get("alias/x")).hasValueSatisfying(e -> {
                assertThat(e.value()).containsExactly(3);
                assertThat(e.version()).isEqualTo(1);
            });
            assertThat(s.revision()).isEqualTo(1);
            // a follower starting from nothing must load the old rows by scanning
            ChangePage fromZero = s.changesSince(0, 10);
            assertThat(fromZero.reloadRequired()).isTrue();
            assertThat(fromZero.headRevision()).isEqualTo(1);
            assertThat(s.changesSince(1, 10).changes()).isEmpty();

            long r = s.apply(List.of(Mutation.put("keys/a", b("new"), Precondition.version(1))));
            assertThat(r).isEqualTo(2);
            assertThat(s.changesSince(1, 10).changes()).containsExactly(new Change(2, "keys/a", false));
        }
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + f);
                var rs = c.createStatement().executeQuery("PRAGMA user_version")) {
            assertThat(rs.getInt(1)).isEqualTo(SqliteStore.latestSchemaVersion());
        }
    }

    @Test
    void upgradesAnEmptyDataDirectoryToRevisionZero() throws Exception {
        Path f = dir.resolve("v1-empty.sqlite");
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + f);
                var st = c.createStatement()) {
            st.execute("CREATE TABLE kv (k TEXT PRIMARY KEY NOT NULL, v BLOB NOT NULL) WITHOUT ROWID");
            st.execute("PRAGMA user_version = 1");
        }
        try (Store s = new SqliteStore(f)) {
            assertThat(s.revision()).isZero();
            assertThat(s.changesSince(0, 10).reloadRequired()).isFalse();
            assertThat(s.apply(List.of(Mutation.put("a", b("1"))))).isEqualTo(1);
        }
    }

    @Test
    void twoConnectionsToOneFileNeverShareARevision() throws Exception {
        Path f = dir.resolve("shared.sqlite");
        int perStore = 30;
        try (Store one = new SqliteStore(f);
                Store two = new SqliteStore(f)) {
            one.apply(List.of(Mutation.put("counter", b("0"))));
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<List<Long>>> results = new ArrayList<>();
                for (Store s : List.of(one, two, one, two)) {
                    results.add(pool.submit(() -> {
                        start.await();
                        List<Long> revisions = new ArrayList<>();
                        for (int i = 0; i < perStore; i++) {
                            // a blind write and a CAS increment, each batch a fresh revision
                            revisions.add(s.apply(List.of(Mutation.put("blind", b(Integer.toString(i))))));
                            while (true) {
                                Entry e = s.get("counter").orElseThrow();
                                long next = Long.parseLong(new String(e.value(), StandardCharsets.UTF_8)) + 1;
                                try {
                                    revisions.add(s.apply(List.of(Mutation.put(
                                            "counter", b(Long.toString(next)), Precondition.version(e.version())))));
                                    break;
                                } catch (PreconditionFailedException lost) {
                                    // the other connection got there first
                                }
                            }
                        }
                        return revisions;
                    }));
                }
                start.countDown();
                Set<Long> all = new HashSet<>();
                int count = 0;
                for (Future<List<Long>> r : results) {
                    List<Long> revisions = r.get(2, TimeUnit.MINUTES);
                    all.addAll(revisions);
                    count += revisions.size();
                }
                assertThat(all).hasSize(count);
            } finally {
                pool.shutdownNow();
            }
            long head = 1 + 4L * 2 * perStore;
            assertThat(one.revision()).isEqualTo(head);
            assertThat(two.revision()).isEqualTo(head);
            assertThat(new String(two.get("counter").orElseThrow().value(), StandardCharsets.UTF_8))
                    .isEqualTo(Integer.toString(4 * perStore));
            // both see one feed with every revision once
            List<Change> feed = one.changesSince(0, 10_000).changes();
            assertThat(feed)
                    .extracting(Change::revision)
                    .doesNotHaveDuplicates()
                    .hasSize((int) head);
            assertThat(two.changesSince(0, 10_000).changes()).isEqualTo(feed);
        }
    }

    @Test
    void prunedFeedStaysPrunedAfterReopenWithALongerFeed() throws Exception {
        Path f = dir.resolve("pruned.sqlite");
        try (Store s = new SqliteStore(f, 2)) {
            for (int i = 0; i < 10; i++) s.apply(List.of(Mutation.put("k" + i, b("v"))));
        }
        try (Store s = new SqliteStore(f)) {
            assertThat(s.changesSince(0, 10).reloadRequired()).isTrue();
            assertThat(s.changesSince(8, 10).changes()).extracting(Change::key).containsExactly("k8", "k9");
        }
    }
}
