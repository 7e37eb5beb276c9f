package dev.trent.core.kms;

import static dev.trent.core.kms.KeyRegistryTest.ALICE;
import static dev.trent.core.kms.KeyRegistryTest.BOB;
import static dev.trent.core.kms.KeyRegistryTest.alias;
import static dev.trent.core.kms.KeyRegistryTest.ctx;
import static dev.trent.core.kms.KeyRegistryTest.newKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trent.core.auth.Authorizer;
import dev.trent.core.barrier.Barrier;
import dev.trent.core.barrier.SealedStore;
import dev.trent.core.store.InMemoryStore;
import dev.trent.core.store.Store;
import dev.trent.crypto.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A data directory of the layout before keys were scoped opens, and is rewritten in the scoped layout. */
class LegacyLayoutUpgradeTest {
    private final KeyOperationsTest.MutableClock clock = new KeyOperationsTest.MutableClock();
    private final SecureRandom random = new SecureRandom();
    private final Barrier barrier = new Barrier(SecretBytes.random(random, 32), random);

    @Test
    void oldRecordsAreReadThroughTheBarrierAndRewrittenAtScopedKeys() {
        // keys and ciphertexts made today, then laid out as earlier versions stored them
        InMemoryStore today = new InMemoryStore();
        KmsOperations before = KmsOperations.create(today, Authorizer.ALLOW_ALL, clock, random);
        KmsKey k = newKey(before, ALICE);
        KmsKey other = newKey(before, BOB);
        alias(before, ALICE, "alias/old", k);
        byte[] plaintext = "kept across the upgrade".getBytes(StandardCharsets.UTF_8);
        byte[] blob = before.cryptography()
                .encrypt(ctx(ALICE), new CryptoRequests.Encrypt("alias/old", plaintext, Map.of(), null, false))
                .ciphertextBlob();
        InMemoryStore raw = new InMemoryStore();
        Store sealed = new SealedStore(raw, barrier);
        for (Store.Entry e : today.scan("kms/")) {
            sealed.apply(List.of(Store.Mutation.put(legacyKey(e.key()), e.value())));
        }
        assertThat(raw.raw().keySet())
                .contains(
                        "kms/keys/" + k.keyId(),
                        "kms/material/" + k.keyId() + "/1",
                        "kms/keys/" + other.keyId(),
                        "kms/aliases/111122223333/us-east-1/alias/old");

        KmsOperations after = KmsOperations.create(sealed, Authorizer.ALLOW_ALL, clock, random);

        assertThat(raw.raw().keySet())
                .filteredOn(s -> s.startsWith("kms/"))
                .containsExactlyInAnyOrder(
                        "kms/keys/111122223333/us-east-1/" + k.keyId(),
                        "kms/material/111122223333/us-east-1/" + k.keyId() + "/1",
                        "kms/keys/444455556666/us-east-1/" + other.keyId(),
                        "kms/material/444455556666/us-east-1/" + other.keyId() + "/1",
                        "kms/aliases/111122223333/us-east-1/alias/old");
        assertThat(after.lifecycle().describeKey(ctx(ALICE), new LifecycleRequests.DescribeKey("alias/old")))
                .isEqualTo(k);
        assertThat(after.cryptography()
                        .decrypt(ctx(ALICE), new CryptoRequests.Decrypt(blob, Map.of(), null, null, false))
                        .plaintext())
                .isEqualTo(plaintext);
        // the rewritten records open under their new identity after a restart too, and nothing is upgraded twice
        KmsOperations restarted = KmsOperations.create(sealed, Authorizer.ALLOW_ALL, clock, random);
        assertThat(restarted.registry().keyCount()).isEqualTo(2);
        assertThat(restarted
                        .cryptography()
                        .decrypt(ctx(ALICE), new CryptoRequests.Decrypt(blob, Map.of(), k.keyId(), null, false))
                        .plaintext())
                .isEqualTo(plaintext);
        assertThat(LegacyLayoutUpgrade.run(sealed)).isZero();
    }

    /** {@code kms/keys/<a>/<r>/<id>} → {@code kms/keys/<id>}; material likewise; aliases kept where they were. */
    private static String legacyKey(String key) {
        String[] p = key.split("/");
        if (key.startsWith("kms/keys/")) return "kms/keys/" + p[4];
        if (key.startsWith("kms/material/")) return "kms/material/" + p[4] + "/" + p[5];
        return key;
    }
}
