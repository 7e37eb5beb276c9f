package dev.trent.core.kms;

import dev.trent.core.RequestContext;
import dev.trent.core.ServiceException;
import dev.trent.crypto.InvalidSignatureException;
import dev.trent.crypto.LoadedKeyPair;
import dev.trent.crypto.SignatureScheme;
import dev.trent.crypto.Signatures;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

/**
 * Sign and Verify with SIGN_VERIFY keys. Verify answers only "valid": an invalid signature is {@code
 * KMSInvalidSignatureException}, never {@code SignatureValid: false}. Memory only, like the other cryptographic
 * operations.
 */
public final class KeySigning {
    private final KeyRegistry registry;
    private final SecureRandom random;

    public KeySigning(KeyRegistry registry, SecureRandom random) {
        this.registry = registry;
        this.random = random;
    }

    public AsymmetricRequests.Signed sign(RequestContext ctx, AsymmetricRequests.Sign req) {
        KeyEntry e = registry.resolve(ctx, KmsActions.SIGN, req.keyId());
        KmsKey k = e.key();
        SignatureScheme scheme = check(KmsActions.SIGN, "Sign", k, req.signingAlgorithm());
        SignatureScheme.MessageMode mode = mode(req.messageType(), scheme, req.signingAlgorithm(), req.message());
        AsymmetricKeys.dryRun(req.dryRun());
        LoadedKeyPair keys = AsymmetricKeys.keyPair(k.keySpec(), e.materials().current());
        try {
            byte[] signature = Signatures.signer(scheme, mode, keys, random).sign(req.message());
            return new AsymmetricRequests.Signed(k.arn(), signature, req.signingAlgorithm());
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException("signing with " + k.arn() + " failed", ex);
        }
    }

    public AsymmetricRequests.Verified verify(RequestContext ctx, AsymmetricRequests.Verify req) {
        KeyEntry e = registry.resolve(ctx, KmsActions.VERIFY, req.keyId());
        KmsKey k = e.key();
        SignatureScheme scheme = check(KmsActions.VERIFY, "Verify", k, req.signingAlgorithm());
        SignatureScheme.MessageMode mode = mode(req.messageType(), scheme, req.signingAlgorithm(), req.message());
        AsymmetricKeys.dryRun(req.dryRun());
        LoadedKeyPair keys = AsymmetricKeys.keyPair(k.keySpec(), e.materials().current());
        try {
            Signatures.verifier(scheme, mode, keys.kind(), keys.publicKey()).verify(req.signature(), req.message());
        } catch (InvalidSignatureException ex) {
            throw new ServiceException("KMSInvalidSignatureException", 400, "The signature is not valid.");
        }
        return new AsymmetricRequests.Verified(k.arn(), req.signingAlgorithm());
    }

    private static SignatureScheme check(String action, String operation, KmsKey k, SigningAlgorithm algorithm) {
        KeyStateRules.check(action, k);
        if (k.keyUsage() != KeyUsage.SIGN_VERIFY) throw AsymmetricKeys.wrongUsage(k, operation);
        if (!KeyCapabilities.offers(k.keySpec(), k.keyUsage(), algorithm)) {
            throw AsymmetricKeys.incompatibleAlgorithm(
                    k, algorithm, KeyCapabilities.signingAlgorithms(k.keySpec(), k.keyUsage()));
        }
        return SignatureScheme.valueOf(algorithm.name());
    }

    /** The input mode: RAW when absent; DIGEST and EXTERNAL_MU only where the algorithm takes them, at their length. */
    private static SignatureScheme.MessageMode mode(
            AsymmetricRequests.MessageType type, SignatureScheme scheme, SigningAlgorithm algorithm, byte[] message) {
        SignatureScheme.MessageMode mode =
                type == null ? SignatureScheme.MessageMode.RAW : SignatureScheme.MessageMode.valueOf(type.name());
        if (!scheme.accepts(mode)) {
            String need = switch (scheme) {
                case ED25519_SHA_512 -> " requires MessageType RAW.";
                case ED25519_PH_SHA_512 -> " requires MessageType DIGEST.";
                default -> " does not support MessageType " + mode + ".";
            };
            throw ServiceException.validation("Signing algorithm " + algorithm.wireName() + need);
        }
        int want = scheme.inputLength(mode);
        if (want > 0 && message.length != want) {
            throw ServiceException.validation(
                    (mode == SignatureScheme.MessageMode.EXTERNAL_MU ? "External mu" : "Digest")
                            + " is invalid length for algorithm " + algorithm.wireName() + ".");
        }
        return mode;
    }
}
