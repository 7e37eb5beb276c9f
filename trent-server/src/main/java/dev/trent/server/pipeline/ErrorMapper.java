package dev.trent.server.pipeline;

import dev.trent.core.ServiceException;
import dev.trent.core.barrier.Barrier;
import dev.trent.core.store.StoreException;
import dev.trent.server.auth.AuthException;
import dev.trent.server.protocol.ProtocolException;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one function that turns any failure into what goes on the wire, and says what kind of failure it was. */
public final class ErrorMapper {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

    private ErrorMapper() {}

    /**
     * The outcome for {@code failure} in an exchange with {@code service} (null when no service was recognised:
     * then {@code fallback}'s internal-error code is used). Unexpected failures are logged once, with the operation
     * name; expected ones (bad requests, refusals) are not logged.
     */
    public static Outcome map(Throwable failure, ServiceDefinition service, ServiceDefinition fallback, String op) {
        return switch (failure) {
            case ProtocolException e -> Outcome.error(Outcome.Kind.MALFORMED, wire(e.errorCode(), e.httpStatus(), e));
            case AuthException e -> Outcome.error(Outcome.Kind.UNAUTHENTICATED, wire(e.errorCode(), e.httpStatus(), e));
            case ServiceException e -> Outcome.error(kindOf(e), wire(e.errorCode(), e.httpStatus(), e));
            case StoreException e -> {
                LOG.error("{} failed in the store", op, e);
                yield internal(
                        service,
                        fallback,
                        "The request could not be completed because of an internal storage error; nothing was"
                                + " changed unless a retry shows otherwise.");
            }
            case Barrier.BarrierException e -> // a sealed record that failed its checks: logged once where found
                internal(
                        service,
                        fallback,
                        "The request could not be completed because stored data failed an integrity check; nothing"
                                + " was changed.");
            case RejectedExecutionException e -> internal(service, fallback, "The server is shutting down.");
            default -> {
                LOG.error("{} failed unexpectedly", op, failure);
                yield internal(service, fallback, "An internal error occurred.");
            }
        };
    }

    private static WireError wire(String code, int status, Throwable e) {
        return new WireError(code, status, e.getMessage());
    }

    private static Outcome internal(ServiceDefinition service, ServiceDefinition fallback, String message) {
        String code = (service != null ? service : fallback).internalErrorCode();
        return Outcome.error(Outcome.Kind.INTERNAL_ERROR, new WireError(code, 500, message));
    }

    private static Outcome.Kind kindOf(ServiceException e) {
        if (e.httpStatus() >= 500) return Outcome.Kind.INTERNAL_ERROR;
        return switch (e.errorCode()) {
            case "ThrottlingException" -> Outcome.Kind.THROTTLED;
            case "AccessDeniedException" -> Outcome.Kind.DENIED;
            default -> Outcome.Kind.FAILED;
        };
    }
}
