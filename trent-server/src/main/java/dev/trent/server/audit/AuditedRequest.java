package dev.trent.server.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trent.core.Caller;
import dev.trent.server.pipeline.Exchange;
import dev.trent.server.pipeline.OperationSpec;
import dev.trent.server.pipeline.Outcome;
import dev.trent.server.pipeline.ServiceDefinition;
import java.time.Instant;

/**
 * What the audit event of one exchange is made of, taken on the request's thread (a few references: cheap); the
 * event itself is rendered later by the journal's writer ({@link CloudTrailEvents}).
 *
 * @param eventId the CloudTrail {@code eventID} of the event
 * @param request the validated request document, or null when the request did not get that far
 * @param response the operation's response document, or null
 * @param authorization the {@code Authorization} header when there is no caller (for the access key and region of
 *     a request that failed authentication), else null
 * @param target the {@code X-Amz-Target} header when no operation was recognised, else null
 */
public record AuditedRequest(
        String requestId,
        String eventId,
        Instant receivedAt,
        String sourceIp,
        String userAgent,
        ServiceDefinition service,
        OperationSpec operation,
        Caller caller,
        JsonNode request,
        JsonNode response,
        Outcome.Kind kind,
        String errorCode,
        String errorMessage,
        String authorization,
        String target) {

    public static AuditedRequest of(Exchange ex, Outcome o) {
        JsonNode request = ex.context() != null && !ex.context().operation().isEmpty()
                ? ex.context().request()
                : null;
        return new AuditedRequest(
                ex.requestId(),
                ex.eventId(),
                ex.receivedAt(),
                ex.sourceIp(),
                ex.userAgent(),
                ex.service(),
                ex.operation(),
                ex.caller(),
                request,
                o.succeeded() ? ex.response() : null,
                o.kind(),
                o.errorCode(),
                o.errorMessage(),
                ex.caller() == null ? ex.headers().get("Authorization") : null,
                ex.operation() == null ? ex.headers().get("X-Amz-Target") : null);
    }
}
