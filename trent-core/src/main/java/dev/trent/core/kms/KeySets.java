package dev.trent.core.kms;

import dev.trent.core.ServiceException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Helpers the rotation, import and replication operations share: the keys of a multi-Region set as the view holds
 * them, fresh material ids, and the {@code UnsupportedOperationException}s AWS gives for keys of the wrong kind.
 */
final class KeySets {
    private KeySets() {}

    /**
     * The keys that share {@code k}'s material: for a multi-Region key every key of its set that exists (the
     * primary first), else {@code k} alone.
     */
    static List<KeyEntry> members(KeyRegistry registry, KmsKey k) {
        List<KeyEntry> out = new ArrayList<>();
        if (k.multiRegion() == null) {
            KeyEntry e = registry.entry(k.address());
            if (e != null) out.add(e);
            return out;
        }
        for (String region : k.multiRegion().regions()) {
            KeyEntry e = registry.entry(new KeyAddress(k.accountId(), region, k.id()));
            if (e != null) out.add(e);
        }
        return out;
    }

    /** The entry of the primary key of {@code k}'s set (k itself for a primary or single-Region key), or null. */
    static KeyEntry primary(KeyRegistry registry, KmsKey k) {
        if (k.multiRegion() == null) return registry.entry(k.address());
        return registry.entry(new KeyAddress(k.accountId(), k.multiRegion().primaryRegion(), k.id()));
    }

    static boolean isReplica(KmsKey k) {
        return k.multiRegion() != null && k.multiRegion().type() == MultiRegionConfig.Type.REPLICA;
    }

    /** A fresh random KeyMaterialId (64 hex digits). */
    static String randomMaterialId(SecureRandom random) {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** The next material version of a key: one above every version its records name. */
    static int nextVersion(KmsKey k) {
        int max = 0;
        for (KeyMaterialInfo m : k.materials()) max = Math.max(max, m.version());
        return max + 1;
    }

    static ServiceException unsupported(String message) {
        return ServiceException.unsupported(message);
    }

    /** Rotation is for symmetric encryption keys only. */
    static void requireSymmetric(KmsKey k) {
        if (k.keySpec() != KeySpec.SYMMETRIC_DEFAULT) {
            throw unsupported(
                    k.arn() + " key spec is " + k.keySpec().wireName() + " which is not valid for this operation.");
        }
    }

    static void requireOrigin(KmsKey k, Origin origin) {
        if (k.origin() != origin) {
            throw unsupported(
                    k.arn() + " origin is " + k.origin().wireName() + " which is not valid for this operation.");
        }
    }

    /** Settings shared by a multi-Region set are changed on its primary key. */
    static void requireNotReplica(KmsKey k, String what) {
        if (isReplica(k)) {
            throw unsupported(k.arn() + " is a multi-Region replica key. " + what + " on its primary key "
                    + arn(k, k.multiRegion().primaryRegion()) + ".");
        }
    }

    /** The ARN of the key of {@code k}'s set in {@code region}. */
    static String arn(KmsKey k, String region) {
        return "arn:" + k.partition() + ":kms:" + region + ":" + k.accountId() + ":key/" + k.keyId();
    }
}
