package dev.trent.sdk;

import java.util.Map;

/**
 * Result of decrypting a message held in memory; only returned once the whole message has been verified.
 *
 * @param plaintext the decrypted data
 * @param header the verified message header
 */
public record DecryptResult(byte[] plaintext, MessageHeader header) {
    public Map<String, String> encryptionContext() {
        return header.encryptionContext();
    }

    public AlgorithmSuite algorithmSuite() {
        return header.algorithmSuite();
    }
}
