package dev.trent.core.iam;

import static dev.trent.core.iam.IamModelTest.fails;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trent.core.Caller;
import dev.trent.core.RequestContext;
import dev.trent.core.store.InMemoryStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** AssumeRole decided as IAM documents it: trust policy, identity policies, same and other accounts, tags, limits. */
class RoleSessionsTest {
    static final String ACCOUNT = "111122223333";
    static final String OTHER = "444455556666";
    static final String ROLE_ARN = "arn:aws:iam::111122223333:role/app";
    static final String ALLOW_ASSUME = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":\"sts:AssumeRole\",\"Resource\":\"" + ROLE_ARN + "\"}]}";
    static final String DENY_ASSUME = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\","
            + "\"Action\":\"sts:*\",\"Resource\":\"*\"}]}";

    private final InMemoryStore store = new InMemoryStore();
    private final IdentityStoreTest.TestClock clock = new IdentityStoreTest.TestClock();
    private final IdentityStore ids = new IdentityStore(store, clock, new SecureRandom());

    RoleSessionsTest() {
        ids.createAccount(ACCOUNT);
        ids.createAccount(OTHER);
    }

    static String trust(String principal, String extra) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + principal
                + "\"},\"Action\":\"sts:AssumeRole\"" + extra + "}]}";
    }

    private IamRole role(String trustPolicy) {
        return ids.roles().create(ACCOUNT, "app", null, trustPolicy, null, 7200, List.of());
    }

    private Caller user(String account, String name) {
        IamUser u = ids.users().create(account, name, null, List.of());
        return new Caller(
                account,
                "us-east-1",
                u.arn(),
                "AKIAUSER",
                Caller.PrincipalType.IAM_USER,
                u.userId(),
                u.arn(),
                Map.of());
    }

    private RoleSessions.AssumeRoleResult assume(Caller c, RoleSessions.AssumeRoleRequest req) {
        return ids.sessions().assumeRole(RequestContext.internal(c, clock.instant()), req);
    }

    private RoleSessions.AssumeRoleResult assume(Caller c) {
        return assume(c, request(null, null, List.of(), List.of()));
    }

    static RoleSessions.AssumeRoleRequest request(
            Integer duration, String externalId, List<Map.Entry<String, String>> tags, List<String> transitive) {
        return new RoleSessions.AssumeRoleRequest(
                ROLE_ARN, "job-1", duration, externalId, tags, transitive, null, false);
    }

    static String denied(Caller c, String action) {
        return "User: " + c.principalArn() + " is not authorized to perform: " + action + " on resource: " + ROLE_ARN;
    }

    @Test
    void aTrustPolicyNamingTheUserSufficesInTheRolesAccount() {
        Caller alice = user(ACCOUNT, "alice");
        IamRole r = role(trust(alice.principalArn(), ""));
        RoleSessions.AssumeRoleResult res = assume(alice);
        RoleSession s = res.session();
        assertThat(s.accessKeyId()).startsWith("ASIA").hasSize(20);
        assertThat(s.secretAccessKey()).hasSize(40);
        assertThat(s.assumedRoleArn()).isEqualTo("arn:aws:sts::111122223333:assumed-role/app/job-1");
        assertThat(s.assumedRoleId()).isEqualTo(r.roleId() + ":job-1");
        assertThat(s.expiresAt()).isEqualTo(clock.instant().plusSeconds(3600));
        assertThat(res.packedPolicySize()).isNull();
        assertThat(ids.sessions().open(s.accessKeyId(), res.sessionToken())).isEqualTo(s);
        assertThat(ids.sessions().open(s.accessKeyId(), res.sessionToken() + "x"))
                .isNull();
        assertThat(ids.sessions().open("ASIAAAAAAAAAAAAAAAAA", res.sessionToken()))
                .isNull();
        // the role deleted (and made again under the same name): the session no longer opens
        ids.roles().delete(ACCOUNT, "app");
        assertThat(ids.sessions().open(s.accessKeyId(), res.sessionToken())).isNull();
        role(trust(alice.principalArn(), ""));
        assertThat(ids.sessions().open(s.accessKeyId(), res.sessionToken())).isNull();
    }

    @Test
    void aTrustPolicyNamingTheAccountNeedsTheCallersIdentityPolicy() {
        Caller alice = user(ACCOUNT, "alice");
        role(trust("arn:aws:iam::111122223333:root", ""));
        fails(() -> assume(alice), "AccessDeniedException", 400, denied(alice, "sts:AssumeRole"));
        ids.users().putPolicy(ACCOUNT, "alice", "assume", ALLOW_ASSUME);
        assertThat(assume(alice).session().roleName()).isEqualTo("app");
        ids.users().putPolicy(ACCOUNT, "alice", "deny", DENY_ASSUME);
        fails(() -> assume(alice), "AccessDeniedException", 400, denied(alice, "sts:AssumeRole"));
    }

    @Test
    void anExplicitDenyInTheIdentityPoliciesBeatsATrustPolicyNamingTheUser() {
        Caller alice = user(ACCOUNT, "alice");
        role(trust(alice.principalArn(), ""));
        ids.users().putPolicy(ACCOUNT, "alice", "deny", DENY_ASSUME);
        fails(() -> assume(alice), "AccessDeniedException", 400, denied(alice, "sts:AssumeRole"));
    }

    @Test
    void anotherAccountNeedsBothTheTrustPolicyAndItsOwnIdentityPolicy() {
        Caller bob = user(OTHER, "bob");
        role(trust(bob.principalArn(), ""));
        fails(() -> assume(bob), "AccessDeniedException", 400, denied(bob, "sts:AssumeRole"));
        ids.users().putPolicy(OTHER, "bob", "assume", ALLOW_ASSUME);
        assertThat(assume(bob).session().accountId()).isEqualTo(ACCOUNT);
        // a trust policy that names neither the user nor its account refuses
        ids.roles().updateTrustPolicy(ACCOUNT, "app", trust("arn:aws:iam::111122223333:root", ""));
        fails(() -> assume(bob), "AccessDeniedException", 400, denied(bob, "sts:AssumeRole"));
        // naming bob's account delegates to bob's identity policies, which allow
        ids.roles().updateTrustPolicy(ACCOUNT, "app", trust("444455556666", ""));
        assertThat(assume(bob).session().roleName()).isEqualTo("app");
    }

    @Test
    void rootUsersAndMissingRolesAreRefusedLikeAws() {
        Caller root = new Caller(ACCOUNT, "us-east-1", IdentityStore.rootArn(ACCOUNT), "AKIAROOT");
        role(trust("arn:aws:iam::111122223333:root", ""));
        fails(() -> assume(root), "AccessDeniedException", 400, "Roles may not be assumed by root accounts.");
        Caller alice = user(ACCOUNT, "alice");
        var missing = new RoleSessions.AssumeRoleRequest(
                "arn:aws:iam::111122223333:role/nope", "s1", null, null, List.of(), List.of(), null, false);
        fails(
                () -> assume(alice, missing),
                "AccessDeniedException",
                400,
                "User: " + alice.principalArn() + " is not authorized to perform: sts:AssumeRole on resource:"
                        + " arn:aws:iam::111122223333:role/nope");
        var bad = new RoleSessions.AssumeRoleRequest(
                "arn:aws:s3:::bucket", "s1", null, null, List.of(), List.of(), null, false);
        fails(() -> assume(alice, bad), "ValidationError", 400, "Request ARN is invalid");
        var policy = new RoleSessions.AssumeRoleRequest(ROLE_ARN, "s1", null, null, List.of(), List.of(), null, true);
        fails(
                () -> assume(alice, policy),
                "ValidationError",
                400,
                "Trent does not support session policies (Policy, PolicyArns) yet.");
    }

    @Test
    void externalIdIsAConditionKeyOfTheTrustPolicy() {
        Caller alice = user(ACCOUNT, "alice");
        role(trust(alice.principalArn(), ",\"Condition\":{\"StringEquals\":{\"sts:ExternalId\":\"s3cr3t\"}}"));
        fails(() -> assume(alice), "AccessDeniedException", 400, denied(alice, "sts:AssumeRole"));
        fails(
                () -> assume(alice, request(null, "wrong", List.of(), List.of())),
                "AccessDeniedException",
                400,
                denied(alice, "sts:AssumeRole"));
        assertThat(assume(alice, request(null, "s3cr3t", List.of(), List.of()))).isNotNull();
    }

    @Test
    void sessionDurationsWithinTheRolesMaximum() {
        Caller alice = user(ACCOUNT, "alice");
        role(trust(alice.principalArn(), ""));
        assertThat(assume(alice, request(7200, null, List.of(), List.of()))
                        .session()
                        .expiresAt())
                .isEqualTo(clock.instant().plus(Duration.ofHours(2)));
        fails(
                () -> assume(alice, request(7201, null, List.of(), List.of())),
                "ValidationError",
                400,
                "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
    }

    @Test
    void sessionTagsNeedTagSessionAndTransitiveTagsPassOnWhenChaining() {
        Caller alice = user(ACCOUNT, "alice");
        String trustBoth = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":["
                + "\"" + alice.principalArn() + "\",\"" + ROLE_ARN + "\"]},\"Action\":[\"sts:AssumeRole\"]}]}";
        role(trustBoth);
        List<Map.Entry<String, String>> tags = List.of(Map.entry("team", "kms"), Map.entry("env", "ci"));
        fails(
                () -> assume(alice, request(null, null, tags, List.of("team"))),
                "AccessDeniedException",
                400,
                denied(alice, "sts:TagSession"));
        ids.roles()
                .updateTrustPolicy(
                        ACCOUNT,
                        "app",
                        trustBoth.replace("[\"sts:AssumeRole\"]", "[\"sts:AssumeRole\",\"sts:TagSession\"]"));
        RoleSessions.AssumeRoleResult res = assume(alice, request(null, null, tags, List.of("team")));
        RoleSession s = res.session();
        assertThat(s.tags()).containsExactly(Map.entry("team", "kms"), Map.entry("env", "ci"));
        assertThat(s.transitiveTagKeys()).containsExactly("team");
        assertThat(res.packedPolicySize()).isBetween(1, 100);
        fails(
                () -> assume(alice, request(null, null, tags, List.of("other"))),
                "InvalidInput",
                400,
                "The specified transitive tag key must be included in the requested tags: other");
        fails(
                () -> assume(alice, request(null, null, List.of(Map.entry("a", "1"), Map.entry("A", "2")), List.of())),
                "ValidationError",
                400,
                "Duplicate tag keys found. Please note that Tag keys are case insensitive.");

        // the session assumes the role again (role chaining): the transitive tag passes on; at most one hour
        assertThat(ids.sessions().open(s.accessKeyId(), res.sessionToken())).isNotNull(); // authenticated
        Caller session = new Caller(
                ACCOUNT,
                "us-east-1",
                s.assumedRoleArn(),
                s.accessKeyId(),
                Caller.PrincipalType.ASSUMED_ROLE,
                s.assumedRoleId(),
                s.roleArn(),
                s.tags());
        RoleSession chained = assume(session).session();
        assertThat(chained.tags()).containsExactly(Map.entry("team", "kms"));
        assertThat(chained.transitiveTagKeys()).containsExactly("team");
        fails(
                () -> assume(session, request(3601, null, List.of(), List.of())),
                "ValidationError",
                400,
                "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.");
    }

    @Test
    void principalTagsAndRequestTagsAreConditionKeys() {
        IamUser u = ids.users().create(ACCOUNT, "alice", null, List.of(Map.entry("team", "kms")));
        Caller alice = new Caller(
                ACCOUNT,
                "us-east-1",
                u.arn(),
                "AKIAUSER",
                Caller.PrincipalType.IAM_USER,
                u.userId(),
                u.arn(),
                Map.of());
        role(trust(
                "arn:aws:iam::111122223333:root",
                ",\"Condition\":{\"StringEquals\":{\"aws:PrincipalTag/team\":\"kms\"}}"));
        ids.users().putPolicy(ACCOUNT, "alice", "assume", ALLOW_ASSUME);
        assertThat(assume(alice)).isNotNull();
        ids.users().tag(ACCOUNT, "alice", List.of(Map.entry("team", "other")));
        fails(() -> assume(alice), "AccessDeniedException", 400, denied(alice, "sts:AssumeRole"));
    }
}
