package dev.trent.server.pipeline;

import dev.trent.core.ServiceException;
import dev.trent.core.barrier.Barrier;
import dev.trent.core.store.StoreException;
import dev.trent.core.store.StoreUnavailableException;
import dev.trent.server.auth.AuthException;
import dev.trent.server.protocol.ProtocolException;
import dev.trent.server.query.QueryErrors;
import dev.trent.server.query.QueryXml;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one function that turns any failure into what goes on the wire, and says what kind of failure it was: an
 * AWS JSON error ({@link #map}) or, for an exchange in the AWS Query protocol, an XML error ({@link #mapQuery})
 * with the Query codes of {@link QueryErrors}.
 */
public final class ErrorMapper {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

    /** The internal-error code of a Query request no service was found for (the Query services' common code). */
    static final String QUERY_INTERNAL_FAILURE = "InternalFailure";

    private ErrorMapper() {}

    /** Where a failure came from: the error-code vocabularies differ (see {@link QueryErrors}). */
    private enum Source {
        PROTOCOL,
        AUTHENTICATION,
        SERVICE,
        INTERNAL,
        /** a dependency (the store) out of reach: the service's timeout error where it has one, else internal */
        UNAVAILABLE
    }

    /** KMS names a dependency that timed out {@code DependencyTimeoutException} (HTTP 503). */
    static final String KMS_DEPENDENCY_TIMEOUT = "DependencyTimeoutException";

    private static final RateLimitedLog STORE_UNAVAILABLE = new RateLimitedLog(LOG, 10_000);

    private static String unavailableCode(ServiceDefinition service) {
        return "KMSInternalException".equals(service.internalErrorCode())
                ? KMS_DEPENDENCY_TIMEOUT
                : service.internalErrorCode();
    }

    private record Failure(Source source, Outcome.Kind kind, String code, int status, String message) {}

    /**
     * The outcome for {@code failure} in an exchange with {@code service} (null when no service was recognised:
     * then {@code fallback}'s internal-error code is used). Unexpected failures are logged once, with the operation
     * name; expected ones (bad requests, refusals) are not logged.
     */
    public static Outcome map(Throwable failure, ServiceDefinition service, ServiceDefinition fallback, String op) {
        Failure f = classify(failure, op);
        String code = f.source == Source.INTERNAL ? (service != null ? service : fallback).internalErrorCode() : f.code;
        if (f.source == Source.UNAVAILABLE) code = unavailableCode(service != null ? service : fallback);
        return Outcome.error(f.kind, new WireError(code, f.status, f.message));
    }

    /**
     * The XML outcome for {@code failure} in an AWS Query exchange with {@code service} (null when no service was
     * recognised: no namespace then, and {@code InternalFailure} for internal errors), answering request
     * {@code requestId}.
     */
    public static Outcome mapQuery(Throwable failure, ServiceDefinition service, String op, String requestId) {
        Failure f = classify(failure, op);
        QueryErrors.QueryError e = switch (f.source) {
            case AUTHENTICATION -> QueryErrors.authentication(f.code, f.status, f.message);
            case INTERNAL, UNAVAILABLE ->
                new QueryErrors.QueryError(
                        service != null ? service.internalErrorCode() : QUERY_INTERNAL_FAILURE,
                        f.status,
                        false,
                        f.message);
            default -> QueryErrors.service(service != null ? service.model() : null, f.code, f.status, f.message);
        };
        return queryError(f.kind, e, service, requestId);
    }

    /** The XML outcome of a Query error that is already in Query terms. */
    static Outcome queryError(Outcome.Kind kind, QueryErrors.QueryError e, ServiceDefinition service, String id) {
        String namespace = service != null ? service.model().xmlNamespace() : null;
        byte[] body = QueryXml.error(namespace, e.senderFault(), e.code(), e.message(), id);
        return new Outcome(kind, e.status(), QueryXml.CONTENT_TYPE, body, e.code(), e.message());
    }

    private static Failure classify(Throwable failure, String op) {
        return switch (failure) {
            case ProtocolException e ->
                new Failure(Source.PROTOCOL, Outcome.Kind.MALFORMED, e.errorCode(), e.httpStatus(), e.getMessage());
            case AuthException e ->
                new Failure(
                        Source.AUTHENTICATION,
                        Outcome.Kind.UNAUTHENTICATED,
                        e.errorCode(),
                        e.httpStatus(),
                        e.getMessage());
            case ServiceException e ->
                new Failure(Source.SERVICE, kindOf(e), e.errorCode(), e.httpStatus(), e.getMessage());
            case StoreUnavailableException e -> {
                STORE_UNAVAILABLE.warn("Requests that need the store fail: " + e.getMessage());
                yield new Failure(
                        Source.UNAVAILABLE,
                        Outcome.Kind.INTERNAL_ERROR,
                        null,
                        503,
                        "The system timed out while trying to fulfill the request. You can retry the request.");
            }
            case StoreException e -> {
                LOG.error("{} failed in the store", op, e);
                yield internal("The request could not be completed because of an internal storage error; nothing was"
                        + " changed unless a retry shows otherwise.");
            }
            case Barrier.BarrierException e -> // a sealed record that failed its checks: logged once where found
                internal("The request could not be completed because stored data failed an integrity check; nothing"
                        + " was changed.");
            case RejectedExecutionException e -> internal("The server is shutting down.");
            default -> {
                LOG.error("{} failed unexpectedly", op, failure);
                yield internal("An internal error occurred.");
            }
        };
    }

    private static Failure internal(String message) {
        return new Failure(Source.INTERNAL, Outcome.Kind.INTERNAL_ERROR, null, 500, message);
    }

    private static Outcome.Kind kindOf(ServiceException e) {
        if (e.httpStatus() >= 500) return Outcome.Kind.INTERNAL_ERROR;
        return switch (e.errorCode()) {
            case "ThrottlingException", "Throttling" -> Outcome.Kind.THROTTLED;
            case "AccessDeniedException", "AccessDenied" -> Outcome.Kind.DENIED;
            default -> Outcome.Kind.FAILED;
        };
    }
}
