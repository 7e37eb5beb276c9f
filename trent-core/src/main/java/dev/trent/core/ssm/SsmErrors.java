package dev.trent.core.ssm;

import dev.trent.core.RequestContext;
import dev.trent.core.ServiceException;

/** Parameter Store's own error types, with the messages AWS Systems Manager gives (HTTP 400 throughout). */
public final class SsmErrors {
    private SsmErrors() {}

    static ServiceException of(String code, String message) {
        return new ServiceException(code, 400, message);
    }

    /** GetParameter, DeleteParameter: AWS answers a missing parameter with an empty message. */
    public static ServiceException notFound() {
        return of("ParameterNotFound", "");
    }

    public static ServiceException notFound(String name) {
        return of("ParameterNotFound", "Parameter " + name + " not found.");
    }

    public static ServiceException versionNotFound(String name, long version) {
        return of(
                "ParameterVersionNotFound",
                "Systems Manager could not find version " + version + " of " + name
                        + ". Verify the version and try again.");
    }

    public static ServiceException alreadyExists() {
        return of(
                "ParameterAlreadyExists",
                "The parameter already exists. To overwrite this value, set the overwrite option in the request to"
                        + " true.");
    }

    public static ServiceException validation(String message) {
        return ServiceException.validation(message);
    }

    public static ServiceException invalidResourceId() {
        return of("InvalidResourceId", "The resource ID is not valid. Verify that you entered the correct ID.");
    }

    public static ServiceException tooManyUpdates() {
        return of("TooManyUpdates", "There are concurrent updates for a resource that supports one update at a time.");
    }

    /**
     * A KMS failure while Parameter Store used a key on the caller's behalf, as SSM reports it: access denied stays
     * {@code AccessDeniedException}, any other failure is {@code InvalidKeyId}; the message is KMS's with the
     * {@code (Service: AWSKMS; ...)} suffix SSM appends.
     */
    public static ServiceException fromKms(ServiceException kms, RequestContext ctx) {
        String code = kms.errorCode().equals("AccessDeniedException") ? "AccessDeniedException" : "InvalidKeyId";
        return of(
                code,
                kms.getMessage() + " (Service: AWSKMS; Status Code: " + kms.httpStatus() + "; Error Code: "
                        + kms.errorCode() + "; Request ID: " + ctx.requestId() + "; Proxy: null)");
    }
}
