package dev.trent.server.ssm;

import dev.trent.core.auth.KmsAuthorizer;
import dev.trent.core.kms.AwsManagedKeys;
import dev.trent.core.kms.DeletionScheduler;
import dev.trent.core.kms.KmsOnBehalf;
import dev.trent.core.kms.KmsOperations;
import dev.trent.core.secrets.Secrets;
import dev.trent.core.ssm.ParameterStore;
import dev.trent.core.ssm.SecureValues;
import dev.trent.core.store.Store;
import dev.trent.server.access.AccessRules;
import dev.trent.server.pipeline.ServiceDefinition;
import dev.trent.server.secrets.SecretsAccessRules;
import dev.trent.server.secrets.SecretsManagerService;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Parameter Store and Secrets Manager, put together once for the server: their registry entries, their access rules
 * by signing name, and the one {@link KmsOnBehalf} through which both use KMS on their callers' behalf (its {@link
 * KmsOnBehalf#listen listener} is where the audit trail hears of those KMS calls).
 */
public final class ParametersAndSecrets implements AutoCloseable {
    /** The store lease under which one node deletes secrets at the end of their recovery window. */
    public static final String SECRET_DELETION_LEASE = "secret-deletion";

    private final KmsOnBehalf kms;
    private final Secrets secrets;
    private final List<ServiceDefinition> services;
    private final Map<String, AccessRules> accessRules;
    private DeletionScheduler deletions;

    private ParametersAndSecrets(
            KmsOnBehalf kms, Secrets secrets, List<ServiceDefinition> services, Map<String, AccessRules> accessRules) {
        this.kms = kms;
        this.secrets = secrets;
        this.services = services;
        this.accessRules = accessRules;
    }

    /** Both services; nothing runs in the background until {@link #startDeletions}. */
    public static ParametersAndSecrets create(
            Store store, KmsOperations keys, KmsAuthorizer authorizer, Clock clock, SecureRandom random) {
        KmsOnBehalf kms = new KmsOnBehalf(keys, new AwsManagedKeys(keys.registry(), clock, random), random);
        ParameterStore parameters = new ParameterStore(store, new SecureValues(kms), clock);
        Secrets secrets = new Secrets(store, kms, clock, random);
        return new ParametersAndSecrets(
                kms,
                secrets,
                List.of(
                        SsmService.definition(parameters, authorizer),
                        SecretsManagerService.definition(secrets, authorizer, random)),
                Map.of(
                        SsmService.SIGNING_NAME, new SsmAccessRules(),
                        SecretsManagerService.SIGNING_NAME, new SecretsAccessRules()));
    }

    /**
     * Starts deleting secrets whose recovery window has ended, every {@code period}, on the node that holds the
     * {@value #SECRET_DELETION_LEASE} lease (as the key deletion scheduler does for keys).
     */
    public ParametersAndSecrets startDeletions(Store store, Clock clock, String nodeId, Duration period) {
        deletions = DeletionScheduler.start(
                new DeletionScheduler(store, SECRET_DELETION_LEASE, secrets::purgeExpired, clock, nodeId, period),
                period);
        return this;
    }

    /** The secrets (tests run {@link Secrets#purgeExpired} with a moved clock). */
    public Secrets secrets() {
        return secrets;
    }

    @Override
    public void close() {
        if (deletions != null) deletions.close();
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
