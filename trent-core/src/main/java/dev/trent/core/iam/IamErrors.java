package dev.trent.core.iam;

import dev.trent.core.ServiceException;

/**
 * The IAM errors of the identity model, with IAM's codes (botocore's IAM model), HTTP statuses and AWS's wording.
 */
public final class IamErrors {
    /** A missing user, role, policy, access key or other entity (HTTP 404). */
    public static final String NO_SUCH_ENTITY = "NoSuchEntity";
    /** A quota reached (HTTP 409). */
    public static final String LIMIT_EXCEEDED = "LimitExceeded";
    /** A name already taken (HTTP 409). */
    public static final String ENTITY_ALREADY_EXISTS = "EntityAlreadyExists";
    /** A deletion refused while the entity has dependants (HTTP 409). */
    public static final String DELETE_CONFLICT = "DeleteConflict";
    /** A policy document that is not valid (HTTP 400). */
    public static final String MALFORMED_POLICY_DOCUMENT = "MalformedPolicyDocument";
    /** An invalid parameter value (HTTP 400). */
    public static final String INVALID_INPUT = "InvalidInput";
    /** A request IAM cannot serve as made (HTTP 400). */
    public static final String VALIDATION_ERROR = "ValidationError";
    /** Several writers raced for the same entity too often (HTTP 409). */
    public static final String CONCURRENT_MODIFICATION = "ConcurrentModification";

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
        return quota("AccessKeysPerUser", IdentityStore.ACCESS_KEYS_PER_USER);
    }

    /** {@code Cannot exceed quota for <name>: <limit>}. */
    public static ServiceException quota(String name, int limit) {
        return new ServiceException(LIMIT_EXCEEDED, 409, "Cannot exceed quota for " + name + ": " + limit);
    }

    /** The user or role {@code name} does not exist ({@code kind} is {@code user} or {@code role}). */
    public static ServiceException noSuchEntity(String kind, String name) {
        return new ServiceException(NO_SUCH_ENTITY, 404, "The " + kind + " with name " + name + " cannot be found.");
    }

    /** The inline policy does not exist. */
    public static ServiceException noSuchInlinePolicy(String kind, String policyName) {
        return new ServiceException(
                NO_SUCH_ENTITY, 404, "The " + kind + " policy with name " + policyName + " cannot be found.");
    }

    /** The managed policy {@code arn} does not exist. */
    public static ServiceException noSuchPolicy(String arn) {
        return new ServiceException(NO_SUCH_ENTITY, 404, "Policy " + arn + " was not found.");
    }

    /** The managed policy to attach does not exist. */
    public static ServiceException notAttachable(String arn) {
        return new ServiceException(NO_SUCH_ENTITY, 404, "Policy " + arn + " does not exist or is not attachable.");
    }

    /** The managed policy has no such version. */
    public static ServiceException noSuchPolicyVersion(String arn, String versionId) {
        return new ServiceException(
                NO_SUCH_ENTITY,
                404,
                "Policy " + arn + " version " + versionId + " does not exist or is not attachable.");
    }

    /** A user or role of that name exists ({@code Kind} capitalised: {@code User}, {@code Role}). */
    public static ServiceException alreadyExists(String kind, String name) {
        String k = Character.toUpperCase(kind.charAt(0)) + kind.substring(1);
        return new ServiceException(ENTITY_ALREADY_EXISTS, 409, k + " with name " + name + " already exists.");
    }

    /** A managed policy of that name exists in the account. */
    public static ServiceException policyExists(String name) {
        return new ServiceException(
                ENTITY_ALREADY_EXISTS,
                409,
                "A policy called " + name + " already exists. Duplicate names are not allowed.");
    }

    public static ServiceException deleteConflict(String message) {
        return new ServiceException(DELETE_CONFLICT, 409, message);
    }

    public static ServiceException malformed(String message) {
        return new ServiceException(MALFORMED_POLICY_DOCUMENT, 400, message);
    }

    public static ServiceException invalidInput(String message) {
        return new ServiceException(INVALID_INPUT, 400, message);
    }

    public static ServiceException validation(String message) {
        return new ServiceException(VALIDATION_ERROR, 400, message);
    }

    public static ServiceException limit(String message) {
        return new ServiceException(LIMIT_EXCEEDED, 409, message);
    }

    /** A write lost the race for its records more often than it retries. */
    public static ServiceException concurrentModification() {
        return new ServiceException(
                CONCURRENT_MODIFICATION,
                409,
                "The request was rejected because multiple requests to change this object were submitted"
                        + " simultaneously. Wait a few minutes and submit your request again.");
    }
}
