package dev.trent.core.kms;

import java.util.List;
import java.util.Map;

/** The typed requests and results of {@link Grants}. Absent optional members are null. */
public final class GrantRequests {
    private GrantRequests() {}

    /**
     * CreateGrant. {@code operations} are wire names; {@code encryptionContextSubset} and {@code
     * encryptionContextEquals} are the two members of {@code Constraints} (null when absent).
     */
    public record CreateGrant(
            String keyId,
            String granteePrincipal,
            String retiringPrincipal,
            List<String> operations,
            Map<String, String> encryptionContextSubset,
            Map<String, String> encryptionContextEquals,
            String name,
            boolean dryRun) {}

    public record ListGrants(String keyId, Integer limit, String marker, String grantId, String granteePrincipal) {}

    public record ListRetirableGrants(String retiringPrincipal, Integer limit, String marker) {}

    /** RetireGrant: by {@code grantToken}, or by {@code keyId} and {@code grantId}. */
    public record RetireGrant(String grantToken, String keyId, String grantId, boolean dryRun) {}

    public record RevokeGrant(String keyId, String grantId, boolean dryRun) {}

    /** What CreateGrant returns. */
    public record CreatedGrant(String grantId, String grantToken) {}

    /** A grant as ListGrants and ListRetirableGrants show it: with its key's ARN. */
    public record ListedGrant(Grant grant, String keyArn, String issuingAccountArn) {}
}
