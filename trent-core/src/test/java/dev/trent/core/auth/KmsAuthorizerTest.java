package dev.trent.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trent.core.Caller;
import dev.trent.core.Json;
import dev.trent.core.RequestContext;
import dev.trent.core.ServiceException;
import dev.trent.core.auth.Decision.Reason;
import dev.trent.core.auth.policy.MalformedPolicyException;
import dev.trent.core.auth.policy.PolicyDocument;
import dev.trent.core.auth.policy.PolicyKind;
import dev.trent.core.kms.KeyId;
import dev.trent.core.kms.KeyMaterialInfo;
import dev.trent.core.kms.KeySpec;
import dev.trent.core.kms.KeyState;
import dev.trent.core.kms.KeyUsage;
import dev.trent.core.kms.KmsKey;
import dev.trent.core.kms.Origin;
import dev.trent.core.kms.Tag;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The KMS authorization decisions, table-driven: one scenario per row (key policy, the caller's identity policies,
 * grants, request), and the reason AWS KMS would decide by.
 */
class KmsAuthorizerTest {
    static final String A = "111122223333";
    static final String B = "444455556666";
    static final String REGION = "us-east-1";
    static final String KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";
    static final String KEY_ARN = "arn:aws:kms:" + REGION + ":" + A + ":key/" + KEY_ID;

    static final Caller ROOT_A = new Caller(A, REGION, "arn:aws:iam::" + A + ":root", "AKIAROOTA");
    static final Caller ROOT_B = new Caller(B, REGION, "arn:aws:iam::" + B + ":root", "AKIAROOTB");
    static final Caller ALICE = user(A, "alice", Map.of());
    static final Caller BOB = user(A, "bob", Map.of());
    static final Caller CAROL = user(B, "carol", Map.of());
    static final Caller ADMIN = user(A, "admin", Map.of());
    static final Caller APP_S1 = session("app", "s1", Map.of());
    static final Caller APP_S2 = session("app", "s2", Map.of());
    static final Caller BLUE_SESSION = session("tagged", "s1", Map.of("team", "blue"));

    static Caller user(String account, String name, Map<String, String> tags) {
        return new Caller(
                account,
                REGION,
                "arn:aws:iam::" + account + ":user/" + name,
                "AKIA" + name,
                Caller.PrincipalType.IAM_USER,
                "AIDA" + name,
                null,
                tags);
    }

    static Caller session(String role, String name, Map<String, String> sessionTags) {
        return new Caller(
                A,
                REGION,
                "arn:aws:sts::" + A + ":assumed-role/" + role + "/" + name,
                "ASIA" + name,
                Caller.PrincipalType.ASSUMED_ROLE,
                "AROA" + role + ":" + name,
                "arn:aws:iam::" + A + ":role/" + role,
                sessionTags);
    }

    // ------------------------------------------------------------------ policies

    static String keyPolicy(String... statements) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}";
    }

    static String allow(String principal, String actions) {
        return "{\"Effect\":\"Allow\",\"Principal\":" + principal + ",\"Action\":" + actions + ",\"Resource\":\"*\"}";
    }

    static String allowIf(String principal, String actions, String condition) {
        return "{\"Effect\":\"Allow\",\"Principal\":" + principal + ",\"Action\":" + actions
                + ",\"Resource\":\"*\",\"Condition\":" + condition + "}";
    }

    static String deny(String principal, String actions) {
        return "{\"Sid\":\"Deny\",\"Effect\":\"Deny\",\"Principal\":" + principal + ",\"Action\":" + actions
                + ",\"Resource\":\"*\"}";
    }

    static String denyIf(String principal, String actions, String condition) {
        return "{\"Sid\":\"Deny\",\"Effect\":\"Deny\",\"Principal\":" + principal + ",\"Action\":" + actions
                + ",\"Resource\":\"*\",\"Condition\":" + condition + "}";
    }

    static String aws(String arn) {
        return "{\"AWS\":\"" + arn + "\"}";
    }

    static final String ROOT_OF_A = aws("arn:aws:iam::" + A + ":root");
    static final String ROOT_OF_B = aws("arn:aws:iam::" + B + ":root");
    static final String DEFAULT =
            keyPolicy("{\"Sid\":\"Enable IAM User Permissions\",\"Effect\":\"Allow\",\"Principal\":" + ROOT_OF_A
                    + ",\"Action\":\"kms:*\",\"Resource\":\"*\"}");
    static final String CRYPTO =
            "[\"kms:Encrypt\",\"kms:Decrypt\",\"kms:ReEncrypt*\",\"kms:GenerateDataKey*\"," + "\"kms:DescribeKey\"]";
    static final String ADMIN_ACTIONS = "[\"kms:Create*\",\"kms:Describe*\",\"kms:Enable*\",\"kms:List*\",\"kms:Put*\","
            + "\"kms:Update*\",\"kms:Revoke*\",\"kms:Disable*\",\"kms:Get*\",\"kms:Delete*\",\"kms:TagResource\","
            + "\"kms:UntagResource\",\"kms:ScheduleKeyDeletion\",\"kms:CancelKeyDeletion\"]";

    static String iam(String actions, String resource) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":" + actions
                + ",\"Resource\":\"" + resource + "\"}]}";
    }

    static String iamIf(String actions, String resource, String condition) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":" + actions
                + ",\"Resource\":\"" + resource + "\",\"Condition\":" + condition + "}]}";
    }

    static String iamDeny(String actions) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"NoWay\",\"Effect\":\"Deny\",\"Action\":" + actions
                + ",\"Resource\":\"*\"}]}";
    }

    // ------------------------------------------------------------------ scenarios

    /** One row: the world (key policy, key tags, aliases, identities, grants) and one request. */
    static final class Scenario {
        final String name;
        String keyPolicy = DEFAULT;
        Caller caller = ALICE;
        String action = "kms:Encrypt";
        String request = "{}";
        String via = "";
        String sourceIp = "198.51.100.7";
        boolean tls = true;
        List<Tag> keyTags = List.of();
        List<String> aliases = List.of();
        final Map<String, List<String>> identityPolicies = new HashMap<>();
        final Map<String, Map<String, String>> identityTags = new HashMap<>();
        final Map<String, String> grants = new HashMap<>();
        Reason expected;

        Scenario(String name) {
            this.name = name;
        }

        Scenario key(String policy) {
            keyPolicy = policy;
            return this;
        }

        Scenario by(Caller c) {
            caller = c;
            return this;
        }

        Scenario does(String a) {
            action = a;
            return this;
        }

        Scenario request(String json) {
            request = json;
            return this;
        }

        Scenario via(String service) {
            via = service;
            return this;
        }

        Scenario from(String ip, boolean secure) {
            sourceIp = ip;
            tls = secure;
            return this;
        }

        Scenario tagged(String k, String v) {
            keyTags = List.of(new Tag(k, v));
            return this;
        }

        Scenario aliases(String... names) {
            aliases = List.of(names);
            return this;
        }

        /** Identity policies of the caller's identity (its user or role). */
        Scenario iam(String... policies) {
            identityPolicies.put(caller.identityArn(), List.of(policies));
            return this;
        }

        Scenario principalTags(Map<String, String> tags) {
            identityTags.put(caller.identityArn(), tags);
            return this;
        }

        /** A grant for the caller's principal covering {@code grantAction}. */
        Scenario grant(String grantAction) {
            grants.put(caller.principalArn() + " " + grantAction, "grant-" + grants.size());
            return this;
        }

        Scenario expect(Reason r) {
            expected = r;
            return this;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Scenario s(String name) {
        return new Scenario(name);
    }

    static Stream<Scenario> scenarios() {
        String aliceArn = "arn:aws:iam::" + A + ":user/alice";
        String ec = "{\"StringEquals\":{\"kms:EncryptionContext:app\":\"billing\"}}";
        String viaSsm = "{\"StringEquals\":{\"kms:CallerAccount\":\"" + A
                + "\",\"kms:ViaService\":\"ssm.us-east-1.amazonaws.com\"}}";
        String abac = "{\"StringEquals\":{\"aws:ResourceTag/team\":\"${aws:PrincipalTag/team}\"}}";
        String userKey = keyPolicy(allow(aws(aliceArn), "[\"kms:Encrypt\",\"kms:Decrypt\"]"));
        return Stream.of(
                // ---- same account
                s("the root user through the default key policy").by(ROOT_A).expect(Reason.KEY_POLICY),
                s("the root user, any action")
                        .by(ROOT_A)
                        .does("kms:ScheduleKeyDeletion")
                        .expect(Reason.KEY_POLICY),
                s("a user, default key policy, no IAM policy").expect(Reason.NO_IDENTITY_POLICY_ALLOW),
                s("a user, default key policy, IAM allows the key")
                        .iam(iam("\"kms:Encrypt\"", KEY_ARN))
                        .expect(Reason.IDENTITY_POLICY),
                s("a user, default key policy, IAM allows keys of the account")
                        .iam(iam("\"kms:*\"", "arn:aws:kms:*:" + A + ":key/*"))
                        .expect(Reason.IDENTITY_POLICY),
                s("a user, IAM allows another key")
                        .iam(iam("\"kms:Encrypt\"", KEY_ARN.replace("1234abcd", "99999999")))
                        .expect(Reason.NO_IDENTITY_POLICY_ALLOW),
                s("a user, IAM allows another action")
                        .iam(iam("\"kms:Decrypt\"", "*"))
                        .expect(Reason.NO_IDENTITY_POLICY_ALLOW),
                s("a user named by the key policy needs no IAM policy")
                        .key(userKey)
                        .expect(Reason.KEY_POLICY),
                s("a user named by the key policy, an action it does not list")
                        .key(userKey)
                        .does("kms:ScheduleKeyDeletion")
                        .expect(Reason.NO_KEY_POLICY_ALLOW),
                s("another user, key policy names only alice")
                        .key(userKey)
                        .by(BOB)
                        .expect(Reason.NO_KEY_POLICY_ALLOW),
                s("IAM alone cannot open a key whose policy does not delegate")
                        .key(userKey)
                        .by(BOB)
                        .iam(iam("\"*\"", "*"))
                        .expect(Reason.NO_KEY_POLICY_ALLOW),
                s("the root user, key policy without the account")
                        .key(userKey)
                        .by(ROOT_A)
                        .expect(Reason.NO_KEY_POLICY_ALLOW),
                s("key policy Principal * in the same account")
                        .key(keyPolicy(allow("\"*\"", CRYPTO)))
                        .expect(Reason.KEY_POLICY),
                // ---- explicit deny, each place
                s("explicit deny in the key policy beats IAM")
                        .key(keyPolicy(allow(ROOT_OF_A, "\"kms:*\""), deny(aws(aliceArn), "\"kms:Decrypt\"")))
                        .does("kms:Decrypt")
                        .iam(iam("\"kms:*\"", "*"))
                        .expect(Reason.EXPLICIT_DENY_KEY_POLICY),
                s("the same deny leaves other actions")
                        .key(keyPolicy(allow(ROOT_OF_A, "\"kms:*\""), deny(aws(aliceArn), "\"kms:Decrypt\"")))
                        .iam(iam("\"kms:*\"", "*"))
                        .expect(Reason.IDENTITY_POLICY),
                s("explicit deny in the key policy beats the key policy's allow")
                        .key(keyPolicy(allow(aws(aliceArn), "\"kms:*\""), deny("\"*\"", "\"kms:Encrypt\"")))
                        .expect(Reason.EXPLICIT_DENY_KEY_POLICY),
                s("explicit deny in an IAM policy beats the key policy")
                        .key(userKey)
                        .iam(iamDeny("\"kms:Encrypt\""))
                        .expect(Reason.EXPLICIT_DENY_IDENTITY_POLICY),
                s("explicit deny in one IAM policy beats an allow in another")
                        .iam(iam("\"kms:*\"", "*"), iamDeny("\"kms:Enc*\""))
                        .expect(Reason.EXPLICIT_DENY_IDENTITY_POLICY),
                s("the key policy can deny the root user")
                        .key(keyPolicy(allow(ROOT_OF_A, "\"kms:*\""), deny(ROOT_OF_A, "\"kms:ScheduleKeyDeletion\"")))
                        .by(ROOT_A)
                        .does("kms:ScheduleKeyDeletion")
                        .expect(Reason.EXPLICIT_DENY_KEY_POLICY),
                s("deny without TLS, request over plain HTTP")
                        .key(keyPolicy(
                                allow(ROOT_OF_A, "\"kms:*\""),
                                denyIf("\"*\"", "\"kms:*\"", "{\"Bool\":{\"aws:SecureTransport\":\"false\"}}")))
                        .iam(iam("\"kms:*\"", "*"))
                        .from("198.51.100.7", false)
                        .expect(Reason.EXPLICIT_DENY_KEY_POLICY),
                s("deny without TLS, request over TLS")
                        .key(keyPolicy(
                                allow(ROOT_OF_A, "\"kms:*\""),
                                denyIf("\"*\"", "\"kms:*\"", "{\"Bool\":{\"aws:SecureTransport\":\"false\"}}")))
                        .iam(iam("\"kms:*\"", "*"))
                        .expect(Reason.IDENTITY_POLICY),
                s("deny outside a network, from outside")
                        .key(keyPolicy(
                                allow(ROOT_OF_A, "\"kms:*\""),
                                denyIf("\"*\"", "\"kms:*\"", "{\"NotIpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}")))
                        .by(ROOT_A)
                        .expect(Reason.EXPLICIT_DENY_KEY_POLICY),
                s("deny outside a network, from inside")
                        .key(keyPolicy(
                                allow(ROOT_OF_A, "\"kms:*\""),
                                denyIf("\"*\"", "\"kms:*\"", "{\"NotIpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}")))
                        .by(ROOT_A)
                        .from("10.1.2.3", true)
                        .expect(Reason.KEY_POLICY),
                // ---- cross-account
                s("another account's user: key policy allows its account and its IAM allows")
                        .key(keyPolicy(allow(ROOT_OF_A, "\"kms:*\""), allow(ROOT_OF_B, CRYPTO)))
                        .by(CAROL)
                        .iam(iam(CRYPTO, KEY_ARN))
                        .expect(Reason.IDENTITY_POLICY),
                s("another account's user without an IAM policy")
                        .key(keyPolicy(allow(ROOT_OF_A, "\"kms:*\""), allow(ROOT_OF_B, CRYPTO)))
                        .by(CAROL)
                        .expect(Reason.NO_IDENTITY_POLICY_ALLOW),
                s("another account's root user needs no IAM policy")
                        .key(keyPolicy(allow(ROOT_OF_A, "\"kms:*\""), allow(ROOT_OF_B, CRYPTO)))
                        .by(ROOT_B)
                        .expect(Reason.ACCOUNT_ROOT),
                s("another account's user, key policy of the key's account only")
                        .by(CAROL)
                        .iam(iam("\"kms:*\"", "*"))
                        .expect(Reason.NO_KEY_POLICY_ALLOW),
                s("another account's user named in the key policy still needs IAM")
                        .key(keyPolicy(allow(aws("arn:aws:iam::" + B + ":user/carol"), CRYPTO)))
                        .by(CAROL)
                        .expect(Reason.NO_IDENTITY_POLICY_ALLOW),
                s("another account's user named in the key policy, with IAM")
                        .key(keyPolicy(allow(aws("arn:aws:iam::" + B + ":user/carol"), CRYPTO)))
                        .by(CAROL)
                        .iam(iam(CRYPTO, "*"))
                        .expect(Reason.IDENTITY_POLICY),
                s("another account: an action the key policy does not give it")
                        .key(keyPolicy(allow(ROOT_OF_A, "\"kms:*\""), allow(ROOT_OF_B, CRYPTO)))
                        .by(CAROL)
                        .does("kms:ScheduleKeyDeletion")
                        .iam(iam("\"kms:*\"", "*"))
                        .expect(Reason.NO_KEY_POLICY_ALLOW),
                s("Principal * across accounts still needs IAM")
                        .key(keyPolicy(allow("\"*\"", CRYPTO)))
                        .by(CAROL)
                        .expect(Reason.NO_IDENTITY_POLICY_ALLOW),
                // ---- encryption context conditions
                s("encryption context required and given")
                        .key(keyPolicy(allowIf(aws(aliceArn), "\"kms:Encrypt\"", ec)))
                        .request("{\"EncryptionContext\":{\"app\":\"billing\",\"other\":\"x\"}}")
                        .expect(Reason.KEY_POLICY),
                s("encryption context key matched without case")
                        .key(keyPolicy(allowIf(aws(aliceArn), "\"kms:Encrypt\"", ec)))
                        .request("{\"EncryptionContext\":{\"App\":\"billing\"}}")
                        .expect(Reason.KEY_POLICY),
                s("encryption context with another value")
                        .key(keyPolicy(allowIf(aws(aliceArn), "\"kms:Encrypt\"", ec)))
                        .request("{\"EncryptionContext\":{\"app\":\"payroll\"}}")
                        .expect(Reason.NO_KEY_POLICY_ALLOW),
                s("no encryption context")
                        .key(keyPolicy(allowIf(aws(aliceArn), "\"kms:Encrypt\"", ec)))
                        .expect(Reason.NO_KEY_POLICY_ALLOW),
                s("only the listed encryption context keys")
                        .key(keyPolicy(allowIf(
                                aws(aliceArn),
                                "\"kms:Encrypt\"",
                                "{\"ForAllValues:StringEquals\":{\"kms:EncryptionContextKeys\":[\"app\"]},"
                                        + "\"Null\":{\"kms:EncryptionContextKeys\":\"false\"}}")))
                        .request("{\"EncryptionContext\":{\"app\":\"billing\",\"extra\":\"x\"}}")
                        .expect(Reason.NO_KEY_POLICY_ALLOW),
                s("ReEncryptFrom is checked against the source context")
                        .key(keyPolicy(allowIf(aws(aliceArn), "\"kms:ReEncrypt*\"", ec)))
                        .does("kms:ReEncryptFrom")
                        .request("{\"SourceEncryptionContext\":{\"app\":\"billing\"},"
                                + "\"DestinationEncryptionContext\":{\"app\":\"other\"}}")
                        .expect(Reason.KEY_POLICY),
                s("ReEncryptTo is checked against the destination context")
                        .key(keyPolicy(allowIf(aws(aliceArn), "\"kms:ReEncrypt*\"", ec)))
                        .does("kms:ReEncryptTo")
                        .request("{\"SourceEncryptionContext\":{\"app\":\"billing\"},"
                                + "\"DestinationEncryptionContext\":{\"app\":\"other\"}}")
                        .expect(Reason.NO_KEY_POLICY_ALLOW),
                s("encryption context bound to the user name")
                        .key(keyPolicy(allowIf(
                                aws(aliceArn),
                                "\"kms:Encrypt\"",
                                "{\"StringEquals\":{\"kms:EncryptionContext:user\":\"${aws:username}\"}}")))
                        .request("{\"EncryptionContext\":{\"user\":\"alice\"}}")
                        .expect(Reason.KEY_POLICY),
                // ---- kms:ViaService, kms:CallerAccount
                s("through Parameter Store")
                        .key(keyPolicy(allowIf("{\"AWS\":\"*\"}", CRYPTO, viaSsm)))
                        .via("ssm.us-east-1.amazonaws.com")
                        .expect(Reason.KEY_POLICY),
                s("directly, where the key policy wants Parameter Store")
                        .key(keyPolicy(allowIf("{\"AWS\":\"*\"}", CRYPTO, viaSsm)))
                        .expect(Reason.NO_KEY_POLICY_ALLOW),
                s("through another service")
                        .key(keyPolicy(allowIf("{\"AWS\":\"*\"}", CRYPTO, viaSsm)))
                        .via("lambda.us-east-1.amazonaws.com")
                        .expect(Reason.NO_KEY_POLICY_ALLOW),
                s("kms:CallerAccount of another account")
                        .key(keyPolicy(allowIf("{\"AWS\":\"*\"}", CRYPTO, viaSsm)))
                        .by(CAROL)
                        .via("ssm.us-east-1.amazonaws.com")
                        .iam(iam("\"kms:*\"", "*"))
                        .expect(Reason.NO_KEY_POLICY_ALLOW),
                // ---- ABAC
                s("ABAC: session tag matches the key tag")
                        .by(BLUE_SESSION)
                        .tagged("team", "blue")
                        .iam(iamIf("\"kms:*\"", "*", abac))
                        .expect(Reason.IDENTITY_POLICY),
                s("ABAC: session tag differs from the key tag")
                        .by(BLUE_SESSION)
                        .tagged("team", "red")
                        .iam(iamIf("\"kms:*\"", "*", abac))
                        .expect(Reason.NO_IDENTITY_POLICY_ALLOW),
                s("ABAC: a user's own tag")
                        .principalTags(Map.of("Team", "blue"))
                        .tagged("team", "blue")
                        .iam(iamIf("\"kms:*\"", "*", abac))
                        .expect(Reason.IDENTITY_POLICY),
                s("ABAC: a session tag overrides the role's tag")
                        .by(BLUE_SESSION)
                        .principalTags(Map.of("team", "red"))
                        .tagged("team", "blue")
                        .iam(iamIf("\"kms:*\"", "*", abac))
                        .expect(Reason.IDENTITY_POLICY),
                s("ABAC: a key without the tag")
                        .by(BLUE_SESSION)
                        .iam(iamIf("\"kms:*\"", "*", abac))
                        .expect(Reason.NO_IDENTITY_POLICY_ALLOW),
                s("kms:ResourceAliases in an IAM policy")
                        .aliases("alias/finance-key", "alias/other")
                        .iam(iamIf(
                                "\"kms:GenerateDataKey\"",
                                "arn:aws:kms:*:" + A + ":key/*",
                                "{\"ForAnyValue:StringEquals\":{\"kms:ResourceAliases\":\"alias/finance-key\"}}"))
                        .does("kms:GenerateDataKey")
                        .expect(Reason.IDENTITY_POLICY),
                s("kms:RequestAlias: the key named by its alias")
                        .key(keyPolicy(allowIf(
                                aws(aliceArn),
                                "\"kms:GenerateDataKey\"",
                                "{\"StringEquals\":{\"kms:RequestAlias\":\"alias/finance-key\"}}")))
                        .does("kms:GenerateDataKey")
                        .request("{\"KeyId\":\"arn:aws:kms:us-east-1:" + A + ":alias/finance-key\"}")
                        .expect(Reason.KEY_POLICY),
                s("kms:RequestAlias: the key named by id")
                        .key(keyPolicy(allowIf(
                                aws(aliceArn),
                                "\"kms:GenerateDataKey\"",
                                "{\"StringEquals\":{\"kms:RequestAlias\":\"alias/finance-key\"}}")))
                        .does("kms:GenerateDataKey")
                        .request("{\"KeyId\":\"" + KEY_ID + "\"}")
                        .expect(Reason.NO_KEY_POLICY_ALLOW),
                s("only the symmetric algorithm: an RSA request is denied")
                        .key(keyPolicy(
                                allow(aws(aliceArn), CRYPTO),
                                denyIf(
                                        aws(aliceArn),
                                        CRYPTO,
                                        "{\"StringNotEquals\":{\"kms:EncryptionAlgorithm\":\"SYMMETRIC_DEFAULT\"}}")))
                        .request("{\"EncryptionAlgorithm\":\"RSAES_OAEP_SHA_256\"}")
                        .expect(Reason.EXPLICIT_DENY_KEY_POLICY),
                s("only the symmetric algorithm: the default passes")
                        .key(keyPolicy(
                                allow(aws(aliceArn), CRYPTO),
                                denyIf(
                                        aws(aliceArn),
                                        CRYPTO,
                                        "{\"StringNotEquals\":{\"kms:EncryptionAlgorithm\":\"SYMMETRIC_DEFAULT\"}}")))
                        .expect(Reason.KEY_POLICY),
                // ---- grants
                s("a grant for a user the key policy does not name")
                        .key(userKey)
                        .by(BOB)
                        .grant("kms:Encrypt")
                        .expect(Reason.GRANT),
                s("a grant for another operation")
                        .key(userKey)
                        .by(BOB)
                        .grant("kms:Decrypt")
                        .expect(Reason.NO_KEY_POLICY_ALLOW),
                s("a key policy deny beats a grant")
                        .key(keyPolicy(allow(ROOT_OF_A, "\"kms:*\""), deny("\"*\"", "\"kms:Encrypt\"")))
                        .by(BOB)
                        .grant("kms:Encrypt")
                        .expect(Reason.EXPLICIT_DENY_KEY_POLICY),
                s("an IAM deny beats a grant")
                        .by(BOB)
                        .grant("kms:Encrypt")
                        .iam(iamDeny("\"kms:*\""))
                        .expect(Reason.EXPLICIT_DENY_IDENTITY_POLICY),
                s("a grant lets another account's user in without IAM")
                        .by(CAROL)
                        .grant("kms:Decrypt")
                        .does("kms:Decrypt")
                        .expect(Reason.GRANT),
                // ---- assumed roles
                s("a key policy naming a role lets its sessions in")
                        .key(keyPolicy(allow(aws("arn:aws:iam::" + A + ":role/app"), CRYPTO)))
                        .by(APP_S1)
                        .expect(Reason.KEY_POLICY),
                s("a key policy naming one session")
                        .key(keyPolicy(allow(aws("arn:aws:sts::" + A + ":assumed-role/app/s1"), CRYPTO)))
                        .by(APP_S2)
                        .expect(Reason.NO_KEY_POLICY_ALLOW),
                s("a role session through the role's IAM policy")
                        .by(APP_S1)
                        .iam(iam(CRYPTO, KEY_ARN))
                        .expect(Reason.IDENTITY_POLICY),
                s("a role session without IAM policy").by(APP_S2).expect(Reason.NO_IDENTITY_POLICY_ALLOW),
                // ---- key administrators vs key users
                s("a key administrator manages the key")
                        .key(keyPolicy(
                                allow(ROOT_OF_A, "\"kms:*\""),
                                allow(aws("arn:aws:iam::" + A + ":user/admin"), ADMIN_ACTIONS),
                                allow(aws(aliceArn), CRYPTO)))
                        .by(ADMIN)
                        .does("kms:ScheduleKeyDeletion")
                        .expect(Reason.KEY_POLICY),
                s("a key administrator cannot use the key")
                        .key(keyPolicy(
                                allow(aws("arn:aws:iam::" + A + ":user/admin"), ADMIN_ACTIONS),
                                allow(aws(aliceArn), CRYPTO)))
                        .by(ADMIN)
                        .does("kms:Decrypt")
                        .expect(Reason.NO_KEY_POLICY_ALLOW),
                s("a key user uses the key")
                        .key(keyPolicy(
                                allow(aws("arn:aws:iam::" + A + ":user/admin"), ADMIN_ACTIONS),
                                allow(aws(aliceArn), CRYPTO)))
                        .does("kms:GenerateDataKeyWithoutPlaintext")
                        .expect(Reason.KEY_POLICY),
                s("a key user cannot manage the key")
                        .key(keyPolicy(
                                allow(aws("arn:aws:iam::" + A + ":user/admin"), ADMIN_ACTIONS),
                                allow(aws(aliceArn), CRYPTO)))
                        .does("kms:PutKeyPolicy")
                        .expect(Reason.NO_KEY_POLICY_ALLOW),
                // ---- a stored policy the grammar refuses allows nothing
                s("an unreadable stored key policy").key("{}").by(ROOT_A).expect(Reason.NO_KEY_POLICY_ALLOW));
    }

    // ------------------------------------------------------------------ running a row

    static PolicyDocument compile(String json, PolicyKind kind) {
        try {
            return PolicyDocument.parse(json, kind);
        } catch (MalformedPolicyException e) {
            throw new AssertionError(json, e);
        }
    }

    static IdentityDirectory directory(Map<String, List<String>> policies, Map<String, Map<String, String>> tags) {
        return new IdentityDirectory() {
            @Override
            public List<NamedPolicy> identityPolicies(String identityArn) {
                List<NamedPolicy> out = new ArrayList<>();
                List<String> docs = policies.getOrDefault(identityArn, List.of());
                for (int i = 0; i < docs.size(); i++) {
                    out.add(new NamedPolicy(identityArn + "/policy/p" + i, compile(docs.get(i), PolicyKind.IDENTITY)));
                }
                return out;
            }

            @Override
            public Map<String, String> principalTags(String identityArn) {
                return tags.getOrDefault(identityArn, Map.of());
            }
        };
    }

    static KmsKey key(String policy, List<Tag> tags) {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        return KmsKey.builder()
                .id(KeyId.parse(KEY_ID))
                .accountId(A)
                .region(REGION)
                .partition("aws")
                .creationDate(t)
                .description("")
                .state(KeyState.Enabled)
                .keySpec(KeySpec.SYMMETRIC_DEFAULT)
                .keyUsage(KeyUsage.ENCRYPT_DECRYPT)
                .origin(Origin.AWS_KMS)
                .policy(policy)
                .tags(tags)
                .materials(List.of(new KeyMaterialInfo(1, "00", t)))
                .build();
    }

    static RequestContext ctx(Caller c, String operation, String request, String via, String ip, boolean tls) {
        JsonNode body = Json.parse(request.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return new RequestContext(
                c, "req-1", Instant.parse("2026-11-23T10:00:00Z"), ip, tls, "test", operation, body, via);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void decides(Scenario s) {
        List<Decision> seen = new ArrayList<>();
        GrantAccess grants = (ctx, action, k) -> s.grants.get(ctx.caller().principalArn() + " " + action);
        KmsAuthorizer authorizer =
                new KmsAuthorizer(directory(s.identityPolicies, s.identityTags), grants, k -> s.aliases, seen::add);
        KmsKey key = key(s.keyPolicy, s.keyTags);
        RequestContext ctx = ctx(s.caller, s.action.substring(4), s.request, s.via, s.sourceIp, s.tls);

        Decision d = authorizer.decide(ctx, s.action, key);
        assertThat(d.reason()).as(d.explain()).isEqualTo(s.expected);
        assertThat(d.allowed()).isEqualTo(s.expected.allows());
        assertThat(d.principal()).isEqualTo(s.caller.principalArn());
        assertThat(d.resource()).isEqualTo(KEY_ARN);

        if (d.allowed()) {
            authorizer.authorize(ctx, s.action, key);
            assertThat(d.message()).isNull();
        } else {
            String prefix = "User: " + s.caller.principalArn() + " is not authorized to perform: " + s.action
                    + " on resource: " + KEY_ARN;
            String expected = switch (s.expected) {
                case EXPLICIT_DENY_KEY_POLICY -> prefix + " with an explicit deny in a resource-based policy";
                case EXPLICIT_DENY_IDENTITY_POLICY -> prefix + " with an explicit deny in an identity-based policy";
                case NO_KEY_POLICY_ALLOW ->
                    prefix + " because no resource-based policy allows the " + s.action + " action";
                default -> prefix + " because no identity-based policy allows the " + s.action + " action";
            };
            assertThatThrownBy(() -> authorizer.authorize(ctx, s.action, key))
                    .isInstanceOf(ServiceException.class)
                    .hasMessage(expected)
                    .extracting("errorCode", "httpStatus")
                    .containsExactly("AccessDeniedException", 400);
        }
        assertThat(seen).containsExactly(d);
    }

    // ------------------------------------------------------------------ actions on no key

    private static KmsAuthorizer authorizer(Map<String, List<String>> policies, List<Decision> sink) {
        return new KmsAuthorizer(directory(policies, Map.of()), GrantAccess.NONE, k -> List.of(), sink::add);
    }

    @Test
    void actionsOnNoKeyAreDecidedByIdentityPoliciesAlone() {
        List<Decision> seen = new ArrayList<>();
        String alice = ALICE.identityArn();
        KmsAuthorizer none = authorizer(Map.of(), seen);
        RequestContext create = ctx(ALICE, "CreateKey", "{}", "", "198.51.100.7", true);

        none.authorizeAccount(ctx(ROOT_A, "CreateKey", "{}", "", "", true), "kms:CreateKey", "*");
        assertThat(seen.get(0).reason()).isEqualTo(Reason.ROOT_USER);

        assertThatThrownBy(() -> none.authorizeAccount(create, "kms:CreateKey", "*"))
                .isInstanceOf(ServiceException.class)
                .hasMessage("User: arn:aws:iam::111122223333:user/alice is not authorized to perform: kms:CreateKey"
                        + " on resource: * because no identity-based policy allows the kms:CreateKey action");
        assertThatThrownBy(() -> none.authorizeAccount(create, "kms:TagResource", null))
                .hasMessage("User: arn:aws:iam::111122223333:user/alice is not authorized to perform: kms:TagResource"
                        + " because no identity-based policy allows the kms:TagResource action");

        String symmetricOnly =
                iamIf("\"kms:CreateKey\"", "*", "{\"StringEquals\":{\"kms:KeySpec\":\"SYMMETRIC_DEFAULT\"}}");
        KmsAuthorizer some = authorizer(Map.of(alice, List.of(symmetricOnly)), seen);
        some.authorizeAccount(create, "kms:CreateKey", "*");
        assertThat(seen.get(seen.size() - 1).reason()).isEqualTo(Reason.ACCOUNT_IDENTITY_POLICY);
        RequestContext rsa = ctx(ALICE, "CreateKey", "{\"KeySpec\":\"RSA_2048\"}", "", "", true);
        assertThat(some.decideAccount(rsa, "kms:CreateKey", "*").reason()).isEqualTo(Reason.NO_IDENTITY_POLICY_ALLOW);

        KmsAuthorizer denied = authorizer(Map.of(alice, List.of(iam("\"*\"", "*"), iamDeny("\"kms:List*\""))), seen);
        assertThatThrownBy(() -> denied.authorizeAccount(create, "kms:ListKeys", "*"))
                .hasMessage("User: arn:aws:iam::111122223333:user/alice is not authorized to perform: kms:ListKeys"
                        + " on resource: * with an explicit deny in an identity-based policy");
        assertThat(seen.get(seen.size() - 1).identityPolicy())
                .isEqualTo(new Decision.Evidence(alice + "/policy/p1", "NoWay", 0));
    }

    // ------------------------------------------------------------------ explanations and the cache

    @Test
    void aDecisionSaysWhichStatementDecided() {
        KmsKey k = key(DEFAULT, List.of());
        KmsAuthorizer a =
                authorizer(Map.of(ALICE.identityArn(), List.of(iam("\"kms:*\"", KEY_ARN))), new ArrayList<>());
        Decision d = a.decide(ctx(ALICE, "Encrypt", "{}", "", "", true), "kms:Encrypt", k);
        assertThat(d.keyPolicy()).isEqualTo(new Decision.Evidence("key policy", "Enable IAM User Permissions", 0));
        assertThat(d.identityPolicy()).isEqualTo(new Decision.Evidence(ALICE.identityArn() + "/policy/p0", "", 0));
        assertThat(d.explain())
                .isEqualTo("ALLOW kms:Encrypt on " + KEY_ARN + " for arn:aws:iam::111122223333:user/alice: the key"
                        + " policy allows the caller's account and an identity-based policy allows the caller; key"
                        + " policy: key policy statement 0 (Sid \"Enable IAM User Permissions\"); identity policy:"
                        + " arn:aws:iam::111122223333:user/alice/policy/p0 statement 0");
        Decision no = a.decide(ctx(BOB, "Encrypt", "{}", "", "", true), "kms:Encrypt", k);
        assertThat(no.explain())
                .startsWith("DENY kms:Encrypt on " + KEY_ARN + " for arn:aws:iam::111122223333:user/bob:"
                        + " no identity-based policy allows the caller");
    }

    @Test
    void aKeyPolicyIsCompiledOncePerText() {
        KmsAuthorizer a = authorizer(Map.of(), new ArrayList<>());
        KmsKey k = key(DEFAULT, List.of());
        for (int i = 0; i < 3; i++) a.decide(ctx(ROOT_A, "Encrypt", "{}", "", "", true), "kms:Encrypt", k);
        KeyPolicyCache cache = new KeyPolicyCache(2);
        PolicyDocument first = cache.get(DEFAULT);
        assertThat(cache.get(DEFAULT)).isSameAs(first);
        assertThat(cache.get("{}")).isNull();
        assertThat(cache.get("{}")).isNull();
        cache.get(keyPolicy());
        assertThat(cache.size()).isLessThanOrEqualTo(2);
        assertThat(cache.get(DEFAULT)).isNotSameAs(first).isNotNull();
    }

    @Test
    void theLockoutCheckWeighsTheCallersIdentityPolicies() {
        KmsKey k = key(DEFAULT, List.of());
        PolicyDocument delegating = compile(DEFAULT, PolicyKind.RESOURCE);
        RequestContext put = ctx(ALICE, "PutKeyPolicy", "{}", "", "", true);
        assertThat(authorizer(Map.of(), new ArrayList<>()).allowsPutKeyPolicy(put, k, delegating))
                .isFalse();
        assertThat(authorizer(Map.of(ALICE.identityArn(), List.of(iam("\"kms:Put*\"", "*"))), new ArrayList<>())
                        .allowsPutKeyPolicy(put, k, delegating))
                .isTrue();
        // without IAM wired, delegation to the account counts (the structural rule)
        assertThat(Authorizer.ALLOW_ALL.allowsPutKeyPolicy(put, k, delegating)).isTrue();
        PolicyDocument denying = compile(
                keyPolicy(allow(ROOT_OF_A, "\"kms:*\""), deny("\"*\"", "\"kms:PutKeyPolicy\"")), PolicyKind.RESOURCE);
        assertThat(Authorizer.ALLOW_ALL.allowsPutKeyPolicy(ctx(ROOT_A, "PutKeyPolicy", "{}", "", "", true), k, denying))
                .isFalse();
    }

    @Test
    void theDefaultSinkLogsAndNeverThrows() {
        KmsAuthorizer a = new KmsAuthorizer(IdentityDirectory.NONE, GrantAccess.NONE, k -> List.of());
        a.authorize(ctx(ROOT_A, "Encrypt", "{}", "", "", true), "kms:Encrypt", key(DEFAULT, List.of()));
        assertThat(a.decidesCrossAccount()).isTrue();
        assertThat(Authorizer.ALLOW_ALL.decidesCrossAccount()).isFalse();
    }

    @Test
    void thereAreEnoughScenarios() {
        assertThat(scenarios().count()).isGreaterThanOrEqualTo(40);
    }
}
