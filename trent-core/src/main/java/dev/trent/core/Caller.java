package dev.trent.core;

import java.util.Map;
import java.util.Objects;

/**
 * An authenticated caller: the account and region the request acts in (the region comes from the SigV4
 * credential scope) and the principal that signed it.
 *
 * @param accountId the account of the principal
 * @param region the region of the credential scope
 * @param principalArn the principal as AWS names it in a denial and in {@code aws:userid}-style contexts: {@code
 *     arn:aws:iam::<account>:root}, {@code arn:aws:iam::<account>:user/<path><name>}, or for a role session {@code
 *     arn:aws:sts::<account>:assumed-role/<role name>/<session name>}
 * @param accessKeyId the access key the request was signed with
 * @param type what kind of principal signed (CloudTrail's {@code userIdentity.type})
 * @param principalId IAM's unique id of the principal: the account id for the root user, {@code AIDA...} for a
 *     user, {@code AROA...:<session name>} for a role session
 * @param identityArn the IAM entity whose identity-based policies apply and that {@code aws:PrincipalArn} names:
 *     the root ARN, the user's ARN, or for a role session the role's ARN ({@code arn:aws:iam::<account>:role/<path><name>})
 * @param sessionTags the session tags of a role session (they override the role's tags of the same key in
 *     {@code aws:PrincipalTag}); empty otherwise
 */
public record Caller(
        String accountId,
        String region,
        String principalArn,
        String accessKeyId,
        PrincipalType type,
        String principalId,
        String identityArn,
        Map<String, String> sessionTags) {

    /** CloudTrail's {@code userIdentity.type} values that Trent's principals take. */
    public enum PrincipalType {
        ROOT("Root"),
        IAM_USER("IAMUser"),
        ASSUMED_ROLE("AssumedRole");

        private final String wire;

        PrincipalType(String wire) {
            this.wire = wire;
        }

        /** The CloudTrail spelling: {@code Root}, {@code IAMUser}, {@code AssumedRole}. */
        public String wire() {
            return wire;
        }
    }

    public Caller {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(principalArn, "principalArn");
        Objects.requireNonNull(type, "type");
        principalId = principalId == null ? accountId : principalId;
        identityArn = identityArn == null ? principalArn : identityArn;
        sessionTags = sessionTags == null ? Map.of() : Map.copyOf(sessionTags);
    }

    /**
     * A root user or IAM user caller (the type follows from the ARN: {@code ...:root} is the root user), with no
     * session.
     */
    public Caller(String accountId, String region, String principalArn, String accessKeyId) {
        this(
                accountId,
                region,
                principalArn,
                accessKeyId,
                principalArn.endsWith(":root") ? PrincipalType.ROOT : PrincipalType.IAM_USER,
                null,
                null,
                Map.of());
    }

    public String partition() {
        return region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
    }

    /** Whether the caller is its account's root user. */
    public boolean isRoot() {
        return type == PrincipalType.ROOT;
    }
}
