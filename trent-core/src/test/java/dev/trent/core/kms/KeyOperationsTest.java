package dev.trent.core.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trent.core.Caller;
import dev.trent.core.RequestContext;
import dev.trent.core.ServiceException;
import dev.trent.core.auth.Authorizer;
import dev.trent.core.store.InMemoryStore;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyOperationsTest {
    /** A clock tests can move. */
    static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-11-23T10:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final InMemoryStore store = new InMemoryStore();
    private final MutableClock clock = new MutableClock();
    private final SecureRandom random = new SecureRandom();
    private final Caller alice = new Caller("111122223333", "us-east-1", "arn:aws:iam::111122223333:root", "AKIA1");
    private final Caller bob = new Caller("444455556666", "us-east-1", "arn:aws:iam::444455556666:root", "AKIA2");

    private KmsOperations service() {
        return KmsOperations.create(store, Authorizer.ALLOW_ALL, clock, random);
    }

    private RequestContext ctx(Caller caller) {
        return RequestContext.internal(caller, clock.now);
    }

    private KmsKey createKey(KmsOperations s, Caller caller, String description) {
        return s.lifecycle().createKey(ctx(caller), LifecycleRequests.CreateKey.withDescription(description));
    }

    private KmsKey describe(KmsOperations s, Caller caller, String keyId) {
        return s.lifecycle().describeKey(ctx(caller), new LifecycleRequests.DescribeKey(keyId));
    }

    private byte[] encrypt(KmsOperations s, Caller caller, String keyId, byte[] plaintext, Map<String, String> c) {
        return s.cryptography()
                .encrypt(ctx(caller), new CryptoRequests.Encrypt(keyId, plaintext, c, null, false))
                .ciphertextBlob();
    }

    private CryptoRequests.Decrypted decrypt(KmsOperations s, Caller caller, byte[] blob, Map<String, String> c) {
        return s.cryptography().decrypt(ctx(caller), new CryptoRequests.Decrypt(blob, c, null, null, false));
    }

    private void createAlias(KmsOperations s, Caller caller, String name, String keyId) {
        s.aliases().createAlias(ctx(caller), new AliasRequests.CreateAlias(name, keyId));
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void encryptDecryptThroughAliasAndAfterReload() {
        KmsOperations s = service();
        KmsKey k = createKey(s, alice, "demo");
        createAlias(s, alice, "alias/demo", k.keyId());
        byte[] blob = encrypt(s, alice, "alias/demo", b("hello"), Map.of("app", "billing"));
        KmsOperations reloaded = service();
        CryptoRequests.Decrypted r = decrypt(reloaded, alice, blob, Map.of("app", "billing"));
        assertThat(r.plaintext()).isEqualTo(b("hello"));
        assertThat(r.keyArn()).isEqualTo(k.arn());
        assertThatThrownBy(() -> decrypt(reloaded, alice, blob, Map.of("app", "other")))
                .isInstanceOf(ServiceException.class)
                .extracting("errorCode")
                .isEqualTo("InvalidCiphertextException");
    }

    @Test
    void keysAreScopedToAccountAndRegion() {
        KmsOperations s = service();
        KmsKey k = createKey(s, alice, "");
        assertThatThrownBy(() -> describe(s, bob, k.keyId()))
                .isInstanceOf(ServiceException.class)
                .extracting("errorCode")
                .isEqualTo("NotFoundException");
        Caller aliceWest = new Caller(alice.accountId(), "us-west-2", alice.principalArn(), alice.accessKeyId());
        assertThatThrownBy(() -> describe(s, aliceWest, k.keyId()))
                .isInstanceOf(ServiceException.class)
                .extracting("errorCode")
                .isEqualTo("NotFoundException");
        byte[] blob = encrypt(s, alice, k.arn(), b("x"), Map.of());
        assertThatThrownBy(() -> decrypt(s, aliceWest, blob, Map.of()))
                .isInstanceOf(ServiceException.class)
                .extracting("errorCode")
                .isEqualTo("InvalidCiphertextException");
    }

    @Test
    void deletionHappensWhenTheWindowEndsAndNotBefore() {
        KmsOperations s = service();
        KmsKey k = createKey(s, alice, "");
        createAlias(s, alice, "alias/gone", k.keyId());
        KmsKey pending =
                s.lifecycle().scheduleKeyDeletion(ctx(alice), new LifecycleRequests.ScheduleKeyDeletion(k.keyId(), 7));
        assertThat(pending.deletionDate()).isEqualTo(clock.now.plus(Duration.ofDays(7)));
        clock.now = clock.now.plus(Duration.ofDays(7)).minusSeconds(1);
        assertThat(s.lifecycle().purgeExpiredKeys()).isZero();
        clock.now = clock.now.plusSeconds(1);
        assertThat(s.lifecycle().purgeExpiredKeys()).isEqualTo(1);
        assertThatThrownBy(() -> describe(s, alice, k.keyId()))
                .isInstanceOf(ServiceException.class)
                .extracting("errorCode")
                .isEqualTo("NotFoundException");
        assertThat(s.aliases()
                        .listAliases(ctx(alice), new AliasRequests.ListAliases(null, null, null))
                        .items())
                .filteredOn(a -> !PredefinedAliases.isUnassociated(a)) // AWS's alias/aws/... are always listed
                .isEmpty();
        assertThat(store.scan("kms/")).isEmpty();
        assertThat(service().registry().keyCount()).isZero();
    }

    @Test
    void cancelledDeletionLeavesTheKeyDisabled() {
        KmsOperations s = service();
        KmsKey k = createKey(s, alice, "");
        s.lifecycle().scheduleKeyDeletion(ctx(alice), new LifecycleRequests.ScheduleKeyDeletion(k.keyId(), null));
        assertThat(s.lifecycle()
                        .cancelKeyDeletion(ctx(alice), new LifecycleRequests.CancelKeyDeletion(k.keyId()))
                        .state())
                .isEqualTo(KeyState.Disabled);
        assertThatThrownBy(() ->
                        s.lifecycle().cancelKeyDeletion(ctx(alice), new LifecycleRequests.CancelKeyDeletion(k.keyId())))
                .isInstanceOf(ServiceException.class)
                .hasMessageEndingWith("is not pending deletion.");
    }

    @Test
    void listKeysPagesThroughEveryKeyOnce() {
        KmsOperations s = service();
        for (int i = 0; i < 7; i++) {
            createKey(s, alice, "k" + i);
            clock.now = clock.now.plusMillis(1);
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        String marker = null;
        int pages = 0;
        do {
            Page<KmsKey> p = s.lifecycle().listKeys(ctx(alice), new LifecycleRequests.ListKeys(3, marker));
            p.items().forEach(k -> assertThat(seen.add(k.keyId())).isTrue());
            marker = p.nextMarker();
            pages++;
        } while (marker != null);
        assertThat(seen).hasSize(7);
        assertThat(pages).isEqualTo(3);
        assertThatThrownBy(() -> s.lifecycle().listKeys(ctx(alice), new LifecycleRequests.ListKeys(3, "garbage!")))
                .isInstanceOf(ServiceException.class)
                .extracting("errorCode")
                .isEqualTo("InvalidMarkerException");
    }
}
