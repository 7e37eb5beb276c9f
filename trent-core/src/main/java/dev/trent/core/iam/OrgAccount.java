package dev.trent.core.iam;

import java.time.Instant;

/**
 * An account's membership of an organization ({@code org/accounts/<account>}; an account belongs to one
 * organization at most).
 *
 * @param joinedMethod {@code INVITED} (the management account, which created the organization) or {@code CREATED}
 */
public record OrgAccount(
        String accountId, String organizationId, String name, String email, String joinedMethod, Instant joinedAt) {}
