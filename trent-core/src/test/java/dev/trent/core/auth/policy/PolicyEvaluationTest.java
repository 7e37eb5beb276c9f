package dev.trent.core.auth.policy;

import static dev.trent.core.auth.policy.TestRequest.A;
import static dev.trent.core.auth.policy.TestRequest.ALICE;
import static dev.trent.core.auth.policy.TestRequest.B;
import static dev.trent.core.auth.policy.TestRequest.BOB;
import static dev.trent.core.auth.policy.TestRequest.CAROL;
import static dev.trent.core.auth.policy.TestRequest.KEY;
import static dev.trent.core.auth.policy.TestRequest.ROOT;
import static dev.trent.core.auth.policy.TestRequest.SESSION;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trent.core.Caller;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Statements against requests: actions, resources, principals, Deny over Allow, and policy variables. */
class PolicyEvaluationTest {
    static PolicyDocument policy(PolicyKind kind, String statements) {
        try {
            return PolicyDocument.parse("{\"Version\":\"2012-10-17\",\"Statement\":[" + statements + "]}", kind);
        } catch (MalformedPolicyException e) {
            throw new AssertionError(e);
        }
    }

    static PolicyDocument identity(String statements) {
        return policy(PolicyKind.IDENTITY, statements);
    }

    static PolicyDocument key(String statements) {
        return policy(PolicyKind.RESOURCE, statements);
    }

    static Match.Effect effect(PolicyDocument p, TestRequest r) {
        return p.evaluate(r).effect();
    }

    @ParameterizedTest(name = "{0} covers {1}: {2}")
    @CsvSource({
        "kms:*, kms:Encrypt, true",
        "*, kms:Encrypt, true",
        "kms:Encrypt, kms:Encrypt, true",
        "KMS:encrypt, kms:Encrypt, true",
        "kms:Generate*, kms:GenerateDataKeyWithoutPlaintext, true",
        "kms:ReEncrypt*, kms:ReEncryptFrom, true",
        "kms:*Key*, kms:DescribeKey, true",
        "kms:Describe?ey, kms:DescribeKey, true",
        "kms:Describe?ey, kms:DescribeKKey, false",
        "kms:Encrypt, kms:Decrypt, false",
        "kms:Encrypt*, kms:Encryp, false",
        "iam:*, kms:Encrypt, false",
        "kms:GenerateDataKey, kms:GenerateDataKeyPair, false",
    })
    void actionsMatchWithWildcardsIgnoringCase(String pattern, String action, boolean covered) {
        PolicyDocument p = identity("{\"Effect\":\"Allow\",\"Action\":\"" + pattern + "\",\"Resource\":\"*\"}");
        assertThat(effect(p, TestRequest.of(action))).isEqualTo(covered ? Match.Effect.ALLOW : Match.Effect.NONE);
        PolicyDocument not = identity("{\"Effect\":\"Allow\",\"NotAction\":\"" + pattern + "\",\"Resource\":\"*\"}");
        assertThat(effect(not, TestRequest.of(action))).isEqualTo(covered ? Match.Effect.NONE : Match.Effect.ALLOW);
    }

    @ParameterizedTest(name = "{0} covers {1}: {2}")
    @CsvSource({
        "*, " + KEY + ", true",
        "arn:aws:kms:*:" + A + ":key/*, " + KEY + ", true",
        "arn:aws:kms:us-east-1:" + A + ":key/1234abcd-12ab-34cd-56ef-1234567890ab, " + KEY + ", true",
        "arn:aws:kms:us-east-1:" + A + ":key/1234ABCD-12ab-34cd-56ef-1234567890ab, " + KEY + ", false",
        "arn:aws:kms:us-east-1:" + B + ":key/*, " + KEY + ", false",
        "arn:aws:kms:us-east-?:" + A + ":key/*, " + KEY + ", true",
        "arn:aws:kms:*:" + A + ":alias/*, " + KEY + ", false",
    })
    void resourcesMatchWithWildcardsCaseSensitively(String pattern, String resource, boolean covered) {
        PolicyDocument p = identity("{\"Effect\":\"Allow\",\"Action\":\"kms:*\",\"Resource\":\"" + pattern + "\"}");
        assertThat(effect(p, TestRequest.of("kms:Encrypt").on(resource)))
                .isEqualTo(covered ? Match.Effect.ALLOW : Match.Effect.NONE);
        PolicyDocument not =
                identity("{\"Effect\":\"Allow\",\"Action\":\"kms:*\",\"NotResource\":\"" + pattern + "\"}");
        assertThat(effect(not, TestRequest.of("kms:Encrypt").on(resource)))
                .isEqualTo(covered ? Match.Effect.NONE : Match.Effect.ALLOW);
    }

    @Test
    void anExplicitDenyBeatsEveryAllowWhereverItStands() {
        PolicyDocument p = identity("{\"Sid\":\"All\",\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"},"
                + "{\"Sid\":\"NoDecrypt\",\"Effect\":\"Deny\",\"Action\":\"kms:Decrypt\",\"Resource\":\"*\"},"
                + "{\"Sid\":\"Again\",\"Effect\":\"Allow\",\"Action\":\"kms:Decrypt\",\"Resource\":\"*\"}");
        assertThat(p.evaluate(TestRequest.of("kms:Decrypt")))
                .isEqualTo(new Match(Match.Effect.DENY, false, "NoDecrypt", 1));
        assertThat(p.evaluate(TestRequest.of("kms:Encrypt"))).isEqualTo(new Match(Match.Effect.ALLOW, false, "All", 0));
        assertThat(identity("").evaluate(TestRequest.of("kms:Encrypt"))).isEqualTo(Match.NONE);
    }

    @Test
    void aKeyPolicyStatementWithoutResourceHasNoEffect() {
        PolicyDocument p = key("{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"kms:*\"},"
                + "{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"kms:*\"}");
        assertThat(effect(p, TestRequest.of("kms:Encrypt"))).isEqualTo(Match.Effect.NONE);
    }

    @ParameterizedTest(name = "{0} named by {1}: {2}")
    @CsvSource({
        // who,    principal,                                                 outcome
        "root,    arn:aws:iam::111122223333:root,                              DIRECT",
        "root,    111122223333,                                                DIRECT",
        "alice,   arn:aws:iam::111122223333:root,                              ACCOUNT",
        "alice,   111122223333,                                                ACCOUNT",
        "alice,   arn:aws:iam::111122223333:user/alice,                        DIRECT",
        "alice,   arn:aws:iam::111122223333:user/bob,                          NONE",
        "alice,   *,                                                           DIRECT",
        "alice,   arn:aws-cn:iam::111122223333:root,                           NONE",
        "carol,   arn:aws:iam::111122223333:root,                              NONE",
        "carol,   arn:aws:iam::444455556666:root,                              ACCOUNT",
        "carol,   444455556666,                                                ACCOUNT",
        "session, arn:aws:iam::111122223333:role/app,                          DIRECT",
        "session, arn:aws:iam::111122223333:role/other,                        NONE",
        "session, arn:aws:sts::111122223333:assumed-role/app/s1,               DIRECT",
        "session, arn:aws:sts::111122223333:assumed-role/app/s2,               NONE",
        "session, arn:aws:iam::111122223333:root,                              ACCOUNT",
        "legacy,  arn:aws:iam::111122223333:role/path/app,                     DIRECT",
    })
    void principalsNameCallersDirectlyOrThroughTheirAccount(String who, String principal, String outcome) {
        Caller c = switch (who) {
            case "root" -> ROOT;
            case "alice" -> ALICE;
            case "carol" -> CAROL;
            case "session" -> SESSION;
            // a session Caller made the short way: its identity ARN is the session ARN; the role name counts
            default -> new Caller(A, "us-east-1", "arn:aws:sts::" + A + ":assumed-role/app/s9", "ASIA");
        };
        PolicyDocument p = key("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + principal
                + "\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}");
        Match m = p.evaluate(TestRequest.of("kms:Encrypt").by(c));
        switch (outcome) {
            case "DIRECT" -> assertThat(m).isEqualTo(new Match(Match.Effect.ALLOW, false, "", 0));
            case "ACCOUNT" -> assertThat(m).isEqualTo(new Match(Match.Effect.ALLOW, true, "", 0));
            default -> assertThat(m).isEqualTo(Match.NONE);
        }
    }

    @Test
    void serviceAndFederatedPrincipalsNeverNameACaller() {
        PolicyDocument p = key("{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"logs.amazonaws.com\",\"Federated\":"
                + "\"cognito-identity.amazonaws.com\",\"CanonicalUser\":\"79a59df900b949e55d96a1e698fbacedfd6e09d98eac"
                + "f8f8d5218e7cd47ef2be\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}");
        for (Caller c : new Caller[] {ROOT, ALICE, SESSION, CAROL}) {
            assertThat(effect(p, TestRequest.of("kms:Encrypt").by(c))).isEqualTo(Match.Effect.NONE);
        }
    }

    @Test
    void aStatementNamingTheCallerIsPreferredToOneNamingOnlyItsAccount() {
        PolicyDocument p = key("{\"Sid\":\"Account\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + A
                + "\"},\"Action\":\"kms:*\",\"Resource\":\"*\"},{\"Sid\":\"Alice\",\"Effect\":\"Allow\",\"Principal\":"
                + "{\"AWS\":\"arn:aws:iam::" + A + ":user/alice\"},\"Action\":\"kms:Encrypt\",\"Resource\":\"*\"}");
        assertThat(p.evaluate(TestRequest.of("kms:Encrypt")))
                .isEqualTo(new Match(Match.Effect.ALLOW, false, "Alice", 1));
        assertThat(p.evaluate(TestRequest.of("kms:Decrypt")))
                .isEqualTo(new Match(Match.Effect.ALLOW, true, "Account", 0));
        assertThat(p.evaluate(TestRequest.of("kms:Encrypt").by(BOB)))
                .isEqualTo(new Match(Match.Effect.ALLOW, true, "Account", 0));
    }

    @Test
    void aDenyNamingTheAccountDeniesEveryPrincipalOfIt() {
        PolicyDocument p = key("{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"kms:*\",\"Resource\":\"*\"},"
                + "{\"Effect\":\"Deny\",\"Principal\":{\"AWS\":\"" + B
                + "\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}");
        assertThat(effect(p, TestRequest.of("kms:Encrypt").by(CAROL))).isEqualTo(Match.Effect.DENY);
        assertThat(effect(p, TestRequest.of("kms:Encrypt").by(ALICE))).isEqualTo(Match.Effect.ALLOW);
    }

    @Test
    void notPrincipalAppliesToEveryoneButTheNamedPrincipals() {
        PolicyDocument p = key("{\"Effect\":\"Deny\",\"NotPrincipal\":{\"AWS\":[\"arn:aws:iam::" + A
                + ":user/alice\",\"arn:aws:iam::" + A + ":root\"]},\"Action\":\"kms:Decrypt\",\"Resource\":\"*\"}");
        assertThat(effect(p, TestRequest.of("kms:Decrypt").by(ALICE))).isEqualTo(Match.Effect.NONE);
        assertThat(effect(p, TestRequest.of("kms:Decrypt").by(ROOT))).isEqualTo(Match.Effect.NONE);
        assertThat(effect(p, TestRequest.of("kms:Decrypt").by(BOB))).isEqualTo(Match.Effect.DENY);
        assertThat(effect(p, TestRequest.of("kms:Decrypt").by(CAROL))).isEqualTo(Match.Effect.DENY);
    }

    @Test
    void policyVariablesResolveInResourcesWith2012Only() {
        String statement =
                "{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::home/${aws:username}/*\"}";
        PolicyDocument p = identity(statement);
        TestRequest alice = TestRequest.of("s3:GetObject").with("aws:username", "alice");
        assertThat(effect(p, alice.on("arn:aws:s3:::home/alice/notes"))).isEqualTo(Match.Effect.ALLOW);
        assertThat(effect(p, alice.on("arn:aws:s3:::home/bob/notes"))).isEqualTo(Match.Effect.NONE);
        // no value, no default: the statement matches nothing
        assertThat(effect(p, TestRequest.of("s3:GetObject").on("arn:aws:s3:::home//x")))
                .isEqualTo(Match.Effect.NONE);
        // 2008-10-17: the text is literal
        PolicyDocument old;
        try {
            old = PolicyDocument.parse(
                    "{\"Version\":\"2008-10-17\",\"Statement\":[" + statement + "]}", PolicyKind.IDENTITY);
        } catch (MalformedPolicyException e) {
            throw new AssertionError(e);
        }
        assertThat(effect(old, alice.on("arn:aws:s3:::home/alice/notes"))).isEqualTo(Match.Effect.NONE);
        assertThat(effect(old, alice.on("arn:aws:s3:::home/${aws:username}/notes")))
                .isEqualTo(Match.Effect.ALLOW);
    }

    @Test
    void aVariablesValueAndTheEscapesAreLiteralNotWildcards() {
        PolicyDocument p = identity("{\"Effect\":\"Allow\",\"Action\":\"kms:*\",\"Resource\":"
                + "\"arn:aws:kms:us-east-1:" + A + ":key/${aws:PrincipalTag/key}\"}");
        TestRequest star = TestRequest.of("kms:Encrypt").with("aws:principaltag/key", "*");
        assertThat(effect(p, star)).isEqualTo(Match.Effect.NONE);
        assertThat(effect(p, star.on("arn:aws:kms:us-east-1:" + A + ":key/*"))).isEqualTo(Match.Effect.ALLOW);
        PolicyDocument escaped =
                identity("{\"Effect\":\"Allow\",\"Action\":\"kms:*\",\"Resource\":\"arn:aws:kms:${*}:${?}${$}\"}");
        assertThat(effect(escaped, TestRequest.of("kms:Encrypt").on("arn:aws:kms:*:?$")))
                .isEqualTo(Match.Effect.ALLOW);
        assertThat(effect(escaped, TestRequest.of("kms:Encrypt").on("arn:aws:kms:x:y$")))
                .isEqualTo(Match.Effect.NONE);
    }

    @Test
    void aVariableMayHaveADefault() {
        PolicyDocument p = identity("{\"Effect\":\"Allow\",\"Action\":\"kms:*\",\"Resource\":\"*\",\"Condition\":"
                + "{\"StringEquals\":{\"aws:ResourceTag/team\":\"${aws:PrincipalTag/team, 'shared'}\"}}}");
        assertThat(effect(p, TestRequest.of("kms:Encrypt").with("aws:resourcetag/team", "shared")))
                .isEqualTo(Match.Effect.ALLOW);
        assertThat(effect(
                        p,
                        TestRequest.of("kms:Encrypt")
                                .with("aws:resourcetag/team", "shared")
                                .with("aws:principaltag/team", "blue")))
                .isEqualTo(Match.Effect.NONE);
    }

    @Test
    void conditionKeysAreAskedForInLowerCase() {
        // TestRequest fails on a mixed-case key: the policy spells keys any way it likes
        PolicyDocument p = identity("{\"Effect\":\"Allow\",\"Action\":\"kms:*\",\"Resource\":\"*\",\"Condition\":"
                + "{\"StringEquals\":{\"KMS:EncryptionContext:AppName\":\"x\",\"AWS:PrincipalTag/Team\":"
                + "\"${AWS:PrincipalTag/Team}\"}}}");
        assertThat(effect(
                        p,
                        TestRequest.of("kms:Encrypt")
                                .with("kms:encryptioncontext:appname", "x")
                                .with("aws:principaltag/team", "t")))
                .isEqualTo(Match.Effect.ALLOW);
    }
}
