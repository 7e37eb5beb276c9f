package dev.trent.core.kms;

import dev.trent.core.RequestContext;
import dev.trent.core.ServiceException;
import dev.trent.core.kms.ImportRequests.ImportParameters;
import dev.trent.core.kms.ImportRequests.MaterialResult;
import dev.trent.core.kms.KeyMaterialInfo.ExpirationModel;
import dev.trent.core.kms.KeyMaterialInfo.ImportState;
import dev.trent.core.kms.KeyMaterialInfo.Imported;
import dev.trent.core.kms.KeyRegistry.KeyWrite;
import dev.trent.core.kms.KeyRegistry.Plan;
import dev.trent.core.store.Store;
import dev.trent.crypto.ImportKeyWraps;
import dev.trent.crypto.ImportedKeyPairs;
import dev.trent.crypto.InvalidCiphertextException;
import dev.trent.crypto.KeyPairKind;
import dev.trent.crypto.KeyWrap;
import dev.trent.crypto.LoadedKeyPair;
import dev.trent.crypto.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imported key material (BYOK): GetParametersForImport, ImportKeyMaterial, DeleteImportedKeyMaterial, and the
 * expiry of imported material ({@link #expireDue}, run by the maintenance scheduler on the injected clock).
 *
 * <p>A key created with Origin EXTERNAL has no material and is PendingImport. Each imported material gets a
 * KeyMaterialId computed from the key id and the material itself, so a re-import is recognised as the same
 * material (and anything else is {@code IncorrectKeyMaterialException}), and the replicas of a multi-Region key,
 * which share the key id, compute the same id for the same material. A symmetric encryption key can take new
 * material ({@code NEW_KEY_MATERIAL}), which waits in PENDING_ROTATION until RotateKeyOnDemand makes it current. A
 * key is Enabled while every one of its (non-pending) materials is imported; when one is deleted or expires, it
 * becomes PendingImport (a key pending deletion keeps its state).
 */
public final class KeyImport {
    private static final Logger LOG = LoggerFactory.getLogger(KeyImport.class);
    static final Duration MAX_VALID_TO = Duration.ofDays(365);
    private static final byte[] ID_INFO = "trent/key-material-id/v1\0".getBytes(StandardCharsets.US_ASCII);

    static final Duration TOKEN_SWEEP = Duration.ofMinutes(1);

    private final KeyRegistry registry;
    private final ImportTokens tokens;
    /** When the scheduler last looked for expired import tokens (its thread only). */
    private Instant lastTokenSweep;

    private final Clock clock;
    private final SecureRandom random;

    public KeyImport(KeyRegistry registry, Store store, Clock clock, SecureRandom random) {
        this.registry = registry;
        this.tokens = new ImportTokens(store, random);
        this.clock = clock;
        this.random = random;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    // ------------------------------------------------------------------ GetParametersForImport

    public ImportParameters getParametersForImport(RequestContext ctx, ImportRequests.GetParametersForImport req) {
        KmsKey k = registry.resolveKey(ctx, KmsActions.GET_PARAMETERS_FOR_IMPORT, req.keyId())
                .key();
        KeySets.requireOrigin(k, Origin.EXTERNAL);
        KeyStateRules.check(KmsActions.GET_PARAMETERS_FOR_IMPORT, k);
        ImportKeyWraps.Algorithm algorithm = wrappingAlgorithm(ctx, k, req.wrappingAlgorithm(), req.wrappingKeySpec());
        KeyPairKind kind = KeyPairKind.valueOf(req.wrappingKeySpec());
        KeyPairKind.Generated pair = kind.generate(random);
        try {
            Instant validTo = now().plus(ImportTokens.VALIDITY);
            byte[] token = tokens.issue(k.address(), algorithm.name(), req.wrappingKeySpec(), validTo, pair);
            return new ImportParameters(k.arn(), token, pair.publicKeyDer(), validTo);
        } finally {
            pair.privateKeyPkcs8().destroy();
        }
    }

    /** The wrapping algorithm and key spec must go together, with the key's material, in the caller's Region. */
    private static ImportKeyWraps.Algorithm wrappingAlgorithm(
            RequestContext ctx, KmsKey k, String algorithm, String spec) {
        if (algorithm == null || spec == null) {
            throw ServiceException.validation("WrappingAlgorithm and WrappingKeySpec are required.");
        }
        if (algorithm.equals("RSAES_PKCS1_V1_5")) {
            throw ServiceException.unsupported("The RSAES_PKCS1_V1_5 wrapping algorithm is no longer supported. Use"
                    + " RSAES_OAEP_SHA_256, RSA_AES_KEY_WRAP_SHA_256 or another wrapping algorithm.");
        }
        ImportKeyWraps.Algorithm a;
        try {
            a = ImportKeyWraps.Algorithm.valueOf(algorithm);
        } catch (IllegalArgumentException e) {
            throw ServiceException.validation("'" + algorithm + "' is not a valid value of WrappingAlgorithm.");
        }
        boolean china = ctx.region().startsWith("cn-");
        boolean sm2 = spec.equals("SM2");
        if ((a == ImportKeyWraps.Algorithm.SM2PKE || sm2) && !china) {
            throw ServiceException.unsupported("The SM2 wrapping key spec and the SM2PKE wrapping algorithm are"
                    + " supported only in the China Regions.");
        }
        if ((a == ImportKeyWraps.Algorithm.SM2PKE) != sm2) {
            throw ServiceException.validation("The wrapping algorithm " + algorithm
                    + " is not compatible with the wrapping key spec " + spec + ".");
        }
        if (k.keySpec().name().startsWith("RSA_") && !a.viaAes()) {
            throw ServiceException.validation("To import RSA key material, use an RSA_AES_KEY_WRAP_SHA_1 or"
                    + " RSA_AES_KEY_WRAP_SHA_256 wrapping algorithm.");
        }
        if (k.keySpec() == KeySpec.ECC_NIST_P521
                && spec.equals("RSA_2048")
                && (a == ImportKeyWraps.Algorithm.RSAES_OAEP_SHA_1
                        || a == ImportKeyWraps.Algorithm.RSAES_OAEP_SHA_256)) {
            throw ServiceException.validation("You cannot use the " + algorithm + " wrapping algorithm with the"
                    + " RSA_2048 wrapping key spec to wrap ECC_NIST_P521 key material. Use an RSA_AES wrapping"
                    + " algorithm or a longer wrapping key.");
        }
        return a;
    }

    // ------------------------------------------------------------------ ImportKeyMaterial

    public MaterialResult importKeyMaterial(RequestContext ctx, ImportRequests.ImportKeyMaterial req) {
        KmsKey named = registry.resolveKey(ctx, KmsActions.IMPORT_KEY_MATERIAL, req.keyId())
                .key();
        KeySets.requireOrigin(named, Origin.EXTERNAL);
        KeyStateRules.check(KmsActions.IMPORT_KEY_MATERIAL, named);
        boolean symmetric = named.keySpec() == KeySpec.SYMMETRIC_DEFAULT;
        if (!symmetric
                && (req.importType() != null || req.keyMaterialDescription() != null || req.keyMaterialId() != null)) {
            throw ServiceException.validation(
                    "ImportType, KeyMaterialDescription and KeyMaterialId are valid only for symmetric encryption keys.");
        }
        Imported imported = expiration(req);
        Instant now = now();
        ImportTokens.Parameters params = tokens.redeem(named.address(), req.importToken(), now);
        KeyMaterial material;
        String materialId;
        try {
            byte[] raw = unwrap(params, req.encryptedKeyMaterial());
            try {
                material = material(named, raw);
            } finally {
                java.util.Arrays.fill(raw, (byte) 0);
            }
        } finally {
            params.privateKey().destroy();
        }
        try {
            materialId = materialId(named, material);
            if (req.keyMaterialId() != null && !req.keyMaterialId().equals(materialId)) {
                throw incorrect("The key material does not match the KeyMaterialId " + req.keyMaterialId() + ".");
            }
            final KeyMaterial m = material;
            MaterialResult result =
                    registry.writeKeys(() -> planImport(named.address(), req, imported, m, materialId, now));
            tokens.spend(named.address(), req.importToken());
            LOG.info("Imported key material {} into {}", materialId, named.arn());
            return result;
        } finally {
            material.destroy();
        }
    }

    private Plan<MaterialResult> planImport(
            KeyAddress address,
            ImportRequests.ImportKeyMaterial req,
            Imported imported,
            KeyMaterial material,
            String materialId,
            Instant now) {
        KeyEntry e = registry.entry(address);
        if (e == null) throw ServiceException.notFound("Key '" + address.id() + "' does not exist");
        KmsKey k = e.key();
        KeyStateRules.check(KmsActions.IMPORT_KEY_MATERIAL, k);
        KeyMaterialInfo existing = null;
        for (KeyMaterialInfo i : k.materials()) {
            if (i.materialId().equals(materialId)) existing = i;
        }
        String type = req.importType() != null
                ? req.importType()
                : (k.materials().isEmpty() ? "NEW_KEY_MATERIAL" : "EXISTING_KEY_MATERIAL");
        List<KeyWrite> writes = new ArrayList<>();
        if (type.equals("NEW_KEY_MATERIAL")) {
            if (req.keyMaterialId() != null) {
                throw ServiceException.validation(
                        "You cannot specify a KeyMaterialId with ImportType NEW_KEY_MATERIAL.");
            }
            if (KeySets.isReplica(k)) {
                throw KeySets.unsupported("Import new key material into the primary key "
                        + KeySets.arn(k, k.multiRegion().primaryRegion())
                        + " first, then the same key material into this replica key with ImportType"
                        + " EXISTING_KEY_MATERIAL.");
            }
            if (existing != null) {
                throw incorrect("The key material is already associated with " + k.arn()
                        + ". Use ImportType EXISTING_KEY_MATERIAL to reimport it.");
            }
            if (!k.materials().isEmpty() && k.keySpec() != KeySpec.SYMMETRIC_DEFAULT) {
                throw incorrect("The key material of " + k.arn() + " cannot change after the first import.");
            }
            if (KeyRotations.pendingMaterial(k) != null) {
                throw KeySets.unsupported(k.arn() + " already has key material in PENDING_ROTATION state."
                        + " Rotate it in (RotateKeyOnDemand) or delete it (DeleteImportedKeyMaterial) first.");
            }
            int version = KeySets.nextVersion(k);
            boolean first = k.materials().isEmpty();
            KeyMaterialInfo info = new KeyMaterialInfo(
                    version, materialId, now, null, !first, described(imported, req.keyMaterialDescription(), null));
            List<KeyMaterialInfo> infos = new ArrayList<>(k.materials());
            infos.add(info);
            KmsKey changed = settle(k.toBuilder().materials(infos).build());
            writes.add(new KeyWrite(e, changed, Map.of(version, copy(k, material)), Set.of()));
            // the replicas learn of the new material, to be imported into each before the rotation
            if (k.multiRegion() != null) {
                for (KeyEntry r : KeySets.members(registry, k)) {
                    if (r.key().address().equals(address)) continue;
                    List<KeyMaterialInfo> theirs = new ArrayList<>(r.key().materials());
                    theirs.add(new KeyMaterialInfo(
                            version,
                            materialId,
                            now,
                            null,
                            !first,
                            info.imported().deleted()));
                    writes.add(KeyWrite.of(
                            r, settle(r.key().toBuilder().materials(theirs).build())));
                }
            }
            return new Plan<>(writes, new MaterialResult(k.arn(), materialId));
        }
        if (existing == null) {
            throw incorrect("The key material is not the key material previously imported into " + k.arn() + ".");
        }
        List<KeyMaterialInfo> infos = new ArrayList<>();
        for (KeyMaterialInfo i : k.materials()) {
            infos.add(
                    i == existing
                            ? i.withImported(described(
                                    imported,
                                    req.keyMaterialDescription(),
                                    i.imported() == null ? null : i.imported().description()))
                            : i);
        }
        KmsKey changed = settle(k.toBuilder().materials(infos).build());
        writes.add(new KeyWrite(e, changed, Map.of(existing.version(), copy(k, material)), Set.of()));
        return new Plan<>(writes, new MaterialResult(k.arn(), materialId));
    }

    private static Imported described(Imported i, String description, String previous) {
        return new Imported(i.state(), i.expirationModel(), i.validTo(), description != null ? description : previous);
    }

    /** Each ring owns its copy of the material (a failed batch destroys it). */
    private static KeyMaterial copy(KmsKey k, KeyMaterial material) {
        return KeyMaterial.decode(k.keySpec(), material.encode());
    }

    /**
     * The state a key of imported material has after its materials changed: PendingImport while any (non-pending)
     * material is not imported, else Enabled coming from PendingImport; other states stay (a key pending deletion,
     * a replica being created).
     */
    static KmsKey settle(KmsKey k) {
        boolean complete = !k.materials().isEmpty();
        for (KeyMaterialInfo i : k.materials()) {
            if (!i.pendingRotation() && i.imported() != null && !i.imported().isImported()) complete = false;
        }
        KeyState s = k.state();
        if (s == KeyState.PendingDeletion
                || s == KeyState.PendingReplicaDeletion
                || s == KeyState.Creating
                || s == KeyState.Updating) return k;
        if (!complete)
            return k.toBuilder().state(KeyState.PendingImport, null, null).build();
        if (s == KeyState.PendingImport)
            return k.toBuilder().state(KeyState.Enabled, null, null).build();
        return k;
    }

    /** ExpirationModel and ValidTo, as AWS checks them: ValidTo with (and only with) KEY_MATERIAL_EXPIRES. */
    private Imported expiration(ImportRequests.ImportKeyMaterial req) {
        ExpirationModel model = req.expirationModel() == null
                ? ExpirationModel.KEY_MATERIAL_EXPIRES
                : ExpirationModel.valueOf(req.expirationModel());
        if (model == ExpirationModel.KEY_MATERIAL_EXPIRES) {
            if (req.validTo() == null) {
                throw ServiceException.validation(
                        "A ValidTo date is required when the ExpirationModel is KEY_MATERIAL_EXPIRES.");
            }
            Instant now = now();
            if (!req.validTo().isAfter(now)) {
                throw ServiceException.validation("The ValidTo date must be in the future.");
            }
            if (req.validTo().isAfter(now.plus(MAX_VALID_TO))) {
                throw ServiceException.validation("The ValidTo date must be no more than 365 days from now.");
            }
        } else if (req.validTo() != null) {
            throw ServiceException.validation(
                    "A ValidTo date is not valid when the ExpirationModel is KEY_MATERIAL_DOES_NOT_EXPIRE.");
        }
        return new Imported(
                ImportState.IMPORTED,
                model,
                model == ExpirationModel.KEY_MATERIAL_EXPIRES ? req.validTo().truncatedTo(ChronoUnit.MILLIS) : null,
                null);
    }

    private byte[] unwrap(ImportTokens.Parameters params, byte[] wrapped) {
        KeyPairKind kind = KeyPairKind.valueOf(params.wrappingKeySpec());
        LoadedKeyPair pair = kind.load(params.privateKey(), params.publicKey());
        KeyWrap wrap = ImportKeyWraps.of(ImportKeyWraps.Algorithm.valueOf(params.algorithm()), pair, random);
        try {
            SecretBytes s = wrap.unwrap(wrapped);
            byte[] out = s.reveal().clone();
            s.destroy();
            return out;
        } catch (InvalidCiphertextException e) {
            throw ServiceException.invalidCiphertext("The EncryptedKeyMaterial could not be decrypted with the"
                    + " wrapping key of this import token and its wrapping algorithm.");
        }
    }

    /** The key material {@code raw} holds for a key of {@code k}'s spec, checked. */
    static KeyMaterial material(KmsKey k, byte[] raw) {
        return material(k.keySpec(), raw);
    }

    /** The key material {@code raw} holds for a key of {@code spec}, checked ({@code IncorrectKeyMaterialException}). */
    static KeyMaterial material(KeySpec spec, byte[] raw) {
        switch (spec.materialType()) {
            case SYMMETRIC -> {
                if (raw.length != 32) {
                    throw incorrect(
                            "Symmetric key material must be 256 bits (32 bytes), not " + raw.length + " bytes.");
                }
                return new KeyMaterial.Symmetric(SecretBytes.copyOf(raw));
            }
            case HMAC -> {
                int min = AsymmetricKeys.hmac(spec).tagLength();
                int max = spec == KeySpec.HMAC_384 || spec == KeySpec.HMAC_512 ? 128 : 64;
                if (raw.length < min || raw.length > max) {
                    throw incorrect("Key material of an " + spec.wireName() + " key must be " + min + " to " + max
                            + " bytes, not " + raw.length + " bytes.");
                }
                return new KeyMaterial.Hmac(SecretBytes.copyOf(raw));
            }
            default -> {
                try {
                    KeyPairKind.Generated g = ImportedKeyPairs.fromPrivateKey(AsymmetricKeys.kind(spec), raw);
                    return new KeyMaterial.Asymmetric(g.privateKeyPkcs8(), g.publicKeyDer());
                } catch (InvalidKeyException e) {
                    throw incorrect(
                            "The key material is not a PKCS#8 private key of key spec " + spec.wireName() + ".");
                }
            }
        }
    }

    /**
     * The KeyMaterialId of imported material: for secret material HMAC-SHA256 under the material of the key id, for
     * a key pair SHA-256 of the key id and the public key. The same material in the same key (or in the replicas of
     * a multi-Region key) always has the same id; the id reveals nothing of the material.
     */
    static String materialId(KmsKey k, KeyMaterial material) {
        try {
            byte[] id = k.keyId().getBytes(StandardCharsets.US_ASCII);
            if (material instanceof KeyMaterial.Asymmetric a) {
                MessageDigest d = MessageDigest.getInstance("SHA-256");
                d.update(ID_INFO);
                d.update(id);
                d.update(a.publicKeyDer());
                return HexFormat.of().formatHex(d.digest());
            }
            SecretBytes secret =
                    material instanceof KeyMaterial.Symmetric s ? s.key() : ((KeyMaterial.Hmac) material).key();
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.reveal(), "HmacSHA256"));
            mac.update(ID_INFO);
            return HexFormat.of().formatHex(mac.doFinal(id));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ DeleteImportedKeyMaterial

    public MaterialResult deleteImportedKeyMaterial(RequestContext ctx, ImportRequests.DeleteImportedKeyMaterial req) {
        KmsKey named = registry.resolveKey(ctx, KmsActions.DELETE_IMPORTED_KEY_MATERIAL, req.keyId())
                .key();
        KeySets.requireOrigin(named, Origin.EXTERNAL);
        KeyStateRules.check(KmsActions.DELETE_IMPORTED_KEY_MATERIAL, named);
        return registry.writeKeys(() -> {
            KeyEntry e = registry.entry(named.address());
            if (e == null) throw ServiceException.notFound("Key '" + named.arn() + "' does not exist");
            KmsKey k = e.key();
            KeyMaterialInfo target = null;
            if (req.keyMaterialId() == null) {
                target = k.currentMaterial();
            } else {
                for (KeyMaterialInfo i : k.materials()) {
                    if (i.materialId().equals(req.keyMaterialId())) target = i;
                }
                if (target == null) {
                    throw ServiceException.notFound(
                            "Key material " + req.keyMaterialId() + " is not associated with " + k.arn() + ".");
                }
            }
            if (target == null) {
                // nothing imported yet: nothing to delete, the key stays as it is
                return new Plan<>(List.of(), new MaterialResult(k.arn(), ""));
            }
            return new Plan<>(deletion(e, target), new MaterialResult(k.arn(), target.materialId()));
        });
    }

    /**
     * The writes that delete material {@code target} of {@code e}: material pending rotation is dropped (on a
     * primary, from every replica too); other material is marked not imported and its secret deleted.
     */
    private List<KeyWrite> deletion(KeyEntry e, KeyMaterialInfo target) {
        KmsKey k = e.key();
        List<KeyWrite> writes = new ArrayList<>();
        if (target.pendingRotation()) {
            List<KeyEntry> members = KeySets.isReplica(k) ? List.of(e) : KeySets.members(registry, k);
            for (KeyEntry m : members) {
                List<KeyMaterialInfo> kept = new ArrayList<>();
                for (KeyMaterialInfo i : m.key().materials()) if (i.version() != target.version()) kept.add(i);
                writes.add(new KeyWrite(
                        m, m.key().toBuilder().materials(kept).build(), Map.of(), Set.of(target.version())));
            }
            return writes;
        }
        List<KeyMaterialInfo> infos = new ArrayList<>();
        for (KeyMaterialInfo i : k.materials()) {
            infos.add(
                    i.version() == target.version() && i.imported() != null
                            ? i.withImported(i.imported().deleted())
                            : i);
        }
        writes.add(new KeyWrite(e, settle(k.toBuilder().materials(infos).build()), Map.of(), Set.of(target.version())));
        return writes;
    }

    // ------------------------------------------------------------------ the scheduler's part

    /** Deletes imported material whose ValidTo has passed (the key becomes PendingImport). Returns how many. */
    public int expireDue() {
        Instant now = now();
        int expired = 0;
        for (KeyEntry e : registry.entries()) {
            if (e.key().origin() != Origin.EXTERNAL || expiredMaterial(e.key(), now) == null) continue;
            try {
                String id = registry.writeKeys(() -> {
                    KeyEntry current = registry.entry(e.key().address());
                    KeyMaterialInfo gone = current == null ? null : expiredMaterial(current.key(), now);
                    if (gone == null) return new Plan<>(List.of(), null);
                    return new Plan<>(deletion(current, gone), gone.materialId());
                });
                if (id != null) {
                    expired++;
                    registry.serviceEvent("DeleteExpiredKeyMaterial", e.key(), java.util.Map.of("keyMaterialId", id));
                    LOG.info(
                            "Imported key material {} of {} expired and was deleted",
                            id,
                            e.key().arn());
                }
            } catch (RuntimeException ex) {
                LOG.warn(
                        "Could not delete expired key material of {}: {}",
                        e.key().arn(),
                        ex.toString());
            }
        }
        // the tokens live in the store, not the view: looked at once a minute, not at every pass
        if (lastTokenSweep == null || !now.isBefore(lastTokenSweep.plus(TOKEN_SWEEP))) {
            lastTokenSweep = now;
            tokens.expire(now, a -> registry.entry(a) != null);
        }
        return expired;
    }

    private static KeyMaterialInfo expiredMaterial(KmsKey k, Instant now) {
        for (KeyMaterialInfo i : k.materials()) {
            Imported im = i.imported();
            if (im != null
                    && im.isImported()
                    && im.expirationModel() == ExpirationModel.KEY_MATERIAL_EXPIRES
                    && im.validTo() != null
                    && !im.validTo().isAfter(now)) return i;
        }
        return null;
    }

    // ------------------------------------------------------------------ KeyMetadata

    /** KeyMetadata's ExpirationModel of a key of imported material: its current material's, or null. */
    public static ExpirationModel expirationModel(KmsKey k) {
        if (k.origin() != Origin.EXTERNAL) return null;
        KeyMaterialInfo current = k.currentMaterial();
        return current == null || current.imported() == null
                ? null
                : current.imported().expirationModel();
    }

    /** KeyMetadata's ValidTo: the earliest expiry of the imported material associated with the key, or null. */
    public static Instant validTo(KmsKey k) {
        if (k.origin() != Origin.EXTERNAL) return null;
        Instant earliest = null;
        for (KeyMaterialInfo i : k.materials()) {
            Imported im = i.imported();
            if (i.pendingRotation() || im == null || !im.isImported()) continue;
            if (im.expirationModel() == ExpirationModel.KEY_MATERIAL_EXPIRES && im.validTo() != null) {
                if (earliest == null || im.validTo().isBefore(earliest)) earliest = im.validTo();
            }
        }
        return earliest;
    }

    private static ServiceException incorrect(String message) {
        return new ServiceException("IncorrectKeyMaterialException", 400, message);
    }
}
