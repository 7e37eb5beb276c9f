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
        SigningRules signingRules,
        Protocol protocol) {

    /** How a service's requests and responses are encoded on the wire (botocore's {@code metadata.protocol}). */
    public enum Protocol {
        /** AWS JSON 1.0/1.1: {@code POST /}, {@code X-Amz-Target: <prefix>.<Operation>}, JSON in and out. */
        AWS_JSON,
        /**
         * The AWS Query protocol (IAM, STS): form-encoded {@code Action=<Operation>&Version=...} in, XML out. Such
         * a service has no target prefix; requests reach it by the signing name of their SigV4 credential scope.
         */
        QUERY
    }

    /** An AWS JSON service: signed with {@link SigningRules#AWS_JSON}. */
    public ServiceDefinition(
            String signingName,
            String targetPrefix,
            String internalErrorCode,
            ServiceModel model,
            RequestValidator validator,
            Map<String, OperationSpec> operations) {
        this(
                signingName,
                targetPrefix,
                internalErrorCode,
                model,
                validator,
                operations,
                SigningRules.AWS_JSON,
                Protocol.AWS_JSON);
    }

    /**
     * An AWS Query service (no target prefix), reached by its SigV4 signing name. Its handlers take the decoded
     * form as a JSON object shaped like the model's input shape and return a JSON object shaped like the output
     * shape; the pipeline's Query codec turns that into the XML response.
     */
    public static ServiceDefinition query(
            String signingName,
            String internalErrorCode,
            ServiceModel model,
            RequestValidator validator,
            Map<String, OperationSpec> operations,
            SigningRules signingRules) {
        return new ServiceDefinition(
                signingName, "", internalErrorCode, model, validator, operations, signingRules, Protocol.QUERY);
    }

    /**
     * An AWS Query service signed by {@link SigningRules#QUERY}, validated against its model: the one line that
     * registers IAM or STS, e.g.
     * {@code ServiceDefinition.query("sts", "InternalFailure", ServiceModel.fromResource("sts-model.json"), ops)}.
     * List every model operation in {@code operations}; one without a handler answers
     * {@code UnsupportedOperationException}, one not listed {@code InvalidAction}.
     */
    public static ServiceDefinition query(
            String signingName, String internalErrorCode, ServiceModel model, Map<String, OperationSpec> operations) {
        return query(
                signingName, internalErrorCode, model, new RequestValidator(model), operations, SigningRules.QUERY);
    }

    public ServiceDefinition {
        Objects.requireNonNull(signingRules, "signingRules");
        Objects.requireNonNull(protocol, "protocol");
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
