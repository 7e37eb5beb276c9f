package dev.trent.core.iam;

import dev.trent.core.auth.NamedPolicy;
import dev.trent.core.auth.policy.MalformedPolicyException;
import dev.trent.core.auth.policy.PolicyDocument;
import dev.trent.core.auth.policy.PolicyKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compiles the policy documents of the identity model: once when a document is written (a malformed one is refused
 * with IAM's {@code MalformedPolicyDocument}) and once when a record is loaded. A stored document that no longer
 * compiles (written by an older, more lenient version) is replaced by a policy that denies everything, so a
 * broken Deny statement can never widen access.
 */
final class IamPolicies {
    private static final Logger LOG = LoggerFactory.getLogger(IamPolicies.class);
    private static final String DENY_ALL =
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\"}]}";
    private static final String DENY_ALL_TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\","
            + "\"Principal\":{\"AWS\":\"*\"},\"Action\":\"sts:AssumeRole\"}]}";

    private IamPolicies() {}

    /** Compiles a document being written, or throws {@code MalformedPolicyDocument} naming what is wrong. */
    static PolicyDocument compileForWrite(String document, PolicyKind kind) {
        try {
            return PolicyDocument.parse(document, kind);
        } catch (MalformedPolicyException e) {
            throw IamErrors.malformed(e.getMessage());
        }
    }

    /** Compiles a stored document; one that does not compile any more denies everything (and is logged once). */
    static PolicyDocument compileStored(String document, PolicyKind kind, String source) {
        try {
            return PolicyDocument.parse(document, kind);
        } catch (MalformedPolicyException | RuntimeException e) {
            LOG.warn(
                    "The stored policy {} does not compile ({}); it denies everything until it is replaced",
                    source,
                    e.getMessage());
            try {
                return PolicyDocument.parse(kind == PolicyKind.TRUST ? DENY_ALL_TRUST : DENY_ALL, kind);
            } catch (MalformedPolicyException impossible) {
                throw new IllegalStateException("the deny-all policy does not compile", impossible);
            }
        }
    }

    static NamedPolicy named(String source, PolicyDocument document) {
        return new NamedPolicy(source, document);
    }

    /** The source name of an inline policy, as explanations show it: {@code user/alice/policy/ReadKeys}. */
    static String inlineSource(IamEntity e, String policyName) {
        return e.kind() + "/" + e.name() + "/policy/" + policyName;
    }
}
