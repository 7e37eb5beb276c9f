package dev.trent.core.iam;

import java.time.Instant;

/**
 * The status of one CreateAccount request ({@code org/create-account-status/<id>}).
 *
 * @param id {@code car-} and 32 lower-case letters or digits
 * @param state {@code IN_PROGRESS}, {@code SUCCEEDED} or {@code FAILED}
 * @param accountId the new account, once it succeeded (else null)
 * @param failureReason why it failed ({@code EMAIL_ALREADY_EXISTS}, {@code ACCOUNT_LIMIT_EXCEEDED}), or null
 */
public record CreateAccountStatus(
        String id,
        String organizationId,
        String accountName,
        String state,
        Instant requestedAt,
        Instant completedAt,
        String accountId,
        String failureReason) {}
