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
 * Fuzz target: the key policy checks CreateKey and PutKeyPolicy run today ({@link KeyPolicies#check}: the grammar
 * and the lockout check) accept a policy or refuse it with {@code MalformedPolicyDocumentException} (HTTP 400),
 * never another exception, never a hang.
 */
class KeyPolicyFuzzTest {
    private static final FuzzStats STATS = new FuzzStats("KeyPolicies.check");
    private static final Caller CALLER =
            new Caller("111122223333", "us-east-1", "arn:aws:iam::111122223333:root", "AKIAFUZZ");

    @Property
    void aKeyPolicyIsAcceptedOrMalformedNothingElse(@ForAll("policies") String policy, @ForAll boolean bypass)
            throws Exception {
        long start = System.nanoTime();
        String outcome = Deadline.within(() -> {
            try {
                KeyPolicies.check(policy, CALLER, bypass);
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
