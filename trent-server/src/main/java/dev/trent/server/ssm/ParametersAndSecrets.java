package dev.trent.server.ssm;

import dev.trent.core.auth.Authorizer;
import dev.trent.core.kms.AwsManagedKeys;
import dev.trent.core.kms.KmsOnBehalf;
import dev.trent.core.kms.KmsOperations;
import dev.trent.core.ssm.ParameterStore;
import dev.trent.core.ssm.SecureValues;
import dev.trent.core.store.Store;
import dev.trent.server.access.AccessRules;
import dev.trent.server.pipeline.ServiceDefinition;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Parameter Store and Secrets Manager, put together once for the server: their registry entries, their access rules
 * by signing name, and the one {@link KmsOnBehalf} through which both use KMS on their callers' behalf (its {@link
 * KmsOnBehalf#listen listener} is where the audit trail hears of those KMS calls).
 */
public final class ParametersAndSecrets {
    private final KmsOnBehalf kms;
    private final List<ServiceDefinition> services;
    private final Map<String, AccessRules> accessRules;

    private ParametersAndSecrets(
            KmsOnBehalf kms, List<ServiceDefinition> services, Map<String, AccessRules> accessRules) {
        this.kms = kms;
        this.services = services;
        this.accessRules = accessRules;
    }

    public static ParametersAndSecrets create(
            Store store, KmsOperations keys, Authorizer authorizer, Clock clock, SecureRandom random) {
        KmsOnBehalf kms = new KmsOnBehalf(keys, new AwsManagedKeys(keys.registry(), clock, random), random);
        ParameterStore parameters = new ParameterStore(store, new SecureValues(kms), clock);
        return new ParametersAndSecrets(
                kms,
                List.of(SsmService.definition(parameters, authorizer)),
                Map.of(SsmService.SIGNING_NAME, new SsmAccessRules()));
    }

    /** The KMS calls made on callers' behalf (set {@link KmsOnBehalf#listen} to record them). */
    public KmsOnBehalf kmsOnBehalf() {
        return kms;
    }

    /** The registry entries: SSM and Secrets Manager. */
    public List<ServiceDefinition> services() {
        return services;
    }

    /** Their access rules, by SigV4 signing name. */
    public Map<String, AccessRules> accessRules() {
        return accessRules;
    }
}
