package dev.trent.core.kms;

/** An algorithm a key offers for its usage: one of the four algorithm enums of the AWS KMS API. */
public sealed interface KeyAlgorithm
        permits EncryptionAlgorithm, SigningAlgorithm, MacAlgorithm, KeyAgreementAlgorithm {
    /** The name on the wire. */
    String wireName();
}
