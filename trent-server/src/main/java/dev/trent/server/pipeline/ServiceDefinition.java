package dev.trent.server.pipeline;

import dev.trent.server.auth.SigningRules;
import dev.trent.server.protocol.RequestValidator;
import dev.trent.server.protocol.ServiceModel;
import java.util.Map;
import java.util.Objects;

/**
 * A service Trent serves on its one endpoint (KMS now; SSM, Secrets Manager, IAM, STS later), as a value: its
 * botocore model and validator, its operations, the SigV4 signing name requests must be scoped to, the
 * {@code X-Amz-Target} prefix of its AWS JSON operations, the error code it answers internal failures with, and
 * what it demands of a signature ({@link SigningRules}).
 * Adding a service is adding one of these to the {@link ServiceRegistry}; the pipeline does not change.
 */
public record ServiceDefinition(
        String signingName,
        String targetPrefix,
        String internalErrorCode,
        ServiceModel model,
        RequestValidator validator,
        Map<String, OperationSpec> operations,
        SigningRules signingRules) {

    /** An AWS JSON service: signed with {@link SigningRules#AWS_JSON}. */
    public ServiceDefinition(
            String signingName,
            String targetPrefix,
            String internalErrorCode,
            ServiceModel model,
            RequestValidator validator,
            Map<String, OperationSpec> operations) {
        this(signingName, targetPrefix, internalErrorCode, model, validator, operations, SigningRules.AWS_JSON);
    }

    public ServiceDefinition {
        Objects.requireNonNull(signingRules, "signingRules");
        Objects.requireNonNull(signingName, "signingName");
        Objects.requireNonNull(targetPrefix, "targetPrefix");
        Objects.requireNonNull(internalErrorCode, "internalErrorCode");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(validator, "validator");
        operations = Map.copyOf(operations);
        for (String name : operations.keySet()) {
            if (!model.hasOperation(name)) {
                throw new IllegalArgumentException(name + " is not an operation of " + signingName + "'s model");
            }
        }
    }

    /** The spec of a model operation, or null when the model has no such operation. */
    public OperationSpec operation(String name) {
        return operations.get(name);
    }
}
