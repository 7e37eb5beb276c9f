package dev.trent.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trent.core.Caller;
import dev.trent.core.RequestContext;
import dev.trent.core.iam.IamUser;
import dev.trent.core.iam.IdentityStore;
import dev.trent.core.iam.RoleSessions;
import dev.trent.core.store.InMemoryStore;
import dev.trent.server.auth.Regions;
import dev.trent.server.auth.SecretLookup;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Temporary credentials: known only with their session token, and only while their role exists. */
class AuthenticatorSessionsTest {
    static final String ACCOUNT = "111122223333";

    private final IdentityStore ids = new IdentityStore(new InMemoryStore(), Clock.systemUTC(), new SecureRandom());

    private RoleSessions.AssumeRoleResult assume() {
        ids.createAccount(ACCOUNT);
        IamUser u = ids.users().create(ACCOUNT, "alice", null, List.of());
        ids.roles()
                .create(
                        ACCOUNT,
                        "app",
                        null,
                        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\""
                                + u.arn() + "\"},\"Action\":\"sts:AssumeRole\"}]}",
                        null,
                        null,
                        List.of());
        Caller alice = new Caller(
                ACCOUNT, "us-east-1", u.arn(), "AKIAX", Caller.PrincipalType.IAM_USER, u.userId(), u.arn(), Map.of());
        return ids.sessions()
                .assumeRole(
                        RequestContext.internal(alice, Instant.now()),
                        new RoleSessions.AssumeRoleRequest(
                                "arn:aws:iam::111122223333:role/app", "s1", null, null, null, null, null, false));
    }

    @Test
    void aSessionsSecretIsKnownWithItsTokenOnly() {
        Authenticator auth = new Authenticator(ids, Clock.systemUTC(), false, "000000000000", Regions.aws());
        RoleSessions.AssumeRoleResult r = assume();
        String id = r.session().accessKeyId();
        assertThat(auth.find(id, r.sessionToken()))
                .isInstanceOfSatisfying(
                        SecretLookup.Known.class,
                        k -> assertThat(k.secretAccessKeyUtf8())
                                .isEqualTo(r.session().secretAccessKey().getBytes(StandardCharsets.UTF_8)));
        assertThat(auth.find(id, null)).isInstanceOf(SecretLookup.Unknown.class);
        assertThat(auth.find(id, "bm90IGEgdG9rZW4=")).isInstanceOf(SecretLookup.Unknown.class);
        assertThat(auth.find("ASIAAAAAAAAAAAAAAAAA", r.sessionToken())).isInstanceOf(SecretLookup.Unknown.class);
        ids.roles().delete(ACCOUNT, "app");
        assertThat(auth.find(id, r.sessionToken())).isInstanceOf(SecretLookup.Unknown.class);
    }

    @Test
    void devModeTrustsTemporaryKeysItCannotOpenButChecksTheOnesItCan() {
        Authenticator auth = new Authenticator(ids, Clock.systemUTC(), true, "000000000000", Regions.aws());
        RoleSessions.AssumeRoleResult r = assume();
        assertThat(auth.find("ASIAFROMSOMEWHEREELS", "token")).isInstanceOf(SecretLookup.TrustUnsigned.class);
        assertThat(auth.find(r.session().accessKeyId(), r.sessionToken())).isInstanceOf(SecretLookup.Known.class);
    }
}
