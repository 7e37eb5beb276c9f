package dev.trent.core.iam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trent.core.store.InMemoryStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Session tokens: self-contained, authenticated, bound to their access key id, valid on every view of the store. */
class SessionTokensTest {
    private final InMemoryStore store = new InMemoryStore();
    private final IdentityStoreTest.TestClock clock = new IdentityStoreTest.TestClock();
    private final SecureRandom random = new SecureRandom();

    private RoleSession session(String keyId) {
        Instant now = clock.instant();
        return new RoleSession(
                keyId,
                "secretsecretsecretsecretsecretsecret1234",
                "111122223333",
                "App",
                "/svc/",
                "AROAAAAAAAAAAAAAAAAAA",
                "ci-job",
                now,
                now.plus(Duration.ofHours(1)),
                Map.of("team", "kms"),
                List.of("team"),
                null);
    }

    @Test
    void aTokenOpensOnlyForItsAccessKeyIdAndUnaltered() {
        IamView view = new IamView(store, random);
        SessionTokens tokens = new SessionTokens(view, clock, random);
        RoleSession s = session("ASIAAAAAAAAAAAAAAAAA");
        String token = tokens.issue(s);
        assertThat(token).matches("[A-Za-z0-9+/=]+").hasSizeLessThan(1024);
        assertThat(token).doesNotContain(s.secretAccessKey()); // encrypted
        assertThat(tokens.open(s.accessKeyId(), token)).isEqualTo(s);
        assertThat(tokens.open("ASIABBBBBBBBBBBBBBBB", token)).isNull();
        byte[] raw = Base64.getDecoder().decode(token);
        raw[raw.length - 1] ^= 1;
        assertThat(tokens.open(s.accessKeyId(), Base64.getEncoder().encodeToString(raw)))
                .isNull();
        assertThat(tokens.open(s.accessKeyId(), "not base64 !")).isNull();
        assertThat(tokens.open(s.accessKeyId(), "")).isNull();
        assertThat(tokens.open(s.accessKeyId(), "A".repeat(SessionTokens.MAX_TOKEN_CHARS + 4)))
                .isNull();
        assertThat(tokens.open(s.accessKeyId(), Base64.getEncoder().encodeToString(new byte[] {1, 5, 'x'})))
                .isNull();
    }

    @Test
    void theTokenKeyIsMadeOnceAndSharedThroughTheStore() {
        IamView a = new IamView(store, random);
        IamView b = new IamView(store, random);
        SessionTokens ta = new SessionTokens(a, clock, random);
        SessionTokens tb = new SessionTokens(b, clock, random);
        RoleSession s = session("ASIAAAAAAAAAAAAAAAAA");
        String token = ta.issue(s);
        assertThat(store.scan("iam/sts/token-keys/")).hasSize(1);
        assertThat(tb.open(s.accessKeyId(), token)).isNull(); // b has not followed the store yet
        // b issues too: it finds the key a made (its own creation loses the race) and uses it
        String other = tb.issue(session("ASIACCCCCCCCCCCCCCCC"));
        assertThat(store.scan("iam/sts/token-keys/")).hasSize(1);
        assertThat(tb.open(s.accessKeyId(), token)).isEqualTo(s);
        assertThat(ta.open("ASIACCCCCCCCCCCCCCCC", other)).isNotNull();
        // and after a restart
        SessionTokens restarted = new SessionTokens(new IamView(store, random), clock, random);
        assertThat(restarted.open(s.accessKeyId(), token)).isEqualTo(s);
    }

    @Test
    void anotherStoresKeyDoesNotOpenTheToken() {
        SessionTokens tokens = new SessionTokens(new IamView(store, random), clock, random);
        SessionTokens elsewhere = new SessionTokens(new IamView(new InMemoryStore(), random), clock, random);
        RoleSession s = session("ASIAAAAAAAAAAAAAAAAA");
        elsewhere.issue(session("ASIADDDDDDDDDDDDDDDD"));
        assertThat(elsewhere.open(s.accessKeyId(), tokens.issue(s))).isNull();
    }
}
