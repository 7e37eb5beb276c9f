package dev.trent.core.iam;

import dev.trent.core.ServiceException;

/** The IAM errors of access-key management, with IAM's codes, HTTP statuses and wording. */
public final class IamErrors {
    /** IAM's error code for a missing user, access key or other entity (HTTP 404). */
    public static final String NO_SUCH_ENTITY = "NoSuchEntity";
    /** IAM's error code for a quota reached (HTTP 409). */
    public static final String LIMIT_EXCEEDED = "LimitExceeded";

    private IamErrors() {}

    /** The access key does not exist (or does not belong to the user named). */
    public static ServiceException noSuchAccessKey(String accessKeyId) {
        return new ServiceException(NO_SUCH_ENTITY, 404, "The Access Key with id " + accessKeyId + " cannot be found.");
    }

    /** The account does not exist in this Trent. */
    public static ServiceException noSuchAccount(String accountId) {
        return new ServiceException(NO_SUCH_ENTITY, 404, "The account with id " + accountId + " cannot be found.");
    }

    /** The user already has {@link IdentityStore#ACCESS_KEYS_PER_USER} access keys. */
    public static ServiceException accessKeysPerUser() {
        return new ServiceException(
                LIMIT_EXCEEDED,
                409,
                "Cannot exceed quota for AccessKeysPerUser: " + IdentityStore.ACCESS_KEYS_PER_USER);
    }
}
