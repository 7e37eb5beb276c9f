package dev.trent.core.iam;

import java.time.Instant;

/**
 * An access key: the id callers put in their SigV4 credential scope, the secret they sign with (held in
 * memory for verification; at rest it is sealed by the barrier), the account and principal it authenticates
 * (the account's root user {@code arn:aws:iam::<account>:root} today, IAM users later), whether it is active, and
 * when it was created.
 */
public record AccessKey(
        String accessKeyId,
        String secretAccessKey,
        String accountId,
        String principalArn,
        boolean active,
        Instant createdAt) {

    /**
     * The {@code UserName} IAM reports for the key: the user's name, or {@code <root_account>} for the account's
     * root user (the name IAM's credential report gives the root user; no IAM user name can contain angle brackets).
     */
    public String userName() {
        return IdentityStore.userName(principalArn);
    }

    /** IAM's status: {@code Active} or {@code Inactive}. */
    public String status() {
        return active ? "Active" : "Inactive";
    }

    /** The same key with another status. */
    public AccessKey withActive(boolean newActive) {
        return new AccessKey(accessKeyId, secretAccessKey, accountId, principalArn, newActive, createdAt);
    }

    @Override
    public String toString() {
        return "AccessKey[" + accessKeyId + ", " + principalArn + ", active=" + active + "]";
    }
}
