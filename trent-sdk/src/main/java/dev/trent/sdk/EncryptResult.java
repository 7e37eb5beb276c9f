package dev.trent.sdk;

/**
 * Result of encrypting a byte array.
 *
 * @param ciphertext the complete message
 * @param header the message header (suite, encryption context, encrypted data keys)
 */
public record EncryptResult(byte[] ciphertext, MessageHeader header) {}
