package dev.trent.core.kms;

import static dev.trent.core.kms.KeyRegistryTest.assertFails;
import static dev.trent.core.kms.KeyRegistryTest.ctx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trent.core.Caller;
import dev.trent.core.auth.GrantAccess;
import dev.trent.core.auth.IdentityDirectory;
import dev.trent.core.auth.KmsAuthorizer;
import dev.trent.core.auth.NamedPolicy;
import dev.trent.core.auth.policy.MalformedPolicyException;
import dev.trent.core.auth.policy.PolicyDocument;
import dev.trent.core.auth.policy.PolicyKind;
import dev.trent.core.store.InMemoryStore;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Key policies enforced through the key registry with the {@link KmsAuthorizer}: cross-account access by key policy,
 * and the policy lockout safety check weighing the caller's identity policies.
 */
class KeyPolicyEnforcementTest {
    private static final String A = "111122223333";
    private static final Caller ROOT_A = KeyRegistryTest.ALICE;
    private static final Caller ROOT_B = KeyRegistryTest.BOB;
    private static final Caller DEV = new Caller(A, "us-east-1", "arn:aws:iam::" + A + ":user/dev", "AKIADEV");

    private final Map<String, List<NamedPolicy>> iam = new HashMap<>();
    private final IdentityDirectory directory = new IdentityDirectory() {
        @Override
        public List<NamedPolicy> identityPolicies(String identityArn) {
            return iam.getOrDefault(identityArn, List.of());
        }

        @Override
        public Map<String, String> principalTags(String identityArn) {
            return Map.of();
        }
    };
    private final KmsOperations kms = KmsOperations.create(
            new InMemoryStore(),
            new KmsAuthorizer(directory, GrantAccess.NONE, k -> List.of()),
            new KeyOperationsTest.MutableClock(),
            new SecureRandom());

    private static String policy(String... statements) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}";
    }

    private static String allow(String principal, String actions) {
        return "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + principal + "\"},\"Action\":" + actions
                + ",\"Resource\":\"*\"}";
    }

    private void allowIam(Caller c, String actions) {
        try {
            PolicyDocument p = PolicyDocument.parse(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":" + actions
                            + ",\"Resource\":\"*\"}]}",
                    PolicyKind.IDENTITY);
            iam.put(c.identityArn(), List.of(new NamedPolicy("inline", p)));
        } catch (MalformedPolicyException e) {
            throw new AssertionError(e);
        }
    }

    private KmsKey create(Caller c, String policy, Boolean bypass) {
        return kms.lifecycle()
                .createKey(
                        ctx(c),
                        new LifecycleRequests.CreateKey(
                                null, null, null, null, null, policy, List.of(), null, null, null, bypass));
    }

    private void put(Caller c, KmsKey k, String policy, Boolean bypass) {
        kms.tagsAndPolicies()
                .putKeyPolicy(ctx(c), new TagPolicyRequests.PutKeyPolicy(k.keyId(), "default", policy, bypass));
    }

    private KmsKey describe(Caller c, String keyRef) {
        return kms.lifecycle().describeKey(ctx(c), new LifecycleRequests.DescribeKey(keyRef));
    }

    @Test
    void anotherAccountUsesAKeyOnlyWhenItsKeyPolicySaysSo() {
        KmsKey k = create(ROOT_A, null, null);
        assertFails(
                () -> describe(ROOT_B, k.arn()),
                "AccessDeniedException",
                "User: arn:aws:iam::444455556666:root is not authorized to perform: kms:DescribeKey on resource: "
                        + k.arn() + " because no resource-based policy allows the kms:DescribeKey action");
        byte[] blob = kms.cryptography()
                .encrypt(ctx(ROOT_A), new CryptoRequests.Encrypt(k.keyId(), new byte[] {7}, Map.of(), null, false))
                .ciphertextBlob();

        put(
                ROOT_A,
                k,
                policy(
                        allow("arn:aws:iam::" + A + ":root", "\"kms:*\""),
                        allow("arn:aws:iam::444455556666:root", "[\"kms:Decrypt\",\"kms:DescribeKey\"]")),
                null);
        assertThat(describe(ROOT_B, k.arn()).keyId()).isEqualTo(k.keyId());
        assertThat(kms.cryptography()
                        .decrypt(ctx(ROOT_B), new CryptoRequests.Decrypt(blob, Map.of(), null, null, false))
                        .plaintext())
                .containsExactly(7);
        assertFails(
                () -> kms.cryptography()
                        .encrypt(
                                ctx(ROOT_B),
                                new CryptoRequests.Encrypt(k.arn(), new byte[] {1}, Map.of(), null, false)),
                "AccessDeniedException",
                "User: arn:aws:iam::444455556666:root is not authorized to perform: kms:Encrypt on resource: " + k.arn()
                        + " because no resource-based policy allows the kms:Encrypt action");
        // by key id alone another account's key does not exist
        assertFails(
                () -> describe(ROOT_B, k.keyId()),
                "NotFoundException",
                "Key 'arn:aws:kms:us-east-1:444455556666:key/" + k.keyId() + "' does not exist");
    }

    @Test
    void theLockoutCheckCountsTheCallersIamPoliciesWhereTheKeyPolicyDelegates() {
        String delegating = policy(allow("arn:aws:iam::" + A + ":root", "\"kms:*\""));
        assertFails(() -> create(DEV, delegating, null), "MalformedPolicyDocumentException", KeyPolicies.LOCKOUT);
        KmsKey bypassed = create(DEV, delegating, true);
        assertThat(bypassed.policy()).isEqualTo(delegating);

        allowIam(DEV, "[\"kms:PutKeyPolicy\",\"kms:Describe*\"]");
        KmsKey k = create(DEV, delegating, null);
        put(DEV, k, delegating, false);
        // naming the user itself needs no IAM policy
        iam.clear();
        create(DEV, policy(allow(DEV.principalArn(), "\"kms:PutKeyPolicy\"")), null);
    }

    @Test
    void aDenyInTheNewPolicyLocksOutAndTheBypassMakesItStick() {
        KmsKey k = create(ROOT_A, null, null);
        String denying = policy(
                allow("arn:aws:iam::" + A + ":root", "\"kms:*\""),
                "{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"kms:PutKeyPolicy\",\"Resource\":\"*\","
                        + "\"Condition\":{\"StringEquals\":{\"aws:PrincipalAccount\":\"" + A + "\"}}}");
        assertFails(() -> put(ROOT_A, k, denying, null), "MalformedPolicyDocumentException", KeyPolicies.LOCKOUT);
        put(ROOT_A, k, denying, true);
        assertFails(
                () -> put(ROOT_A, k, KeyPolicies.defaultPolicy(ROOT_A), null),
                "AccessDeniedException",
                "User: arn:aws:iam::111122223333:root is not authorized to perform: kms:PutKeyPolicy on resource: "
                        + k.arn() + " with an explicit deny in a resource-based policy");
        assertThat(describe(ROOT_A, k.keyId()).policy()).isEqualTo(denying);
    }
}
