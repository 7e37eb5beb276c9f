package dev.trent.sdk;

import java.util.Map;

/**
 * Per-call decryption options.
 *
 * @param requiredEncryptionContext pairs that must be present, with these values, in the message's encryption context
 * @param unsignedOnly fail right after parsing the header if the message uses a signed suite (for streaming
 *     consumers that must never see plaintext before the whole message is verified)
 * @param rejectTrailingData fail if the input has bytes after the end of the message
 * @param maxFrameLength the largest frame length (framed messages) or body length (non-framed messages, which are
 *     one frame) that will be processed, in bytes; a larger message is refused before any KMS call (framed) or
 *     before its body is buffered (non-framed). {@link #NO_FRAME_LIMIT} (the default, as in the official SDKs)
 *     accepts everything that fits in memory. Decrypting holds one frame in memory, so this bounds memory per
 *     stream. With or without a limit, buffers grow only as ciphertext arrives: a header that announces a huge
 *     frame length cannot by itself force a huge allocation.
 */
public record DecryptOptions(
        Map<String, String> requiredEncryptionContext,
        boolean unsignedOnly,
        boolean rejectTrailingData,
        long maxFrameLength) {
    /** No configured limit: frames and non-framed bodies up to 2^31 - 65 bytes (what fits in one array) are read. */
    public static final long NO_FRAME_LIMIT = Long.MAX_VALUE;

    public DecryptOptions {
        requiredEncryptionContext =
                requiredEncryptionContext == null ? Map.of() : Map.copyOf(requiredEncryptionContext);
        if (maxFrameLength < 1) {
            throw new IllegalArgumentException("maxFrameLength must be positive");
        }
    }

    /** Options without a frame-length limit. */
    public DecryptOptions(
            Map<String, String> requiredEncryptionContext, boolean unsignedOnly, boolean rejectTrailingData) {
        this(requiredEncryptionContext, unsignedOnly, rejectTrailingData, NO_FRAME_LIMIT);
    }

    public static DecryptOptions defaults() {
        return new DecryptOptions(Map.of(), false, true, NO_FRAME_LIMIT);
    }

    public DecryptOptions withRequiredEncryptionContext(Map<String, String> required) {
        return new DecryptOptions(required, unsignedOnly, rejectTrailingData, maxFrameLength);
    }

    public DecryptOptions withUnsignedOnly(boolean unsigned) {
        return new DecryptOptions(requiredEncryptionContext, unsigned, rejectTrailingData, maxFrameLength);
    }

    public DecryptOptions withRejectTrailingData(boolean reject) {
        return new DecryptOptions(requiredEncryptionContext, unsignedOnly, reject, maxFrameLength);
    }

    /**
     * Refuses messages whose frame length (or non-framed body length) exceeds {@code bytes}, like
     * {@code aws-encryption-cli --max-length}.
     */
    public DecryptOptions withMaxFrameLength(long bytes) {
        return new DecryptOptions(requiredEncryptionContext, unsignedOnly, rejectTrailingData, bytes);
    }
}
