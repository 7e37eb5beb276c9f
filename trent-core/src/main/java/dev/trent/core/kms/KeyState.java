package dev.trent.core.kms;

/** The key states of the AWS KMS key-state table (wire names). */
public enum KeyState {
    Creating,
    Enabled,
    Disabled,
    PendingDeletion,
    PendingImport,
    PendingReplicaDeletion,
    Unavailable,
    Updating
}
