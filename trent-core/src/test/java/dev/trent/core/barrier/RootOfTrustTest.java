package dev.trent.core.barrier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trent.core.store.InMemoryStore;
import dev.trent.core.store.Store;
import dev.trent.core.store.Store.Mutation;
import dev.trent.crypto.Argon2id;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootOfTrustTest {
    private static final Argon2id.Parameters CHEAP = new Argon2id.Parameters(64, 1, 1);
    private final SecureRandom random = new SecureRandom();

    @TempDir
    Path dir;

    private PassphraseRootKeyProvider passphrase(String p) {
        return new PassphraseRootKeyProvider(p.toCharArray(), random, CHEAP);
    }

    private static RootKeyProvider none(String kind) {
        throw new AssertionError("no provider of kind " + kind + " expected");
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void write(Store sealed, int n) {
        for (int i = 0; i < n; i++) sealed.apply(List.of(Mutation.put("rec/" + i, text("value " + i))));
    }

    private static void assertReadable(Store sealed, int n) {
        for (int i = 0; i < n; i++) {
            assertThat(sealed.get("rec/" + i).orElseThrow().value()).isEqualTo(text("value " + i));
        }
    }

    @Test
    void aNewStoreGetsAKeyringWrappedByThePassphraseAndAWrongOneIsNamed() {
        InMemoryStore raw = new InMemoryStore();
        try (RootOfTrust r = RootOfTrust.open(raw, passphrase("a long passphrase"), RootOfTrustTest::none, random)) {
            write(new SealedStore(raw, r.barrier()), 3);
            assertThat(r.activeTerm()).isEqualTo(1);
        }
        assertThat(KeyringRecord.read(raw).orElseThrow().rootOfTrust()).isEqualTo("passphrase");
        assertThat(KeyringRecord.read(raw).orElseThrow().parameters()).containsKeys("salt", "check", "memoryKiB");
        assertThatThrownBy(() -> RootOfTrust.open(raw, passphrase("another passphrase"), RootOfTrustTest::none, random))
                .isInstanceOf(RootKeyProvider.WrongRootKeyException.class)
                .hasMessage("the unseal passphrase is wrong");
        try (RootOfTrust r = RootOfTrust.open(raw, passphrase("a long passphrase"), RootOfTrustTest::none, random)) {
            assertReadable(new SealedStore(raw, r.barrier()), 3);
        }
    }

    @Test
    void aRotationReSealsEveryRecordAndDropsTheOldTerm() {
        InMemoryStore raw = new InMemoryStore();
        KeyFileRootKeyProvider file = new KeyFileRootKeyProvider(dir.resolve("root.key"), random);
        file.initialize();
        try (RootOfTrust r = RootOfTrust.open(raw, file, RootOfTrustTest::none, random)) {
            SealedStore sealed = new SealedStore(raw, r.barrier());
            write(sealed, 20);
            assertThat(r.beginRotation()).isEqualTo(2);
            write(sealed, 5); // written during the rotation: under term 2 already
            assertReadable(sealed, 20);
            int n = r.finishRotation(sealed, 3, done -> {});
            assertThat(n).isGreaterThanOrEqualTo(15);
            assertThat(r.rotating()).isFalse();
            for (Store.Entry e : raw.scan("")) {
                if (!e.key().equals(KeyringRecord.KEY))
                    assertThat(Barrier.termOf(e.key(), e.value())).isEqualTo(2);
            }
        }
        // reopened: the rollback check passes and everything opens under the single remaining term
        try (RootOfTrust r = RootOfTrust.open(raw, file, RootOfTrustTest::none, random)) {
            assertThat(r.rotating()).isFalse();
            assertReadable(new SealedStore(raw, r.barrier()), 20);
        }
    }

    @Test
    void anInterruptedRotationLeavesEverythingReadableAndResumes() {
        InMemoryStore raw = new InMemoryStore();
        KeyFileRootKeyProvider file = new KeyFileRootKeyProvider(dir.resolve("root.key"), random);
        file.initialize();
        try (RootOfTrust r = RootOfTrust.open(raw, file, RootOfTrustTest::none, random)) {
            write(new SealedStore(raw, r.barrier()), 10);
            r.beginRotation(); // and the process dies before re-sealing
        }
        try (RootOfTrust r = RootOfTrust.open(raw, file, RootOfTrustTest::none, random)) {
            assertThat(r.rotating()).isTrue();
            SealedStore sealed = new SealedStore(raw, r.barrier());
            assertReadable(sealed, 10);
            r.finishRotation(sealed, 4, n -> {});
            assertThat(r.rotating()).isFalse();
            assertReadable(sealed, 10);
        }
    }

    @Test
    void aStoreOfAnEarlierBuildOpensUnderItsKeyFileAndMovesToAPassphrase() {
        InMemoryStore raw = new InMemoryStore();
        KeyFileRootKeyProvider file = new KeyFileRootKeyProvider(dir.resolve("root.key"), random);
        file.initialize();
        write(new SealedStore(raw, new Barrier(file.rootKey(), random)), 5); // format 2, no keyring record
        try (RootOfTrust r = RootOfTrust.open(raw, file, RootOfTrustTest::none, random)) {
            assertThat(r.activeTerm()).isZero();
            assertReadable(new SealedStore(raw, r.barrier()), 5);
        }
        assertThat(KeyringRecord.read(raw)).isEmpty();
        try (RootOfTrust r = RootOfTrust.open(
                raw, passphrase("a long passphrase"), kind -> kind.equals("file") ? file : none(kind), random)) {
            assertThat(r.rotating()).isTrue();
            SealedStore sealed = new SealedStore(raw, r.barrier());
            r.finishRotation(sealed, 2, n -> {});
            assertReadable(sealed, 5);
        }
        try (RootOfTrust r = RootOfTrust.open(raw, passphrase("a long passphrase"), RootOfTrustTest::none, random)) {
            assertReadable(new SealedStore(raw, r.barrier()), 5);
        }
    }
}
