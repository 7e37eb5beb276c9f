package dev.trent.server.query;

import dev.trent.server.protocol.ServiceModel;
import java.util.Map;

/**
 * The AWS Query names of Trent's errors. Trent's stages speak AWS JSON's codes (the SigV4 verifier's
 * {@code InvalidSignatureException}, the validator's {@code ValidationException}); the Query services (IAM, STS)
 * answer the same conditions with their own codes and statuses, which this class supplies:
 *
 * <table>
 *   <caption>Authentication (AWS JSON code → Query code, status; the message stays unless noted)</caption>
 *   <tr><td>MissingAuthenticationTokenException</td><td>MissingAuthenticationToken, 403, "Request is missing
 *       Authentication Token"</td></tr>
 *   <tr><td>IncompleteSignatureException</td><td>IncompleteSignature, 400</td></tr>
 *   <tr><td>InvalidSignatureException</td><td>SignatureDoesNotMatch, 403 (wrong signature, expired or future
 *       date, bad credential scope)</td></tr>
 *   <tr><td>UnrecognizedClientException</td><td>InvalidClientTokenId, 403, "The security token included in the
 *       request is invalid."</td></tr>
 *   <tr><td>ExpiredTokenException</td><td>ExpiredToken, 403 (an expired session token)</td></tr>
 *   <tr><td>MalformedQueryString</td><td>MalformedQueryString, 404</td></tr>
 * </table>
 *
 * <table>
 *   <caption>Requests and operations</caption>
 *   <tr><td>ValidationException</td><td>ValidationError, 400 (same "1 validation error detected: ..."
 *       message)</td></tr>
 *   <tr><td>UnknownOperationException</td><td>InvalidAction, 400</td></tr>
 *   <tr><td>AccessDeniedException</td><td>AccessDenied, 403</td></tr>
 *   <tr><td>ThrottlingException</td><td>Throttling, 400</td></tr>
 *   <tr><td>an error of the service's model, by shape name or code</td><td>the model's {@code error.code} and
 *       {@code error.httpStatusCode} (IAM's {@code NoSuchEntityException} goes out as {@code NoSuchEntity},
 *       404)</td></tr>
 *   <tr><td>anything else</td><td>unchanged</td></tr>
 * </table>
 *
 * {@code <Type>} is {@code Sender} unless the model says the caller is not at fault or the status is 5xx.
 * Statuses and codes follow the Query services' documented common errors and botocore's models.
 */
public final class QueryErrors {
    /** An error as a Query service sends it. */
    public record QueryError(String code, int status, boolean senderFault, String message) {}

    private record Rename(String code, int status, String message) {}

    private static final Map<String, Rename> AUTHENTICATION = Map.of(
            "MissingAuthenticationTokenException",
            new Rename("MissingAuthenticationToken", 403, "Request is missing Authentication Token"),
            "IncompleteSignatureException",
            new Rename("IncompleteSignature", 400, null),
            "InvalidSignatureException",
            new Rename("SignatureDoesNotMatch", 403, null),
            "UnrecognizedClientException",
            new Rename("InvalidClientTokenId", 403, "The security token included in the request is invalid."),
            "ExpiredTokenException",
            new Rename("ExpiredToken", 403, null),
            "MalformedQueryString",
            new Rename("MalformedQueryString", 404, null));

    private static final Map<String, Rename> COMMON = Map.of(
            "ValidationException", new Rename("ValidationError", 400, null),
            "UnknownOperationException", new Rename("InvalidAction", 400, null),
            "AccessDeniedException", new Rename("AccessDenied", 403, null),
            "ThrottlingException", new Rename("Throttling", 400, null));

    private QueryErrors() {}

    /** An authentication failure (the SigV4 verifier's or the authenticator's code). */
    public static QueryError authentication(String code, int status, String message) {
        return rename(AUTHENTICATION.get(code), code, status, message);
    }

    /**
     * A refusal by the protocol layer, a stage or an operation: the model's own error when {@code model} (may be
     * null) knows {@code code}, else the common renames.
     */
    public static QueryError service(ServiceModel model, String code, int status, String message) {
        ServiceModel.ErrorShape shape = model == null ? null : model.error(code);
        if (shape != null) {
            return new QueryError(shape.code(), shape.httpStatus(), shape.senderFault(), message);
        }
        return rename(COMMON.get(code), code, status, message);
    }

    private static QueryError rename(Rename r, String code, int status, String message) {
        if (r == null) return new QueryError(code, status, status < 500, message);
        return new QueryError(r.code(), r.status(), r.status() < 500, r.message() != null ? r.message() : message);
    }
}
