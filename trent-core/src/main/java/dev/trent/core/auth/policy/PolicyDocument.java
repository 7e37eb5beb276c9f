package dev.trent.core.auth.policy;

/**
 * A parsed, validated and compiled policy document (IAM policy language). Immutable and thread-safe; parse once,
 * evaluate many times without re-parsing.
 *
 * <p>SCAFFOLD: the real grammar, compilation and evaluation come with the policy-engine work; this placeholder
 * keeps the API other work codes against.
 */
public final class PolicyDocument {
    private final String json;
    private final PolicyKind kind;

    private PolicyDocument(String json, PolicyKind kind) {
        this.json = json;
        this.kind = kind;
    }

    /** Parses and validates {@code json} as a policy of {@code kind}. */
    public static PolicyDocument parse(String json, PolicyKind kind) throws MalformedPolicyException {
        if (json == null || json.isBlank()) throw new MalformedPolicyException("The policy document is empty.");
        return new PolicyDocument(json, kind);
    }

    /** The document as it was given. */
    public String json() {
        return json;
    }

    public PolicyKind kind() {
        return kind;
    }

    /** What this document says about {@code request}. */
    public Match evaluate(EvaluationContext request) {
        throw new UnsupportedOperationException("policy evaluation is not built yet");
    }
}
