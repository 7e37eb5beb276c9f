package dev.trent.core.kms;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trent.core.Json;
import dev.trent.core.RequestContext;
import dev.trent.core.ServiceException;
import dev.trent.crypto.AesGcm;
import dev.trent.crypto.EncryptionContextEncoding;
import dev.trent.crypto.SecretBytes;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The one way another service (Parameter Store, Secrets Manager) uses KMS: on the caller's behalf, through KMS's own
 * resolution and authorization (key policy, identity policies, grants) with {@code kms:ViaService} set to the
 * service's endpoint ({@link RequestContext#via}), exactly as AWS services call KMS with the caller's credentials.
 * An AWS managed key ({@link AwsManagedKeys}) is made on first use here.
 *
 * <p>Every call is reported to a listener ({@link #listen}): which service made it, for which caller, the KMS
 * operation, the key ARN (or the reference asked for, when it did not resolve), the request context with the
 * request members (never plaintext) and the outcome. The audit trail records these as the KMS events AWS writes
 * for calls made by a service on a user's behalf. The listener runs on the request's thread and must not block.
 */
public final class KmsOnBehalf {
    /**
     * A KMS call made by {@code service} for the caller of {@code context}.
     *
     * @param service the calling service's endpoint prefix ({@code ssm}, {@code secretsmanager})
     * @param operation the KMS operation ({@code Encrypt}, {@code Decrypt}, {@code GenerateDataKey})
     * @param keyArn the key's ARN, or the key reference as asked when it did not resolve (null for a Decrypt whose
     *     ciphertext named no usable key)
     * @param context the caller's request context as KMS saw it ({@code viaService} set; {@code request} holds
     *     {@code KeyId}, {@code EncryptionContext} and the like, never plaintext)
     * @param errorCode null when KMS allowed and did it, else the KMS error code ({@code AccessDeniedException}...)
     */
    public record Call(String service, String operation, String keyArn, RequestContext context, String errorCode) {
        public boolean succeeded() {
            return errorCode == null;
        }
    }

    private final KmsOperations kms;
    private final AwsManagedKeys managed;
    private final SecureRandom random;
    private volatile Consumer<Call> listener = c -> {};

    public KmsOnBehalf(KmsOperations kms, AwsManagedKeys managed, SecureRandom random) {
        this.kms = kms;
        this.managed = managed;
        this.random = random;
    }

    /** Sets the listener every call is reported to (replacing the previous one). */
    public void listen(Consumer<Call> listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** The ARN of {@code service}'s AWS managed key in the caller's account and Region, made now if needed. */
    public String managedKey(AwsManagedKeys.Service service, RequestContext ctx) {
        return managed.ensure(service, ctx.accountId(), ctx.region(), ctx.partition());
    }

    /** DescribeKey on the caller's behalf: the key {@code keyRef} names, checked for {@code kms:DescribeKey}. */
    public KmsKey describeKey(String service, RequestContext ctx, String keyRef) {
        RequestContext via = ctx.via(service, "DescribeKey", request(keyRef, null));
        return call(
                        service,
                        "DescribeKey",
                        keyRef,
                        via,
                        () -> kms.lifecycle().describeKey(via, new LifecycleRequests.DescribeKey(keyRef)))
                .value();
    }

    /** Encrypt on the caller's behalf. The caller owns {@code plaintext} (and wipes it). */
    public CryptoRequests.Encrypted encrypt(
            String service, RequestContext ctx, String keyRef, byte[] plaintext, Map<String, String> context) {
        RequestContext via = ctx.via(service, "Encrypt", request(keyRef, context));
        return call(
                        service,
                        "Encrypt",
                        keyRef,
                        via,
                        () -> kms.cryptography()
                                .encrypt(via, new CryptoRequests.Encrypt(keyRef, plaintext, context, null, false)))
                .value();
    }

    /** Decrypt on the caller's behalf (the ciphertext names its key). The caller wipes the plaintext it gets. */
    public CryptoRequests.Decrypted decrypt(
            String service, RequestContext ctx, byte[] ciphertext, Map<String, String> context) {
        RequestContext via = ctx.via(service, "Decrypt", request(null, context));
        return call(
                        service,
                        "Decrypt",
                        null,
                        via,
                        () -> kms.cryptography()
                                .decrypt(via, new CryptoRequests.Decrypt(ciphertext, context, null, null, false)))
                .value();
    }

    /** GenerateDataKey (AES_256) on the caller's behalf. The caller wipes the plaintext data key. */
    public CryptoRequests.DataKey generateDataKey(
            String service, RequestContext ctx, String keyRef, Map<String, String> context) {
        ObjectNode req = request(keyRef, context).put("KeySpec", DataKeySpec.AES_256.name());
        RequestContext via = ctx.via(service, "GenerateDataKey", req);
        return call(
                        service,
                        "GenerateDataKey",
                        keyRef,
                        via,
                        () -> kms.cryptography()
                                .generateDataKey(
                                        via,
                                        new CryptoRequests.GenerateDataKey(
                                                keyRef, context, null, DataKeySpec.AES_256, false)))
                .value();
    }

    /** A value sealed under a fresh data key: the KMS-encrypted data key and the AES-GCM ciphertext. */
    public record Envelope(byte[] encryptedDataKey, byte[] ciphertext, String keyArn) {}

    /**
     * Envelope encryption on the caller's behalf, as Secrets Manager and advanced parameters do it: a data key from
     * GenerateDataKey under {@code keyRef} with {@code context}, {@code plaintext} sealed with AES-256-GCM under it
     * (the encryption context, canonically encoded, as associated data), the plaintext data key wiped.
     */
    public Envelope seal(
            String service, RequestContext ctx, String keyRef, Map<String, String> context, byte[] plaintext) {
        CryptoRequests.DataKey dk = generateDataKey(service, ctx, keyRef, context);
        SecretBytes key = SecretBytes.wrap(dk.plaintext());
        try {
            byte[] sealed = new AesGcm(key, random).encrypt(plaintext, EncryptionContextEncoding.canonical(context));
            return new Envelope(dk.ciphertextBlob(), sealed, dk.keyArn());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM sealing failed", e);
        } finally {
            key.destroy();
        }
    }

    /** Opens an {@link Envelope}: Decrypt of the data key on the caller's behalf, then AES-GCM. */
    public byte[] open(
            String service,
            RequestContext ctx,
            byte[] encryptedDataKey,
            byte[] ciphertext,
            Map<String, String> context) {
        CryptoRequests.Decrypted dk = decrypt(service, ctx, encryptedDataKey, context);
        SecretBytes key = SecretBytes.wrap(dk.plaintext());
        try {
            return new AesGcm(key, random).decrypt(ciphertext, EncryptionContextEncoding.canonical(context));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a stored value does not open under its data key", e);
        } finally {
            key.destroy();
        }
    }

    private record Result<T>(T value) {}

    private <T> Result<T> call(String service, String operation, String keyRef, RequestContext via, Supplier<T> op) {
        T value;
        try {
            value = op.get();
        } catch (ServiceException e) {
            report(new Call(service, operation, keyRef, via, e.errorCode()));
            throw e;
        }
        report(new Call(service, operation, keyArn(value, keyRef), via, null));
        return new Result<>(value);
    }

    private static String keyArn(Object value, String keyRef) {
        return switch (value) {
            case CryptoRequests.Encrypted e -> e.keyArn();
            case CryptoRequests.Decrypted d -> d.keyArn();
            case CryptoRequests.DataKey d -> d.keyArn();
            case KmsKey k -> k.arn();
            default -> keyRef;
        };
    }

    private void report(Call call) {
        listener.accept(call);
    }

    private static ObjectNode request(String keyRef, Map<String, String> context) {
        ObjectNode req = Json.object();
        if (keyRef != null) req.put("KeyId", keyRef);
        if (context != null && !context.isEmpty()) {
            ObjectNode ec = req.putObject("EncryptionContext");
            context.forEach(ec::put);
        }
        return req;
    }
}
