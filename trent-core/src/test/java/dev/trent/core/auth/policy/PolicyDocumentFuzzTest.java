package dev.trent.core.auth.policy;

import dev.trent.core.fuzz.Deadline;
import dev.trent.core.fuzz.FuzzStats;
import dev.trent.core.fuzz.PolicyTexts;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Fuzz target: {@link PolicyDocument#parse} of any text, as any kind of policy, either returns a document or
 * throws {@link MalformedPolicyException}: never another exception, never a hang ({@link Deadline}). It holds for
 * the scaffold today and must keep holding for the policy engine that replaces it.
 */
class PolicyDocumentFuzzTest {
    private static final FuzzStats STATS = new FuzzStats("PolicyDocument.parse");

    @Property
    void parsingAnyTextReturnsADocumentOrSaysItIsMalformed(@ForAll("policies") String json, @ForAll PolicyKind kind)
            throws Exception {
        long start = System.nanoTime();
        String outcome = Deadline.within(() -> {
            try {
                PolicyDocument doc = PolicyDocument.parse(json, kind);
                if (doc == null) throw new AssertionError("parse returned null");
                return "parsed";
            } catch (MalformedPolicyException expected) {
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
