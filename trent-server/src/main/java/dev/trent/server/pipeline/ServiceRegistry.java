package dev.trent.server.pipeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The services of this server, found by the {@code X-Amz-Target} prefix of an AWS JSON request, and for an AWS
 * Query request by the SigV4 signing name of its credential scope (or, unsigned, by its {@code Action}). The first
 * service is the default: the one whose error code an internal failure gets before any service was recognised.
 */
public final class ServiceRegistry {
    private final List<ServiceDefinition> services;
    private final Map<String, ServiceDefinition> byTargetPrefix = new HashMap<>();
    private final Map<String, ServiceDefinition> bySigningName = new HashMap<>();
    private final List<ServiceDefinition> queryServices = new ArrayList<>();

    public ServiceRegistry(List<ServiceDefinition> services) {
        if (services.isEmpty()) throw new IllegalArgumentException("a registry needs at least one service");
        this.services = List.copyOf(services);
        for (ServiceDefinition s : services) {
            if (bySigningName.put(s.signingName(), s) != null) {
                throw new IllegalArgumentException("two services share the signing name " + s.signingName());
            }
            if (s.protocol() == ServiceDefinition.Protocol.QUERY) {
                queryServices.add(s);
                continue;
            }
            if (byTargetPrefix.put(s.targetPrefix(), s) != null) {
                throw new IllegalArgumentException("two services share the target prefix " + s.targetPrefix());
            }
        }
    }

    /** The service whose target prefix is {@code prefix} (the part of X-Amz-Target before the dot), or null. */
    public ServiceDefinition byTargetPrefix(String prefix) {
        return byTargetPrefix.get(prefix);
    }

    /** The service whose SigV4 signing name is {@code name} ({@code kms}, {@code iam}, {@code sts}), or null. */
    public ServiceDefinition bySigningName(String name) {
        return bySigningName.get(name);
    }

    /** Whether any service speaks the AWS Query protocol (else Query requests are not looked for at all). */
    public boolean hasQueryServices() {
        return !queryServices.isEmpty();
    }

    /**
     * The Query service for a request that names no signing name (an unsigned one): the first Query service with
     * operation {@code action}, else the first Query service; null when there is none.
     */
    public ServiceDefinition queryServiceFor(String action) {
        if (action != null) {
            for (ServiceDefinition s : queryServices) {
                if (s.operation(action) != null) return s;
            }
        }
        return queryServices.isEmpty() ? null : queryServices.get(0);
    }

    public ServiceDefinition defaultService() {
        return services.get(0);
    }

    public List<ServiceDefinition> services() {
        return services;
    }
}
