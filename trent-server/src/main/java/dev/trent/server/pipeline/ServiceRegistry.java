package dev.trent.server.pipeline;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The services of this server, found by the {@code X-Amz-Target} prefix of an AWS JSON request (and, once a
 * Query-protocol service is added, by its SigV4 signing name and {@code Action}). The first service is the
 * default: the one whose error code an internal failure gets before any service was recognised.
 */
public final class ServiceRegistry {
    private final List<ServiceDefinition> services;
    private final Map<String, ServiceDefinition> byTargetPrefix = new HashMap<>();
    private final Map<String, ServiceDefinition> bySigningName = new HashMap<>();

    public ServiceRegistry(List<ServiceDefinition> services) {
        if (services.isEmpty()) throw new IllegalArgumentException("a registry needs at least one service");
        this.services = List.copyOf(services);
        for (ServiceDefinition s : services) {
            if (bySigningName.put(s.signingName(), s) != null) {
                throw new IllegalArgumentException("two services share the signing name " + s.signingName());
            }
            if (s.protocol() == ServiceDefinition.Protocol.QUERY) continue;
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

    public ServiceDefinition defaultService() {
        return services.get(0);
    }

    public List<ServiceDefinition> services() {
        return services;
    }
}
