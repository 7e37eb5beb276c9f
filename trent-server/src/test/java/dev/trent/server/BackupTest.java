package dev.trent.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trent.core.barrier.Barrier;
import dev.trent.core.barrier.SealedStore;
import dev.trent.core.store.Store;
import dev.trent.core.store.StoreProvider;
import dev.trent.crypto.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupTest {
    private final SecureRandom random = new SecureRandom();
    private final byte[] rootKey = SecretBytes.random(random, 32).reveal();

    @TempDir
    Path dir;

    private Barrier barrier() {
        return new Barrier(SecretBytes.copyOf(rootKey), random);
    }

    private Path backupOfAStore() throws Exception {
        Path source = dir.resolve("source");
        try (SealedStore s = new SealedStore(
                StoreProvider.openStore("sqlite", source),
                barrier(),
                new SealedStore.Options(source.resolve(SealedStore.HIGH_WATER_FILE), true, false))) {
            s.apply(List.of(Store.Mutation.put("kms/keys/a", "one".getBytes(StandardCharsets.UTF_8))));
            s.apply(List.of(Store.Mutation.put("kms/keys/b", "two".getBytes(StandardCharsets.UTF_8))));
        }
        Path file = dir.resolve("b.backup");
        try (Store raw = StoreProvider.openStore("sqlite", source, false)) {
            assertThat(Backup.write(raw, store -> barrier(), file, Instant.EPOCH)
                            .records())
                    .isEqualTo(4);
        }
        return file;
    }

    private Backup.Summary restoreInto(Path file, String name) throws Exception {
        Path target = dir.resolve(name);
        return Backup.restore(
                file,
                StoreProvider.openStore("sqlite", target),
                store -> barrier(),
                target.resolve(SealedStore.HIGH_WATER_FILE));
    }

    @Test
    void aRestoredDataDirectoryOpensAsItsOwn() throws Exception {
        Path file = backupOfAStore();
        assertThat(restoreInto(file, "target").records()).isEqualTo(4);
        Path target = dir.resolve("target");
        try (SealedStore s = new SealedStore(
                StoreProvider.openStore("sqlite", target),
                barrier(),
                new SealedStore.Options(target.resolve(SealedStore.HIGH_WATER_FILE), true, false))) {
            assertThat(new String(s.get("kms/keys/b").orElseThrow().value(), StandardCharsets.UTF_8))
                    .isEqualTo("two");
        }
    }

    @Test
    void aTruncatedOrAlteredBackupIsRefusedBeforeAnythingIsWritten() throws Exception {
        Path file = backupOfAStore();
        List<String> lines = Files.readAllLines(file);
        Files.write(dir.resolve("cut.backup"), lines.subList(0, lines.size() - 1));
        assertThatThrownBy(() -> restoreInto(dir.resolve("cut.backup"), "t1"))
                .isInstanceOf(Backup.BadBackupException.class)
                .hasMessageContaining("no checksum line");

        // a record left out, with the counts and the checksum made to fit: the barrier's marker still tells
        List<String> fewer = new ArrayList<>(lines.subList(0, lines.size() - 1));
        fewer.removeIf(l -> l.contains("kms/keys/a"));
        fewer.set(0, fewer.get(0).replace("\"records\":4", "\"records\":3"));
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        for (String l : fewer) sha.update((l + "\n").getBytes(StandardCharsets.UTF_8));
        fewer.add("{\"sha256\":\"" + java.util.HexFormat.of().formatHex(sha.digest()) + "\"}");
        Files.write(dir.resolve("fewer.backup"), fewer);
        assertThatThrownBy(() -> restoreInto(dir.resolve("fewer.backup"), "t2"))
                .isInstanceOf(Backup.BadBackupException.class)
                .hasMessageContaining("the copy is incomplete or was altered");
        try (Store raw = StoreProvider.openStore("sqlite", dir.resolve("t2"))) {
            assertThat(raw.revision()).isZero();
        }
    }

    @Test
    void anotherRootKeyDoesNotRestore() throws Exception {
        Path file = backupOfAStore();
        Barrier other = new Barrier(SecretBytes.random(random, 32), random);
        assertThatThrownBy(() -> Backup.restore(
                        file, StoreProvider.openStore("sqlite", dir.resolve("t3")), store -> other, null))
                .isInstanceOf(Barrier.BarrierException.class)
                .hasMessageContaining("root key does not open");
    }
}
