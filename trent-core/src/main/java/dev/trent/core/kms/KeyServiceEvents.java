package dev.trent.core.kms;

import java.util.Map;

/**
 * Where Trent's own actions on keys are reported for the audit trail (CloudTrail's {@code AwsServiceEvent}s): a
 * deletion carried out at the end of its waiting period ({@code DeleteKey}), a rotation ({@code RotateKey}),
 * imported key material deleted at its expiry ({@code DeleteExpiredKeyMaterial}).
 */
@FunctionalInterface
public interface KeyServiceEvents {
    /**
     * @param eventName the CloudTrail event name
     * @param key the key acted on
     * @param additionalEventData extra fields of the event ({@code keyMaterialId}, ...), no secrets
     */
    void record(String eventName, KmsKey key, Map<String, String> additionalEventData);

    KeyServiceEvents NONE = (name, key, data) -> {};
}
