package dev.trent.core.barrier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trent.core.store.InMemoryStore;
import dev.trent.core.store.PreconditionFailedException;
import dev.trent.core.store.Store;
import dev.trent.core.store.Store.Mutation;
import dev.trent.core.store.Store.Precondition;
import dev.trent.core.store.StoreException;
import dev.trent.crypto.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rollback detection: write sequences bound into sealed values, the marker in the store, the high-water file. */
class SealedStoreTest {
    private static final String KEY = "kms/keys/111122223333/us-east-1/k";

    private final SecureRandom random = new SecureRandom();
    private final byte[] rootKey = SecretBytes.random(random, 32).reveal();

    @TempDir
    Path dir;

    private Barrier barrier() {
        return new Barrier(SecretBytes.copyOf(rootKey), random);
    }

    /** Stores opened by a test: closed after it, which waits for their high-water file writes (off-thread). */
    private final List<SealedStore> opened = new java.util.ArrayList<>();

    @AfterEach
    void closeStores() {
        opened.forEach(SealedStore::close);
    }

    private SealedStore open(Store raw) {
        SealedStore s = new SealedStore(raw, barrier(), options(false));
        opened.add(s);
        return s;
    }

    private SealedStore openAccepting(Store raw) {
        SealedStore s = new SealedStore(raw, barrier(), options(true));
        opened.add(s);
        return s;
    }

    private SealedStore.Options options(boolean accept) {
        return new SealedStore.Options(dir.resolve(SealedStore.HIGH_WATER_FILE), true, accept);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(Store s, String key) {
        return new String(s.get(key).orElseThrow().value(), StandardCharsets.UTF_8);
    }

    @Test
    void everyBatchGetsTheNextWriteSequenceAndSealsWithIt() {
        InMemoryStore raw = new InMemoryStore();
        SealedStore s = open(raw);
        long first = s.sequence();
        s.apply(List.of(Mutation.put(KEY, utf8("enabled")), Mutation.put("kms/keys/other", utf8("x"))));
        assertThat(s.sequence()).isEqualTo(first + 1);
        assertThat(Barrier.sequenceOf(KEY, raw.raw().get(KEY))).isEqualTo(first + 1);
        s.apply(List.of(Mutation.check(KEY, Precondition.version(raw.revision())))); // a check writes nothing
        assertThat(s.sequence()).isEqualTo(first + 1);
        s.apply(List.of(Mutation.delete("kms/keys/other")));
        assertThat(s.sequence()).isEqualTo(first + 2);
        assertThat(text(s, KEY)).isEqualTo("enabled");
        // a clean store reopens
        assertThat(text(open(raw), KEY)).isEqualTo("enabled");
    }

    @Test
    void anOlderCopyOfOneRecordIsDetectedAtOpenAndTheOverrideReMarksTheStore() {
        InMemoryStore raw = new InMemoryStore();
        SealedStore s = open(raw);
        s.apply(List.of(Mutation.put(KEY, utf8("enabled"))));
        Store.Entry old = raw.rawEntry(KEY).orElseThrow();
        long v = s.get(KEY).orElseThrow().version();
        s.apply(List.of(Mutation.put(KEY, utf8("disabled"), Precondition.version(v))));

        raw.tamper(KEY, old.value(), old.version()); // the row as it was, version included

        assertThatThrownBy(() -> open(raw))
                .isInstanceOf(RollbackDetectedException.class)
                .hasMessageContaining("do not match the store's rollback marker");
        SealedStore accepted = openAccepting(raw);
        assertThat(text(accepted, KEY)).isEqualTo("enabled");
        assertThat(accepted.sequence()).isGreaterThan(s.sequence());
        // once accepted, the store opens without the override and is written as usual
        SealedStore again = open(raw);
        again.apply(List.of(Mutation.put(KEY, utf8("disabled again"))));
        assertThat(text(open(raw), KEY)).isEqualTo("disabled again");
    }

    @Test
    void aReadOfARecordOlderThanOneAlreadySeenFailsClosed() {
        InMemoryStore raw = new InMemoryStore();
        SealedStore s = open(raw);
        s.apply(List.of(Mutation.put(KEY, utf8("enabled"))));
        Store.Entry old = raw.rawEntry(KEY).orElseThrow();
        s.apply(List.of(Mutation.put(KEY, utf8("disabled"))));

        raw.tamper(KEY, old.value(), old.version() + 100); // even with a newer-looking store version

        assertThatThrownBy(() -> s.get(KEY))
                .isInstanceOf(RollbackDetectedException.class)
                .hasMessageContaining("rollback detected")
                .hasMessageContaining(KEY);
        assertThatThrownBy(() -> s.scan("kms/")).isInstanceOf(RollbackDetectedException.class);
        // another reader that never saw the newer record catches it at open
        assertThatThrownBy(() -> open(raw)).isInstanceOf(RollbackDetectedException.class);
    }

    @Test
    void aWriteOverARecordPutBackFromAnOlderCopyFailsClosed() {
        InMemoryStore raw = new InMemoryStore();
        SealedStore s = open(raw);
        s.apply(List.of(Mutation.put(KEY, utf8("enabled"))));
        byte[] old = raw.raw().get(KEY);
        long v = s.apply(List.of(Mutation.put(KEY, utf8("disabled"))));

        raw.tamper(KEY, old); // the old sealed value under the current store version: the precondition holds

        assertThatThrownBy(() -> s.apply(List.of(Mutation.put(KEY, utf8("enabled"), Precondition.version(v)))))
                .isInstanceOf(RollbackDetectedException.class)
                .hasMessageContaining(KEY);
        assertThat(Barrier.sequenceOf(KEY, raw.raw().get(KEY))).isEqualTo(Barrier.sequenceOf(KEY, old));
    }

    @Test
    void aDeletedRecordPutBackOrARecordRemovedIsDetectedAtOpen() {
        InMemoryStore raw = new InMemoryStore();
        SealedStore s = open(raw);
        s.apply(List.of(Mutation.put(KEY, utf8("a key")), Mutation.put("iam/access-keys/AKIA1", utf8("key"))));
        Store.Entry deleted = raw.rawEntry(KEY).orElseThrow();
        s.apply(List.of(Mutation.delete(KEY)));

        raw.tamper(KEY, deleted.value(), deleted.version());
        assertThatThrownBy(() -> open(raw)).isInstanceOf(RollbackDetectedException.class);
        raw.remove(KEY);
        assertThat(open(raw).get(KEY)).isEmpty();

        raw.remove("iam/access-keys/AKIA1");
        assertThatThrownBy(() -> open(raw)).isInstanceOf(RollbackDetectedException.class);
    }

    @Test
    void anOlderCopyOfTheWholeStoreIsDetectedByTheHighWaterFile() {
        InMemoryStore raw = new InMemoryStore();
        SealedStore s = open(raw);
        s.apply(List.of(Mutation.put(KEY, utf8("enabled"))));
        InMemoryStore backup = raw.copy();
        s.apply(List.of(Mutation.put(KEY, utf8("disabled"))));
        long seen = s.sequence();
        s.close(); // the high-water file is written off the writer's thread; closing waits for it

        raw.restore(backup); // marker and records consistent among themselves, but older

        assertThatThrownBy(() -> open(raw))
                .isInstanceOf(RollbackDetectedException.class)
                .hasMessageContaining("the store is at write " + (seen - 1))
                .hasMessageContaining("has seen write " + seen)
                .hasMessageContaining("an older copy of the database was put back");
        SealedStore accepted = openAccepting(raw);
        assertThat(text(accepted, KEY)).isEqualTo("enabled");
        assertThat(accepted.sequence()).isGreaterThan(seen); // sequences never repeat
        assertThat(text(open(raw), KEY)).isEqualTo("enabled");
    }

    @Test
    void aNewNodeJoinsASharedStoreAndTheNodesThatRanOnItStillDetectARollback() throws Exception {
        InMemoryStore raw = new InMemoryStore(true);
        SealedStore first = open(raw);
        first.apply(List.of(Mutation.put(KEY, utf8("enabled"))));
        InMemoryStore backup = raw.copy();

        // another node, its own (new) data directory, the same database: it joins without --accept-restore
        Path otherDir = Files.createDirectories(dir.resolve("node2"));
        SealedStore second = new SealedStore(
                raw, barrier(), new SealedStore.Options(otherDir.resolve(SealedStore.HIGH_WATER_FILE), true, false));
        opened.add(second);
        assertThat(text(second, KEY)).isEqualTo("enabled");
        second.apply(List.of(Mutation.put(KEY, utf8("disabled"))));
        first.apply(List.of(Mutation.put("other", utf8("x")))); // takes its turn after the other node's write
        long seen = first.sequence();
        first.close();
        second.close();

        raw.restore(backup); // the database put back behind both nodes
        assertThatThrownBy(() -> open(raw))
                .isInstanceOf(RollbackDetectedException.class)
                .hasMessageContaining("has seen write " + seen);
        assertThatThrownBy(() -> new SealedStore(
                        raw,
                        barrier(),
                        new SealedStore.Options(otherDir.resolve(SealedStore.HIGH_WATER_FILE), true, false)))
                .isInstanceOf(RollbackDetectedException.class);
    }

    @Test
    void aStoreOfOneDataDirectoryIsNotJoinedWithoutItsHighWaterFile() {
        InMemoryStore raw = new InMemoryStore(false);
        open(raw).apply(List.of(Mutation.put(KEY, utf8("v"))));
        assertThatThrownBy(() -> new SealedStore(
                        raw,
                        barrier(),
                        new SealedStore.Options(
                                dir.resolve("elsewhere").resolve(SealedStore.HIGH_WATER_FILE), true, false)))
                .isInstanceOf(RollbackDetectedException.class)
                .hasMessageContaining("no " + SealedStore.HIGH_WATER_FILE);
    }

    @Test
    void theHighWaterFileFollowsEveryCommittedWrite() throws Exception {
        InMemoryStore raw = new InMemoryStore();
        SealedStore s = open(raw);
        for (int i = 0; i < 50; i++) s.apply(List.of(Mutation.put("kms/keys/" + (i % 7), utf8("v" + i))));
        s.close();
        HighWaterFile file = new HighWaterFile(dir.resolve(SealedStore.HIGH_WATER_FILE), barrier());
        assertThat(file.open(file.readSealed()).sequence()).isEqualTo(s.sequence());
        assertThat(PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(dir.resolve(SealedStore.HIGH_WATER_FILE))))
                .isEqualTo("rw-------");
        try (var files = Files.list(dir)) {
            assertThat(files).hasSize(1); // no temporary files left behind
        }
    }

    @Test
    void anEmptiedStoreAnotherStoreOrAMissingHighWaterFileIsDetected() throws Exception {
        InMemoryStore raw = new InMemoryStore();
        SealedStore first = open(raw);
        first.apply(List.of(Mutation.put(KEY, utf8("v"))));
        first.close();

        assertThatThrownBy(() -> open(new InMemoryStore()))
                .isInstanceOf(RollbackDetectedException.class)
                .hasMessageContaining("the store is empty");

        InMemoryStore other = new InMemoryStore();
        new SealedStore(other, barrier()).apply(List.of(Mutation.put(KEY, utf8("w"))));
        assertThatThrownBy(() -> open(other))
                .isInstanceOf(RollbackDetectedException.class)
                .hasMessageContaining("replaced by another");

        Files.delete(dir.resolve(SealedStore.HIGH_WATER_FILE));
        assertThatThrownBy(() -> open(raw))
                .isInstanceOf(RollbackDetectedException.class)
                .hasMessageContaining("no " + SealedStore.HIGH_WATER_FILE);
        openAccepting(raw);
        assertThat(text(open(raw), KEY)).isEqualTo("v");

        Files.write(dir.resolve(SealedStore.HIGH_WATER_FILE), new byte[] {2, 0, 0, 0, 0, 0, 0, 0, 9, 1, 2, 3});
        assertThatThrownBy(() -> open(raw))
                .isInstanceOf(RollbackDetectedException.class)
                .hasMessageContaining("does not open");
    }

    @Test
    void aCrashAroundTheFirstBatchIsNoFalseAlarm() {
        HighWaterFile file = new HighWaterFile(dir.resolve(SealedStore.HIGH_WATER_FILE), barrier());
        byte[] id = new byte[StoreMarker.ID_LENGTH];
        random.nextBytes(id);
        // the file names the new store, the crash came before the store's first batch
        file.reset(id, 0, true);
        InMemoryStore raw = new InMemoryStore();
        SealedStore s = open(raw);
        s.apply(List.of(Mutation.put(KEY, utf8("v"))));
        s.close();
        // the crash came after the first batch, before the file said so
        HighWaterFile.Mark now = file.open(file.readSealed());
        assertThat(now.storeId()).isEqualTo(id);
        file.reset(id, 0, true);
        assertThat(text(open(raw), KEY)).isEqualTo("v");
        // but a file set up for another store still names the replacement
        byte[] other = id.clone();
        other[0] ^= 1;
        file.reset(other, 0, true);
        assertThatThrownBy(() -> open(raw))
                .isInstanceOf(RollbackDetectedException.class)
                .hasMessageContaining("replaced by another");
    }

    @Test
    void aMissingOrAlteredMarkerIsDetected() {
        InMemoryStore raw = new InMemoryStore();
        open(raw).apply(List.of(Mutation.put(KEY, utf8("v"))));
        byte[] marker = raw.raw().get(SealedStore.MARKER_KEY);

        byte[] altered = marker.clone();
        altered[altered.length - 1] ^= 1;
        raw.tamper(SealedStore.MARKER_KEY, altered);
        assertThatThrownBy(() -> open(raw))
                .isInstanceOf(RollbackDetectedException.class)
                .hasMessageContaining("marker record does not open");

        raw.remove(SealedStore.MARKER_KEY);
        assertThatThrownBy(() -> open(raw))
                .isInstanceOf(RollbackDetectedException.class)
                .hasMessageContaining("marker record is missing");
        openAccepting(raw);
        assertThat(text(open(raw), KEY)).isEqualTo("v");
    }

    @Test
    void aStoreOfTheUnversionedFormatIsUpgradedOnceAndItsOldRecordsCannotComeBack() {
        InMemoryStore raw = new InMemoryStore();
        Barrier b = barrier();
        @SuppressWarnings("deprecation")
        List<Mutation> legacy = List.of(
                Mutation.put(SealedStore.CANARY_KEY, b.sealUnversioned(SealedStore.CANARY_KEY, utf8("canary"))),
                Mutation.put(KEY, b.sealUnversioned(KEY, utf8("enabled"))));
        raw.apply(legacy);
        Store.Entry oldRow = raw.rawEntry(KEY).orElseThrow();

        assertThatThrownBy(() -> new SealedStore(raw, barrier(), new SealedStore.Options(null, false, false)))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("start the Trent server of this build on it once");

        SealedStore upgraded = open(raw);
        assertThat(text(upgraded, KEY)).isEqualTo("enabled");
        assertThat(Barrier.sequenceOf(KEY, raw.raw().get(KEY))).isEqualTo(1);
        assertThat(Files.exists(dir.resolve(SealedStore.HIGH_WATER_FILE))).isTrue();
        upgraded.apply(List.of(Mutation.put(KEY, utf8("disabled"))));
        assertThat(text(open(raw), KEY)).isEqualTo("disabled");

        raw.tamper(KEY, oldRow.value(), oldRow.version()); // the pre-upgrade row put back
        assertThatThrownBy(() -> upgraded.get(KEY)).isInstanceOf(RollbackDetectedException.class);
        assertThatThrownBy(() -> open(raw))
                .isInstanceOf(RollbackDetectedException.class)
                .hasMessageContaining("format from before this store was upgraded");
        SealedStore accepted = openAccepting(raw); // a deliberate restore of an old row: re-sealed with a sequence
        assertThat(text(accepted, KEY)).isEqualTo("enabled");
        assertThat(Barrier.sequenceOf(KEY, raw.raw().get(KEY))).isGreaterThan(1);
        assertThat(text(open(raw), KEY)).isEqualTo("enabled");
    }

    @Test
    void aWholeDatabaseFromBeforeTheUpgradeIsDetected() {
        InMemoryStore raw = new InMemoryStore();
        Barrier b = barrier();
        @SuppressWarnings("deprecation")
        byte[] legacyValue = b.sealUnversioned(KEY, utf8("enabled"));
        raw.apply(List.of(Mutation.put(KEY, legacyValue)));
        InMemoryStore beforeUpgrade = raw.copy();
        open(raw).apply(List.of(Mutation.put(KEY, utf8("disabled"))));

        raw.restore(beforeUpgrade);
        assertThatThrownBy(() -> open(raw))
                .isInstanceOf(RollbackDetectedException.class)
                .hasMessageContaining("a copy from before this data directory was upgraded");
        assertThat(text(openAccepting(raw), KEY)).isEqualTo("enabled");
    }

    @Test
    void twoWritersOnOneStoreTakeTurnsThroughTheMarker() {
        InMemoryStore raw = new InMemoryStore();
        SealedStore a = open(raw);
        SealedStore b = open(raw); // another process on the same database
        for (int i = 0; i < 20; i++) {
            (i % 2 == 0 ? a : b).apply(List.of(Mutation.put("k/" + (i % 3), utf8("v" + i))));
        }
        assertThat(text(a, "k/1")).isEqualTo("v19");
        assertThat(text(open(raw), "k/0")).isEqualTo("v18");
        // a precondition of the caller still fails as the caller's
        long v = a.get("k/2").orElseThrow().version();
        b.apply(List.of(Mutation.put("k/2", utf8("newer"))));
        assertThatThrownBy(() -> a.apply(List.of(Mutation.put("k/2", utf8("lost"), Precondition.version(v)))))
                .isInstanceOf(PreconditionFailedException.class)
                .satisfies(
                        e -> assertThat(((PreconditionFailedException) e).key()).isEqualTo("k/2"));
        assertThat(text(open(raw), "k/2")).isEqualTo("newer");
    }

    @Test
    void aMarkerThatWentBackIsDetectedOnTheNextWrite() {
        InMemoryStore raw = new InMemoryStore();
        SealedStore s = open(raw);
        s.apply(List.of(Mutation.put(KEY, utf8("1"))));
        InMemoryStore backup = raw.copy();
        s.apply(List.of(Mutation.put(KEY, utf8("2"))));
        SealedStore other = open(raw);
        other.apply(List.of(Mutation.put("kms/x", utf8("x")))); // moves the marker past s's copy
        raw.restore(backup); // while s runs

        assertThatThrownBy(() -> s.apply(List.of(Mutation.put("kms/y", utf8("y")))))
                .isInstanceOf(RollbackDetectedException.class)
                .hasMessageContaining("went back");
    }

    @Test
    void aWrongRootKeyIsStillNamedAsSuch() {
        InMemoryStore raw = new InMemoryStore();
        open(raw);
        assertThatThrownBy(() -> new SealedStore(raw, new Barrier(SecretBytes.random(random, 32), random)))
                .isInstanceOf(Barrier.BarrierException.class)
                .hasMessageContaining("root key does not open");
    }
}
