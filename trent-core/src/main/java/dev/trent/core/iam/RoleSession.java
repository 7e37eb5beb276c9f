package dev.trent.core.iam;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A role session made by {@code sts:AssumeRole}: the temporary credentials ({@code ASIA...} access key id and its
 * secret), the role and session name, when it was issued and when it expires, and its session tags. Everything a
 * node needs to authenticate the session's requests travels inside its session token (see {@link SessionTokens}).
 *
 * @param rolePath the role's path, to name its ARN
 * @param tags the session tags (including those inherited as transitive from a calling session), in order
 * @param transitiveTagKeys the keys of the tags that pass on to sessions this session assumes (role chaining)
 * @param sourceIdentity the source identity set on the session, or null
 */
public record RoleSession(
        String accessKeyId,
        String secretAccessKey,
        String accountId,
        String roleName,
        String rolePath,
        String roleId,
        String sessionName,
        Instant issuedAt,
        Instant expiresAt,
        Map<String, String> tags,
        List<String> transitiveTagKeys,
        String sourceIdentity) {

    public RoleSession {
        tags = Iam.copy(tags);
        transitiveTagKeys = List.copyOf(transitiveTagKeys);
    }

    /** The role's ARN, {@code arn:aws:iam::<account>:role<path><name>}. */
    public String roleArn() {
        return Iam.arn(accountId, "role", rolePath, roleName);
    }

    /** The session's ARN, {@code arn:aws:sts::<account>:assumed-role/<role name>/<session name>}. */
    public String assumedRoleArn() {
        return "arn:aws:sts::" + accountId + ":assumed-role/" + roleName + "/" + sessionName;
    }

    /** The session's unique id, {@code <role id>:<session name>}. */
    public String assumedRoleId() {
        return roleId + ":" + sessionName;
    }

    public boolean expired(Instant now) {
        return !now.isBefore(expiresAt);
    }

    @Override
    public String toString() {
        return "RoleSession[" + accessKeyId + ", " + assumedRoleArn() + ", expires " + expiresAt + "]";
    }
}
