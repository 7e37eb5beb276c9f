package dev.trent.core.barrier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trent.core.store.InMemoryStore;
import dev.trent.core.store.Store;
import dev.trent.crypto.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BarrierTest {
    private final SecureRandom random = new SecureRandom();

    private Barrier barrier() {
        return new Barrier(SecretBytes.random(random, 32), random);
    }

    @Test
    void sealedValuesOpenOnlyUnderTheirOwnIdentity() {
        Barrier b = barrier();
        byte[] sealed = b.seal("kms/material/a/1", 7, "secret".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(b.unseal("kms/material/a/1", sealed), StandardCharsets.UTF_8))
                .isEqualTo("secret");
        assertThatThrownBy(() -> b.unseal("kms/material/b/1", sealed)).isInstanceOf(Barrier.BarrierException.class);
    }

    @Test
    void everyBitFlipIsDetected() {
        Barrier b = barrier();
        byte[] sealed = b.seal("id", 1, new byte[32]);
        for (int i = 0; i < sealed.length * 8; i++) {
            byte[] t = sealed.clone();
            t[i / 8] ^= (byte) (1 << (i % 8));
            assertThatThrownBy(() -> b.unseal("id", t)).isInstanceOf(Barrier.BarrierException.class);
        }
    }

    @Test
    void theWriteSequenceIsBoundToTheSealedValue() {
        Barrier b = barrier();
        byte[] sealed = b.seal("kms/keys/a", 41, "record".getBytes(StandardCharsets.UTF_8));
        assertThat(Barrier.sequenceOf("kms/keys/a", sealed)).isEqualTo(41);
        // claiming a newer write in the header breaks the tag
        byte[] renumbered = sealed.clone();
        renumbered[8] = 42;
        assertThat(Barrier.sequenceOf("kms/keys/a", renumbered)).isEqualTo(42);
        assertThatThrownBy(() -> b.unseal("kms/keys/a", renumbered)).isInstanceOf(Barrier.BarrierException.class);
        assertThatThrownBy(() -> b.seal("x", 0, new byte[1])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void valuesOfTheUnversionedFormatStillOpen() {
        Barrier b = barrier();
        @SuppressWarnings("deprecation")
        byte[] old = b.sealUnversioned("kms/keys/a", "old".getBytes(StandardCharsets.UTF_8));
        assertThat(Barrier.sequenceOf("kms/keys/a", old)).isEqualTo(Barrier.UNVERSIONED);
        assertThat(b.unseal("kms/keys/a", old)).isEqualTo("old".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> b.unseal("kms/keys/b", old)).isInstanceOf(Barrier.BarrierException.class);
        assertThatThrownBy(() -> Barrier.sequenceOf("k", new byte[] {9, 1, 2}))
                .isInstanceOf(Barrier.BarrierException.class);
    }

    @Test
    void recordTagsDependOnRecordSequenceAndRootKey() {
        Barrier b = barrier();
        assertThat(b.recordTag("k", 1)).hasSize(Barrier.TAG_LENGTH).isEqualTo(b.recordTag("k", 1));
        assertThat(b.recordTag("k", 1)).isNotEqualTo(b.recordTag("k", 2)).isNotEqualTo(b.recordTag("j", 1));
        assertThat(barrier().recordTag("k", 1)).isNotEqualTo(b.recordTag("k", 1));
    }

    @Test
    void theBackingStoreSeesNoPlaintextAndSwappedRecordsFail() {
        InMemoryStore raw = new InMemoryStore();
        SealedStore s = new SealedStore(raw, barrier());
        byte[] material = "THIS-IS-KEY-MATERIAL-0123456789!".getBytes(StandardCharsets.UTF_8);
        s.apply(List.of(
                Store.Mutation.put("kms/material/a/1", material),
                Store.Mutation.put("kms/material/b/1", "other".getBytes(StandardCharsets.UTF_8))));
        for (byte[] v : raw.raw().values()) {
            assertThat(new String(v, StandardCharsets.ISO_8859_1)).doesNotContain("KEY-MATERIAL");
        }
        assertThat(s.get("kms/material/a/1"))
                .hasValueSatisfying(v -> assertThat(v.value()).isEqualTo(material));
        // an attacker with write access to the database swaps two sealed records
        byte[] a = raw.raw().get("kms/material/a/1");
        raw.tamper("kms/material/a/1", raw.raw().get("kms/material/b/1"));
        raw.tamper("kms/material/b/1", a);
        assertThatThrownBy(() -> s.get("kms/material/a/1")).isInstanceOf(Barrier.BarrierException.class);
    }

    @Test
    void aWrongRootKeyIsRefusedAtOpen() {
        InMemoryStore raw = new InMemoryStore();
        new SealedStore(raw, barrier());
        assertThatThrownBy(() -> new SealedStore(raw, barrier()))
                .isInstanceOf(Barrier.BarrierException.class)
                .hasMessageContaining("root key does not open");
    }

    @Test
    void keyFileIsCreatedOwnerOnlyAndStable(@TempDir Path dir) throws Exception {
        KeyFileRootKeyProvider p = new KeyFileRootKeyProvider(dir.resolve("root.key"), random);
        assertThat(p.initialize()).isTrue();
        assertThat(p.initialize()).isFalse();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("root.key"))))
                .isEqualTo("rw-------");
        assertThat(p.rootKey().reveal()).isEqualTo(p.rootKey().reveal()).hasSize(32);
        assertThat(Files.list(dir)).hasSize(1);
    }
}
