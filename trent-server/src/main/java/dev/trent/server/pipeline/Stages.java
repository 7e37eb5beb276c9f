package dev.trent.server.pipeline;

import dev.trent.core.Caller;
import dev.trent.server.auth.AuthException;

/** The pluggable stages of the {@link Pipeline}; the ones not built yet have a pass-through instance. */
public final class Stages {
    private Stages() {}

    /** Authenticates a request for the service it addresses (SigV4, scoped to the service's signing name). */
    @FunctionalInterface
    public interface Authentication {
        Caller authenticate(Exchange exchange, ServiceDefinition service) throws AuthException;
    }

    /**
     * The checks of authentication that need only the request head (headers, date, access key, credential scope),
     * run by {@link Pipeline#screen} before the body is read, so that a request that cannot be valid is answered
     * without buffering its body. It must throw, for a head, the error {@link Authentication} would throw for the
     * whole request, and must let through every request that authentication could accept.
     */
    @FunctionalInterface
    public interface PreAuthentication {
        void screen(Exchange head, ServiceDefinition service) throws AuthException;

        PreAuthentication NONE = (head, service) -> {};
    }

    /**
     * Request quotas: admits the request or throws a {@code ThrottlingException} service error. Runs after
     * authentication (quotas are per account) and validation (which quota a cryptographic operation draws from
     * depends on the key its request names), before authorization: a malformed request costs no quota, a denied one
     * does.
     */
    @FunctionalInterface
    public interface Quota {
        void admit(Exchange exchange);

        Quota UNLIMITED = exchange -> {};
    }

    /**
     * Identity-level authorization of the action (IAM policies): allows or throws an {@code AccessDeniedException}
     * service error. Resource-level decisions (key policies, grants) are taken where the resource is resolved,
     * in the key registry's {@code Authorizer}.
     */
    @FunctionalInterface
    public interface Access {
        void check(Exchange exchange);

        Access ALLOW_ALL = exchange -> {};
    }

    /**
     * Where every exchange goes once its outcome is known, exactly once, whatever the outcome. It returns null when
     * the event is recorded, or a future that completes once it is durable (the response is sent only then), or
     * fails when it could not be recorded (the request then fails: Trent fails closed). It throws when it cannot take
     * the event at all (the request fails the same way). It must be cheap on the calling (event-loop) thread.
     */
    @FunctionalInterface
    public interface AuditSink {
        /**
         * Records the event of {@code exchange}. Returns whether {@code then} will be told once the event is durable
         * (null) or could not be written (the failure), on the exchange's {@link Exchange#responder()} when it has
         * one; false when there is nothing to wait for (no journal, or {@code then} is null: record without
         * waiting). Throws when the event cannot even be queued.
         */
        boolean record(Exchange exchange, Outcome outcome, java.util.function.Consumer<Throwable> then);

        AuditSink NONE = (exchange, outcome, then) -> false;
    }

    /**
     * Watches exchanges for metrics and the access log: {@link #started} when the pipeline takes one in,
     * {@link #finished} once with its final outcome (after the audit stage); both on the request's thread, so they
     * must be quick and must not throw. It may also answer plain GET endpoints of its own ({@code /metrics}).
     */
    public interface Observer {
        void started(Exchange exchange);

        /** @param counted whether {@link #started} saw this exchange (exchanges refused before it are not) */
        void finished(Exchange exchange, Outcome outcome, boolean counted);

        /** Whether this observer answers {@code GET path} ({@link #endpoint}). */
        default boolean serves(String path) {
            return false;
        }

        /** The answer to {@code GET path} if this observer serves that path, else null. */
        default Outcome endpoint(String path) {
            return null;
        }

        Observer NONE = new Observer() {
            @Override
            public void started(Exchange exchange) {}

            @Override
            public void finished(Exchange exchange, Outcome outcome, boolean counted) {}
        };
    }
}
