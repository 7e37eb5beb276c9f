package dev.trent.core.kms;

import dev.trent.core.RequestContext;
import dev.trent.core.ServiceException;
import dev.trent.crypto.HmacSha;
import dev.trent.crypto.InvalidMacException;

/** GenerateMac and VerifyMac with GENERATE_VERIFY_MAC (HMAC) keys. A wrong MAC is {@code KMSInvalidMacException}. */
public final class KeyMacs {
    private final KeyRegistry registry;

    public KeyMacs(KeyRegistry registry) {
        this.registry = registry;
    }

    public AsymmetricRequests.Mac generateMac(RequestContext ctx, AsymmetricRequests.GenerateMac req) {
        KeyEntry e = registry.resolve(ctx, KmsActions.GENERATE_MAC, req.keyId());
        check(KmsActions.GENERATE_MAC, "GenerateMac", e.key(), req.macAlgorithm());
        AsymmetricKeys.dryRun(req.dryRun());
        HmacSha mac = AsymmetricKeys.mac(e.key().keySpec(), e.materials().current());
        return new AsymmetricRequests.Mac(e.key().arn(), mac.compute(req.message()), req.macAlgorithm());
    }

    public AsymmetricRequests.Mac verifyMac(RequestContext ctx, AsymmetricRequests.VerifyMac req) {
        KeyEntry e = registry.resolve(ctx, KmsActions.VERIFY_MAC, req.keyId());
        check(KmsActions.VERIFY_MAC, "VerifyMac", e.key(), req.macAlgorithm());
        AsymmetricKeys.dryRun(req.dryRun());
        HmacSha mac = AsymmetricKeys.mac(e.key().keySpec(), e.materials().current());
        try {
            mac.verify(req.mac(), req.message());
        } catch (InvalidMacException ex) {
            throw new ServiceException("KMSInvalidMacException", 400, "The MAC is not valid.");
        }
        return new AsymmetricRequests.Mac(e.key().arn(), null, req.macAlgorithm());
    }

    private static void check(String action, String operation, KmsKey k, MacAlgorithm algorithm) {
        KeyStateRules.check(action, k);
        if (k.keyUsage() != KeyUsage.GENERATE_VERIFY_MAC) throw AsymmetricKeys.wrongUsage(k, operation);
        if (!KeyCapabilities.offers(k.keySpec(), k.keyUsage(), algorithm)) {
            throw AsymmetricKeys.incompatibleAlgorithm(
                    k, algorithm, KeyCapabilities.macAlgorithms(k.keySpec(), k.keyUsage()));
        }
    }
}
