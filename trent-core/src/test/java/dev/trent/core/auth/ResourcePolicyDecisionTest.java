package dev.trent.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trent.core.Caller;
import dev.trent.core.RequestContext;
import dev.trent.core.auth.policy.PolicyDocument;
import dev.trent.core.auth.policy.PolicyKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link KmsAuthorizer#decideWithResourcePolicy}: the IAM evaluation logic for a secret and its resource policy. */
class ResourcePolicyDecisionTest {
    static final String A = "111122223333";
    static final String B = "444455556666";
    static final String SECRET = "arn:aws:secretsmanager:us-east-1:" + A + ":secret:db-AbCdEf";
    static final String ALICE = "arn:aws:iam::" + A + ":user/alice";
    static final String BOB = "arn:aws:iam::" + B + ":user/bob";
    static final String ALLOW_GET = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
            + "\"secretsmanager:GetSecretValue\",\"Resource\":\"*\"}]}";

    static String resource(String principal, String effect) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"" + effect + "\",\"Principal\":{\"AWS\":\""
                + principal + "\"},\"Action\":\"secretsmanager:GetSecretValue\",\"Resource\":\"*\"}]}";
    }

    static Decision decide(String principal, List<String> identityPolicies, String resourcePolicy) {
        KmsAuthorizer a = new KmsAuthorizer(
                KmsAuthorizerTest.directory(Map.of(principal, identityPolicies), Map.of()),
                GrantAccess.NONE,
                k -> List.of(),
                d -> {});
        String account = principal.split(":")[4];
        Caller caller = new Caller(account, "us-east-1", principal, "AKIA");
        RequestContext ctx = RequestContext.internal(caller, Instant.parse("2026-01-01T00:00:00Z"));
        PolicyDocument rp =
                resourcePolicy == null ? null : KmsAuthorizerTest.compile(resourcePolicy, PolicyKind.RESOURCE);
        return a.decideWithResourcePolicy(ctx, "secretsmanager:GetSecretValue", SECRET, A, rp);
    }

    @Test
    void sameAccountEitherPolicyAllows() {
        assertThat(decide(ALICE, List.of(ALLOW_GET), null).allowed()).isTrue();
        assertThat(decide(ALICE, List.of(), resource(ALICE, "Allow")).reason())
                .isEqualTo(Decision.Reason.RESOURCE_POLICY);
        Decision none = decide(ALICE, List.of(), null);
        assertThat(none.allowed()).isFalse();
        assertThat(none.message()).contains("because no identity-based policy allows");
        assertThat(decide("arn:aws:iam::" + A + ":root", List.of(), null).allowed())
                .isTrue();
    }

    @Test
    void anExplicitDenyInEitherDenies() {
        Decision d = decide(ALICE, List.of(ALLOW_GET), resource(ALICE, "Deny"));
        assertThat(d.allowed()).isFalse();
        assertThat(d.message()).contains("with an explicit deny in a resource-based policy");
    }

    @Test
    void acrossAccountsBothMustAllow() {
        assertThat(decide(BOB, List.of(ALLOW_GET), null).message()).contains("because no resource-based policy allows");
        assertThat(decide(BOB, List.of(), resource(BOB, "Allow")).message())
                .contains("because no identity-based policy allows");
        assertThat(decide(BOB, List.of(ALLOW_GET), resource("arn:aws:iam::" + B + ":root", "Allow"))
                        .allowed())
                .isTrue();
    }
}
