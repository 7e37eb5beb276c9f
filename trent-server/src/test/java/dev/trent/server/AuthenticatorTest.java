package dev.trent.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trent.core.iam.AccessKey;
import dev.trent.core.iam.IdentityStore;
import dev.trent.core.store.InMemoryStore;
import dev.trent.server.auth.SecretLookup;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** The secrets SigV4 verification gets: a deactivated or deleted key is never served from the cache. */
class AuthenticatorTest {
    static final String ACCOUNT = "111122223333";
    static final String ROOT = IdentityStore.rootArn(ACCOUNT);

    private final InMemoryStore store = new InMemoryStore();
    private final IdentityStore identities = new IdentityStore(store, Clock.systemUTC(), new SecureRandom());

    private AccessKey newKey() {
        identities.createAccount(ACCOUNT);
        return identities.createAccessKey(ROOT);
    }

    @Test
    void activeKeysAreKnownAndCachedUntilDeactivatedOrDeleted() {
        Authenticator auth = new Authenticator(
                identities, Clock.systemUTC(), false, "000000000000", dev.trent.server.auth.Regions.aws());
        AccessKey k = newKey();
        SecretLookup.Result first = auth.find(k.accessKeyId());
        assertThat(first)
                .isInstanceOfSatisfying(
                        SecretLookup.Known.class,
                        known -> assertThat(known.secretAccessKeyUtf8())
                                .isEqualTo(k.secretAccessKey().getBytes(StandardCharsets.UTF_8)));
        assertThat(auth.find(k.accessKeyId())).isSameAs(first);
        assertThat(auth.cachedSecrets()).isEqualTo(1);

        identities.updateAccessKey(k.accessKeyId(), false);
        assertThat(auth.find(k.accessKeyId())).isInstanceOf(SecretLookup.Unknown.class);
        assertThat(auth.cachedSecrets()).isZero();

        identities.updateAccessKey(k.accessKeyId(), true);
        assertThat(auth.find(k.accessKeyId())).isInstanceOf(SecretLookup.Known.class);

        identities.deleteAccessKey(k.accessKeyId());
        assertThat(auth.find(k.accessKeyId())).isInstanceOf(SecretLookup.Unknown.class);
        assertThat(auth.cachedSecrets()).isZero();
        assertThat(auth.find("AKIAUNKNOWNUNKNOWN00")).isInstanceOf(SecretLookup.Unknown.class);
    }

    @Test
    void changesMadeByAnotherProcessCountOnceTheViewHasFollowedThem() {
        Authenticator auth = new Authenticator(
                identities, Clock.systemUTC(), false, "000000000000", dev.trent.server.auth.Regions.aws());
        AccessKey k = newKey();
        assertThat(auth.find(k.accessKeyId())).isInstanceOf(SecretLookup.Known.class);
        // trent admin, on the same store
        IdentityStore admin = new IdentityStore(store, Clock.systemUTC(), new SecureRandom());
        admin.updateAccessKey(k.accessKeyId(), false);
        identities.refresh();
        assertThat(auth.find(k.accessKeyId())).isInstanceOf(SecretLookup.Unknown.class);
    }

    @Test
    void devModeTrustsUnknownKeysButNotOnesItKnowsAsInactive() {
        Authenticator auth = new Authenticator(
                identities, Clock.systemUTC(), true, "000000000000", dev.trent.server.auth.Regions.aws());
        assertThat(auth.find("test")).isInstanceOf(SecretLookup.TrustUnsigned.class);
        AccessKey k = newKey();
        assertThat(auth.find(k.accessKeyId())).isInstanceOf(SecretLookup.Known.class);
        identities.updateAccessKey(k.accessKeyId(), false);
        assertThat(auth.find(k.accessKeyId())).isInstanceOf(SecretLookup.Unknown.class);
        identities.deleteAccessKey(k.accessKeyId());
        assertThat(auth.find(k.accessKeyId())).isInstanceOf(SecretLookup.TrustUnsigned.class);
    }
}
