package dev.trent.core.iam;

import java.time.Instant;

/**
 * An organization ({@code org/organizations/<id>}): the management account that created it, its feature set and its
 * root. Its member accounts are {@link OrgAccount} records.
 *
 * @param id {@code o-} and 10 lower-case letters or digits
 * @param rootId {@code r-} and 4 lower-case letters or digits
 * @param featureSet {@code ALL} or {@code CONSOLIDATED_BILLING}
 */
public record Organization(
        String id,
        String managementAccountId,
        String managementEmail,
        String featureSet,
        String rootId,
        Instant createdAt) {

    public String arn() {
        return "arn:aws:organizations::" + managementAccountId + ":organization/" + id;
    }

    /** The ARN of a member account, {@code arn:aws:organizations::<management>:account/<org id>/<account>}. */
    public String accountArn(String accountId) {
        return "arn:aws:organizations::" + managementAccountId + ":account/" + id + "/" + accountId;
    }
}
