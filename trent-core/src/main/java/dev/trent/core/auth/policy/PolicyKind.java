package dev.trent.core.auth.policy;

/** Where a policy document is attached, which decides what its grammar allows. */
public enum PolicyKind {
    /** Attached to a user or role (inline or managed): no Principal/NotPrincipal; Resource or NotResource required. */
    IDENTITY,
    /** A resource-based policy (a key policy): Principal or NotPrincipal required. */
    RESOURCE,
    /** A role's trust policy: Principal required, actions are {@code sts:AssumeRole*}/{@code sts:TagSession}; no Resource. */
    TRUST
}
