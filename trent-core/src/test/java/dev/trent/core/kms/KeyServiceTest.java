package dev.trent.core.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trent.core.Caller;
import dev.trent.core.ServiceException;
import dev.trent.core.store.InMemoryStore;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyServiceTest {
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

    private KeyService service() {
        return new KeyService(store, clock, random);
    }

    private static KeyService.NewKey plainKey(String description) {
        return new KeyService.NewKey(description, null, null, null, null, null, List.of(), null, null, null);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void encryptDecryptThroughAliasAndAfterReload() {
        KeyService s = service();
        KmsKey k = s.createKey(alice, plainKey("demo"));
        s.createAlias(alice, "alias/demo", k.keyId());
        byte[] blob = s.encrypt(alice, "alias/demo", b("hello"), Map.of("app", "billing"), null, false)
                .ciphertextBlob();
        KeyService reloaded = service();
        KeyService.PlainResult r = reloaded.decrypt(alice, blob, Map.of("app", "billing"), null, null, false);
        assertThat(r.plaintext()).isEqualTo(b("hello"));
        assertThat(r.keyArn()).isEqualTo(k.arn());
        assertThatThrownBy(() -> reloaded.decrypt(alice, blob, Map.of("app", "other"), null, null, false))
                .isInstanceOf(ServiceException.class)
                .extracting("errorCode")
                .isEqualTo("InvalidCiphertextException");
    }

    @Test
    void keysAreScopedToAccountAndRegion() {
        KeyService s = service();
        KmsKey k = s.createKey(alice, plainKey(""));
        assertThatThrownBy(() -> s.describeKey(bob, k.keyId()))
                .isInstanceOf(ServiceException.class)
                .extracting("errorCode")
                .isEqualTo("NotFoundException");
        Caller aliceWest = new Caller(alice.accountId(), "us-west-2", alice.principalArn(), alice.accessKeyId());
        assertThatThrownBy(() -> s.describeKey(aliceWest, k.keyId()))
                .isInstanceOf(ServiceException.class)
                .extracting("errorCode")
                .isEqualTo("NotFoundException");
        byte[] blob = s.encrypt(alice, k.arn(), b("x"), Map.of(), null, false).ciphertextBlob();
        assertThatThrownBy(() -> s.decrypt(aliceWest, blob, Map.of(), null, null, false))
                .isInstanceOf(ServiceException.class)
                .extracting("errorCode")
                .isEqualTo("InvalidCiphertextException");
    }

    @Test
    void deletionHappensWhenTheWindowEndsAndNotBefore() {
        KeyService s = service();
        KmsKey k = s.createKey(alice, plainKey(""));
        s.createAlias(alice, "alias/gone", k.keyId());
        KmsKey pending = s.scheduleKeyDeletion(alice, k.keyId(), 7);
        assertThat(pending.deletionDate()).isEqualTo(clock.now.plus(Duration.ofDays(7)));
        clock.now = clock.now.plus(Duration.ofDays(7)).minusSeconds(1);
        assertThat(s.purgeExpiredKeys()).isZero();
        clock.now = clock.now.plusSeconds(1);
        assertThat(s.purgeExpiredKeys()).isEqualTo(1);
        assertThatThrownBy(() -> s.describeKey(alice, k.keyId()))
                .isInstanceOf(ServiceException.class)
                .extracting("errorCode")
                .isEqualTo("NotFoundException");
        assertThat(s.listAliases(alice, null, null, null).items()).isEmpty();
        assertThat(store.scan("kms/")).isEmpty();
        assertThat(service().keyCount()).isZero();
    }

    @Test
    void cancelledDeletionLeavesTheKeyDisabled() {
        KeyService s = service();
        KmsKey k = s.createKey(alice, plainKey(""));
        s.scheduleKeyDeletion(alice, k.keyId(), null);
        assertThat(s.cancelKeyDeletion(alice, k.keyId()).state()).isEqualTo(KeyState.Disabled);
        assertThatThrownBy(() -> s.cancelKeyDeletion(alice, k.keyId()))
                .isInstanceOf(ServiceException.class)
                .hasMessageEndingWith("is not pending deletion.");
    }

    @Test
    void listKeysPagesThroughEveryKeyOnce() {
        KeyService s = service();
        for (int i = 0; i < 7; i++) {
            s.createKey(alice, plainKey("k" + i));
            clock.now = clock.now.plusMillis(1);
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        String marker = null;
        int pages = 0;
        do {
            KeyService.Page<KmsKey> p = s.listKeys(alice, 3, marker);
            p.items().forEach(k -> assertThat(seen.add(k.keyId())).isTrue());
            marker = p.nextMarker();
            pages++;
        } while (marker != null);
        assertThat(seen).hasSize(7);
        assertThat(pages).isEqualTo(3);
        assertThatThrownBy(() -> s.listKeys(alice, 3, "garbage!"))
                .isInstanceOf(ServiceException.class)
                .extracting("errorCode")
                .isEqualTo("InvalidMarkerException");
    }
}
