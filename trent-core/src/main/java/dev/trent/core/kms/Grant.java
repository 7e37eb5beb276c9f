package dev.trent.core.kms;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A grant on one KMS key: it allows its grantee principal the listed operations on the key, under its constraint
 * if it has one. Immutable; a grant is never changed, only created and deleted (retired or revoked).
 *
 * @param grantId 64 lower-case hex characters, as AWS's grant ids
 * @param key the key the grant is for
 * @param name the friendly name of the CreateGrant request, or null
 * @param granteePrincipal the principal (ARN, or service principal) the grant gives its permissions to
 * @param retiringPrincipal the principal that may retire the grant, or null
 * @param issuingAccount the account of the principal that created the grant
 * @param operations the operations the grant allows, in the model's order
 * @param constraints the encryption-context constraint, or null
 * @param creationDate when the grant was created
 */
public record Grant(
        String grantId,
        KeyAddress key,
        String name,
        String granteePrincipal,
        String retiringPrincipal,
        String issuingAccount,
        Set<GrantOperation> operations,
        GrantConstraints constraints,
        Instant creationDate) {

    public Grant {
        Objects.requireNonNull(grantId, "grantId");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(granteePrincipal, "granteePrincipal");
        Objects.requireNonNull(issuingAccount, "issuingAccount");
        Objects.requireNonNull(creationDate, "creationDate");
        if (operations.isEmpty()) throw new IllegalArgumentException("a grant allows at least one operation");
        operations = Collections.unmodifiableSet(EnumSet.copyOf(operations));
    }

    public boolean allows(GrantOperation operation) {
        return operations.contains(operation);
    }

    /**
     * Whether {@code other} is what a CreateGrant with the same parameters would make (AWS's Name idempotency:
     * same key, name, principals, operations and constraint).
     */
    public boolean sameParameters(Grant other) {
        return key.equals(other.key)
                && Objects.equals(name, other.name)
                && granteePrincipal.equals(other.granteePrincipal)
                && Objects.equals(retiringPrincipal, other.retiringPrincipal)
                && issuingAccount.equals(other.issuingAccount)
                && operations.equals(other.operations)
                && Objects.equals(constraints, other.constraints);
    }

    /** The {@code IssuingAccount} of ListGrants: the issuing account's root ARN. */
    public String issuingAccountArn(String partition) {
        return "arn:" + partition + ":iam::" + issuingAccount + ":root";
    }
}
