package dev.trent.sdk;

import java.util.Map;

/**
 * Per-call decryption options.
 *
 * @param requiredEncryptionContext pairs that must be present, with these values, in the message's encryption context
 * @param unsignedOnly fail right after parsing the header if the message uses a signed suite (for streaming
 *     consumers that must never see plaintext before the whole message is verified)
 * @param rejectTrailingData fail if the input has bytes after the end of the message
 */
public record DecryptOptions(Map<String, String> requiredEncryptionContext, boolean unsignedOnly,
        boolean rejectTrailingData) {
    public DecryptOptions {
        requiredEncryptionContext = requiredEncryptionContext == null ? Map.of() : Map.copyOf(requiredEncryptionContext);
    }

    public static DecryptOptions defaults() {
        return new DecryptOptions(Map.of(), false, true);
    }

    public DecryptOptions withRequiredEncryptionContext(Map<String, String> required) {
        return new DecryptOptions(required, unsignedOnly, rejectTrailingData);
    }

    public DecryptOptions withUnsignedOnly(boolean unsigned) {
        return new DecryptOptions(requiredEncryptionContext, unsigned, rejectTrailingData);
    }

    public DecryptOptions withRejectTrailingData(boolean reject) {
        return new DecryptOptions(requiredEncryptionContext, unsignedOnly, reject);
    }
}
