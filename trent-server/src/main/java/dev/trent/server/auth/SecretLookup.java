package dev.trent.server.auth;

import java.util.Objects;

/**
 * What the server knows about an access key id. Called once per request after the Authorization header, date and
 * credential scope have been validated, so it must be fast (an in-memory map, not a database round trip).
 */
@FunctionalInterface
public interface SecretLookup {

    /** Never returns {@code null} ({@code null} is treated as {@link Unknown}). */
    Result find(String accessKeyId);

    /**
     * Like {@link #find(String)} for a request that may carry a session token ({@code X-Amz-Security-Token}, or
     * null): temporary credentials ({@code ASIA...}) are known only with their token. The default ignores the token.
     */
    default Result find(String accessKeyId, String securityToken) {
        return find(accessKeyId);
    }

    /** The answer for one access key id. */
    sealed interface Result permits Known, Unknown, TrustUnsigned {}

    /**
     * The key exists: verify the signature with this secret (the secret access key as UTF-8 bytes).
     *
     * <p>The array is not copied and must not be mutated afterwards. Rotating a secret needs no cache
     * invalidation: the verifier's signing-key cache compares the secret it was derived from (in constant
     * time) before using an entry.
     */
    record Known(byte[] secretAccessKeyUtf8) implements Result {
        public Known {
            Objects.requireNonNull(secretAccessKeyUtf8, "secretAccessKeyUtf8");
        }

        @Override
        public String toString() {
            return "Known[secret=<redacted>]";
        }
    }

    /** No such key: the request fails with {@code UnrecognizedClientException}. */
    record Unknown() implements Result {
        public static final Unknown INSTANCE = new Unknown();
    }

    /**
     * Development mode: accept the key without a secret. The header/query syntax, date window and credential
     * scope are still enforced, only the signature (and the x-amz-content-sha256 body check) is skipped, and the
     * caller is reported with {@code signatureVerified == false}.
     */
    record TrustUnsigned() implements Result {
        public static final TrustUnsigned INSTANCE = new TrustUnsigned();
    }

    static Result known(byte[] secretAccessKeyUtf8) {
        return new Known(secretAccessKeyUtf8);
    }

    static Result unknown() {
        return Unknown.INSTANCE;
    }

    static Result trustUnsigned() {
        return TrustUnsigned.INSTANCE;
    }
}
