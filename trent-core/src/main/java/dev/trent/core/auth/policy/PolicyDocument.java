package dev.trent.core.auth.policy;

/**
 * A parsed, validated and compiled policy document (IAM JSON policy language). Immutable and thread-safe; parse
 * once, evaluate many times without re-parsing, compiling or (unless the policy uses variables or conditions that
 * must parse request values) allocating.
 *
 * <p>The grammar: {@code Version} ({@code 2012-10-17} or {@code 2008-10-17}; policy variables only in 2012-10-17),
 * {@code Id}, {@code Statement} (one object or an array) of {@code Sid}, {@code Effect}, {@code Principal} or {@code
 * NotPrincipal}, {@code Action} or {@code NotAction} (wildcards, case-insensitive), {@code Resource} or {@code
 * NotResource} (wildcards and variables, case-sensitive) and {@code Condition}. What the {@link PolicyKind} requires
 * or forbids is checked too; a document that breaks a rule is refused with {@link MalformedPolicyException} naming
 * the rule in AWS's words where AWS's words are known.
 *
 * <p>{@link #evaluate} says what this one document decides about a request: DENY if a Deny statement applies
 * (explicit deny beats allow), else ALLOW if an Allow statement applies (one naming the caller itself is preferred
 * over one naming only its account), else NONE. Combining documents (key policy, identity policies, grants) is the
 * authorizer's job.
 */
public final class PolicyDocument {
    private final String json;
    private final PolicyKind kind;
    private final String version;
    private final String id;
    private final Statement[] statements;

    private PolicyDocument(String json, PolicyKind kind, PolicyParser.Parsed parsed) {
        this.json = json;
        this.kind = kind;
        this.version = parsed.version();
        this.id = parsed.id();
        this.statements = parsed.statements();
    }

    /** Parses, validates and compiles {@code json} as a policy of {@code kind}. */
    public static PolicyDocument parse(String json, PolicyKind kind) throws MalformedPolicyException {
        if (json == null || json.isBlank()) {
            throw new MalformedPolicyException(
                    kind == PolicyKind.RESOURCE ? "The policy document is not valid JSON." : Grammar.IAM_SYNTAX);
        }
        return new PolicyDocument(json, kind, PolicyParser.parse(json, kind));
    }

    /** The document as it was given. */
    public String json() {
        return json;
    }

    public PolicyKind kind() {
        return kind;
    }

    /** The policy language version: {@code 2012-10-17}, or {@code 2008-10-17} (also when the document names none). */
    public String version() {
        return version;
    }

    /** The document's {@code Id}, or null. */
    public String id() {
        return id;
    }

    public int statementCount() {
        return statements.length;
    }

    /** The {@code Sid} of statement {@code index} (0-based), or an empty string. */
    public String sid(int index) {
        return statements[index].sid;
    }

    /**
     * The length of the document without its whitespace: what IAM counts against its policy size quotas (managed
     * policy 6,144 characters, inline policies of a user 2,048, of a role 10,240, trust policy 2,048 by default).
     */
    public int nonWhitespaceLength() {
        int n = 0;
        for (int i = 0; i < json.length(); i++) {
            if (!Character.isWhitespace(json.charAt(i))) n++;
        }
        return n;
    }

    /** What this document says about {@code request}. */
    public Match evaluate(EvaluationContext request) {
        String action = request.action();
        Match allowDirect = null;
        Match allowAccount = null;
        for (Statement s : statements) {
            if (!s.deny && allowDirect != null) continue; // an Allow cannot change the answer any more
            if (!s.coversAction(action)) continue;
            int named = s.principal(request);
            if (named == Principals.NONE) continue;
            if (!s.deny && named == Principals.ACCOUNT && allowAccount != null) continue;
            if (!s.coversResource(request)) continue;
            if (!s.conditionsHold(request)) continue;
            if (s.deny) return s.direct;
            if (named == Principals.DIRECT) allowDirect = s.direct;
            else allowAccount = s.throughAccount;
        }
        if (allowDirect != null) return allowDirect;
        return allowAccount != null ? allowAccount : Match.NONE;
    }

    @Override
    public String toString() {
        return "PolicyDocument[" + kind + ", " + statements.length + " statements]";
    }
}
