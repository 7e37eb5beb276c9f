package dev.trent.core.kms;

import dev.trent.core.Caller;
import dev.trent.core.ServiceException;
import dev.trent.core.fuzz.Deadline;
import dev.trent.core.fuzz.FuzzStats;
import dev.trent.core.fuzz.PolicyTexts;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Fuzz target: the key policy checks CreateKey and PutKeyPolicy run today ({@link KeyPolicies#grammar} and {@link PolicyLockout}: the grammar
 * and the lockout check) accept a policy or refuse it with {@code MalformedPolicyDocumentException} (HTTP 400),
 * never another exception, never a hang.
 */
class KeyPolicyFuzzTest {
    private static final FuzzStats STATS = new FuzzStats("KeyPolicies.check");
    private static final Caller CALLER =
            new Caller("111122223333", "us-east-1", "arn:aws:iam::111122223333:root", "AKIAFUZZ");

    private static final dev.trent.core.RequestContext CONTEXT =
            dev.trent.core.RequestContext.internal(CALLER, java.time.Instant.parse("2026-11-23T10:00:00Z"));
    private static final dev.trent.core.auth.KmsAuthorizer AUTHORIZER = new dev.trent.core.auth.KmsAuthorizer(
            dev.trent.core.auth.IdentityDirectory.NONE, dev.trent.core.auth.GrantAccess.NONE, k -> java.util.List.of());
    private static final KmsKey KEY = KmsKey.builder()
            .id(KeyId.parse("1234abcd-12ab-34cd-56ef-1234567890ab"))
            .accountId("111122223333")
            .region("us-east-1")
            .partition("aws")
            .creationDate(java.time.Instant.parse("2026-01-01T00:00:00Z"))
            .description("")
            .state(KeyState.Enabled)
            .keySpec(KeySpec.SYMMETRIC_DEFAULT)
            .keyUsage(KeyUsage.ENCRYPT_DECRYPT)
            .origin(Origin.AWS_KMS)
            .policy(KeyPolicies.defaultPolicy(CALLER))
            .tags(java.util.List.of())
            .materials(java.util.List.of(new KeyMaterialInfo(1, "00", java.time.Instant.parse("2026-01-01T00:00:00Z"))))
            .build();

    @Property
    void aKeyPolicyIsAcceptedOrMalformedNothingElse(@ForAll("policies") String policy, @ForAll boolean bypass)
            throws Exception {
        long start = System.nanoTime();
        String outcome = Deadline.within(() -> {
            try {
                // the grammar, then (without the bypass) the lockout check as CreateKey runs it
                dev.trent.core.auth.policy.PolicyDocument doc = KeyPolicies.grammar(policy);
                PolicyLockout.check(CONTEXT, KEY, doc, bypass, AUTHORIZER);
                return "accepted";
            } catch (ServiceException e) {
                if (!e.errorCode().equals("MalformedPolicyDocumentException") || e.httpStatus() != 400) {
                    throw new AssertionError("unexpected " + e.errorCode() + " " + e.httpStatus(), e);
                }
                return "malformed";
            }
        });
        STATS.record(outcome, System.nanoTime() - start);
    }

    @Provide
    Arbitrary<String> policies() {
        return PolicyTexts.arbitrary();
    }

    @AfterContainer
    static void report() {
        System.out.println(STATS.summary());
    }
}
