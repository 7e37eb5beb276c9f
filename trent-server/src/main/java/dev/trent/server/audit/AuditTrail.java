package dev.trent.server.audit;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trent.core.RequestContext;
import dev.trent.core.audit.AuditJournal;
import dev.trent.core.audit.AuditSigningKey;
import dev.trent.core.audit.EventLookup;
import dev.trent.core.barrier.Barrier;
import dev.trent.core.kms.KmsKey;
import dev.trent.core.kms.KmsOnBehalf;
import dev.trent.core.store.Store;
import dev.trent.server.ServerConfig;
import dev.trent.server.StartupException;
import dev.trent.server.pipeline.Exchange;
import dev.trent.server.pipeline.Outcome;
import dev.trent.server.pipeline.ServiceDefinition;
import dev.trent.server.pipeline.Stages;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The audit trail of a server: the journal in {@code <data-dir>/audit/}, the pipeline's audit stage that feeds it
 * one CloudTrail event per request, and the look-up behind CloudTrail's {@code LookupEvents}. With
 * {@code auditSink: none} there is no journal: the stage records nothing (for benchmarks).
 *
 * <p>For health and metrics: {@link #healthy()} (the last write succeeded), {@link #pending()} (events waiting to be
 * written: the journal's lag) and {@link #lastError()}.
 */
public final class AuditTrail implements AutoCloseable {
    public static final String DIR = "audit";

    private final AuditJournal journal;
    private final EventLookup lookup;
    private final Stages.AuditSink sink;
    private final Clock clock;

    private AuditTrail(AuditJournal journal, Clock clock) {
        this.journal = journal;
        this.clock = clock;
        this.lookup = journal == null ? null : new EventLookup(journal, EventLookup.DEFAULT_RECENT);
        this.sink = journal == null
                ? Stages.AuditSink.NONE
                : (exchange, outcome, then) -> {
                    if (outcome.kind() == Outcome.Kind.HEALTH) return false;
                    journal.append(
                            CloudTrailEvents.event(AuditedRequest.of(exchange, outcome), null, null),
                            exchange.responder(),
                            then);
                    return then != null;
                };
    }

    public static AuditTrail open(
            ServerConfig.Audit config, Path dataDir, Store store, Barrier barrier, Clock clock, SecureRandom random) {
        if (!config.enabled()) return new AuditTrail(null, clock);
        Path dir = dataDir.resolve(DIR);
        try {
            AuditSigningKey key = AuditSigningKey.loadOrCreate(dir, store, barrier, random);
            AuditJournal.Options options = AuditJournal.Options.defaults(dir)
                    .withDigestInterval(Duration.ofSeconds(config.digestIntervalSeconds()))
                    .withFsync(config.fsync())
                    .withMaxSegmentBytes(config.segmentMaxBytes());
            return new AuditTrail(AuditJournal.open(options, key, clock), clock);
        } catch (UncheckedIOException | IllegalStateException | Barrier.BarrierException e) {
            // one line for the operator: requests must not run unaudited, so the server does not start
            throw new StartupException(
                    e.getMessage() + "; the audit trail cannot be written, so Trent does not start (fix the"
                            + " directory, or set auditSink to none to run without an audit trail)",
                    e);
        }
    }

    public Stages.AuditSink sink() {
        return sink;
    }

    /** The look-up over the journal, or null when auditing is off. */
    public EventLookup lookup() {
        return lookup;
    }

    /**
     * Records a KMS call that Parameter Store or Secrets Manager made on a caller's behalf (see {@link KmsOnBehalf}),
     * as the KMS event CloudTrail writes for it. It does not wait to be durable: the journal keeps order, so the
     * request that made the call is answered only once this event, appended before its own, is written too.
     *
     * @param kms the KMS service, whose model names the call's operation and request members
     */
    public void recordOnBehalf(ServiceDefinition kms, KmsOnBehalf.Call call) {
        if (journal == null) return;
        RequestContext ctx = call.context();
        AuditedRequest r = new AuditedRequest(
                ctx.requestId(),
                Exchange.randomId(),
                ctx.receivedAt(),
                ctx.sourceIp(),
                ctx.userAgent(),
                kms,
                kms.operation(call.operation()),
                ctx.caller(),
                ctx.request(),
                null,
                call.succeeded()
                        ? Outcome.Kind.SUCCESS
                        : "AccessDeniedException".equals(call.errorCode()) ? Outcome.Kind.DENIED : Outcome.Kind.FAILED,
                call.errorCode(),
                null,
                null,
                null);
        journal.append(CloudTrailEvents.event(r, call.service() + ".amazonaws.com", call.keyArn()), null, null);
    }

    /**
     * Records one of Trent's own actions on a key (CloudTrail's {@code AwsServiceEvent}); does not wait for it to be
     * durable (the action is done either way).
     */
    public void recordKeyEvent(String eventName, KmsKey key, Map<String, String> additionalEventData) {
        if (journal == null) return;
        Instant now = clock.instant();
        journal.append(() -> {
            ObjectNode data = null;
            if (!additionalEventData.isEmpty()) {
                data = JsonNodeFactory.instance.objectNode();
                for (Map.Entry<String, String> e : additionalEventData.entrySet()) data.put(e.getKey(), e.getValue());
            }
            return CloudTrailEvents.serviceEvent(now, eventName, key.accountId(), key.region(), key.arn(), data);
        });
    }

    /** Whether the audit journal can be written (always true when auditing is off). */
    public boolean healthy() {
        return journal == null || journal.healthy();
    }

    /** Events waiting to be written (the journal's lag); 0 when auditing is off. */
    public int pending() {
        return journal == null ? 0 : journal.pending();
    }

    /** Why the journal is unhealthy, or null. */
    public String lastError() {
        return journal == null ? null : journal.lastError();
    }

    @Override
    public void close() {
        if (journal != null) journal.close();
    }
}
