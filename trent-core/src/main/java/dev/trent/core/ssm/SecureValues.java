package dev.trent.core.ssm;

import dev.trent.core.RequestContext;
import dev.trent.core.ServiceException;
import dev.trent.core.kms.AwsManagedKeys;
import dev.trent.core.kms.CryptoRequests;
import dev.trent.core.kms.KmsOnBehalf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

/**
 * How SecureString values go through KMS, on the caller's behalf ({@link KmsOnBehalf}, {@code kms:ViaService}
 * {@code ssm.<region>.amazonaws.com}) with the encryption context {@code {"PARAMETER_ARN": <parameter ARN>}}, as
 * Parameter Store does: a standard-tier value with KMS Encrypt/Decrypt, an advanced-tier one (up to 8 KB, beyond
 * Encrypt's 4 KB) under a data key from GenerateDataKey. The key is the one named by KeyId, or the account's AWS
 * managed key {@code alias/aws/ssm}, made on first use. KMS failures become SSM's errors ({@link
 * SsmErrors#fromKms}).
 */
public final class SecureValues {
    /** The KeyId of a SecureString that names no key. */
    public static final String DEFAULT_KEY = AwsManagedKeys.Service.SSM.alias();

    static final String SERVICE = "ssm";
    static final String CONTEXT_KEY = "PARAMETER_ARN";

    private final KmsOnBehalf kms;

    public SecureValues(KmsOnBehalf kms) {
        this.kms = kms;
    }

    /** A sealed value: {@code value} the base64 KMS ciphertext, {@code sealed} the base64 data ciphertext or null. */
    record Sealed(String value, String sealed) {}

    Sealed seal(RequestContext ctx, String arn, String keyId, boolean advanced, String value) {
        Map<String, String> context = Map.of(CONTEXT_KEY, arn);
        String keyRef = keyId.equals(DEFAULT_KEY) ? kms.managedKey(AwsManagedKeys.Service.SSM, ctx) : keyId;
        byte[] plaintext = value.getBytes(StandardCharsets.UTF_8);
        try {
            if (advanced) {
                KmsOnBehalf.Envelope e = kms.seal(SERVICE, ctx, keyRef, context, plaintext);
                return new Sealed(b64(e.encryptedDataKey()), b64(e.ciphertext()));
            }
            CryptoRequests.Encrypted e = kms.encrypt(SERVICE, ctx, keyRef, plaintext, context);
            return new Sealed(b64(e.ciphertextBlob()), null);
        } catch (ServiceException kmsError) {
            throw SsmErrors.fromKms(kmsError, ctx);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    String open(RequestContext ctx, String arn, String value, String sealed) {
        Map<String, String> context = Map.of(CONTEXT_KEY, arn);
        byte[] plaintext;
        try {
            plaintext = sealed == null
                    ? kms.decrypt(SERVICE, ctx, unb64(value), context).plaintext()
                    : kms.open(SERVICE, ctx, unb64(value), unb64(sealed), context);
        } catch (ServiceException kmsError) {
            throw SsmErrors.fromKms(kmsError, ctx);
        }
        try {
            return new String(plaintext, StandardCharsets.UTF_8);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    private static byte[] unb64(String s) {
        return Base64.getDecoder().decode(s);
    }
}
