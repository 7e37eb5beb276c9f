package dev.trent.core.kms;

import dev.trent.core.RequestContext;
import dev.trent.core.ServiceException;
import dev.trent.core.kms.KeyMaterialInfo.RotationType;
import dev.trent.core.kms.KeyRegistry.KeyWrite;
import dev.trent.core.kms.KeyRegistry.Plan;
import dev.trent.core.kms.RotationRequests.MaterialState;
import dev.trent.core.kms.RotationRequests.Rotation;
import dev.trent.core.kms.RotationRequests.RotationStatus;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Key rotation: EnableKeyRotation, DisableKeyRotation, GetKeyRotationStatus, RotateKeyOnDemand, ListKeyRotations,
 * and the rotations themselves ({@link #rotateDue}), which the maintenance scheduler runs on the injected clock.
 *
 * <p>A rotation adds a material version and makes it current: Encrypt uses the newest, Decrypt the version its
 * ciphertext names, so every ciphertext made before still decrypts. On-demand rotation is asynchronous as in AWS:
 * the request records its start ({@code OnDemandRotationStartDate}) and the next maintenance pass completes it. A
 * multi-Region set rotates together (the primary decides; every replica gets the same version and material in the
 * same store batch).
 */
public final class KeyRotations {
    private static final Logger LOG = LoggerFactory.getLogger(KeyRotations.class);

    /** On-demand rotations AWS allows per key. */
    public static final int MAX_ON_DEMAND = 25;

    public static final int DEFAULT_PERIOD_DAYS = 365;
    public static final int MIN_PERIOD_DAYS = 90;
    public static final int MAX_PERIOD_DAYS = 2560;

    /** AWS refuses an on-demand rotation this close to an automatic one (ConflictException). */
    static final Duration CONFLICT_WINDOW = Duration.ofMinutes(20);

    private final KeyRegistry registry;
    private final Clock clock;
    private final SecureRandom random;

    public KeyRotations(KeyRegistry registry, Clock clock, SecureRandom random) {
        this.registry = registry;
        this.clock = clock;
        this.random = random;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** The checks EnableKeyRotation and DisableKeyRotation share: a symmetric AWS_KMS key, not a replica. */
    private static void requireConfigurable(KmsKey k, String action) {
        KeySets.requireSymmetric(k);
        KeySets.requireOrigin(k, Origin.AWS_KMS);
        KeySets.requireNotReplica(k, "Set automatic rotation");
        KeyStateRules.check(action, k);
    }

    public KmsKey enableKeyRotation(RequestContext ctx, RotationRequests.EnableKeyRotation req) {
        int days = req.rotationPeriodInDays() == null ? DEFAULT_PERIOD_DAYS : req.rotationPeriodInDays();
        if (days < MIN_PERIOD_DAYS || days > MAX_PERIOD_DAYS) {
            throw ServiceException.validation("1 validation error detected: Value '" + days
                    + "' at 'rotationPeriodInDays' failed to satisfy constraint: Member must have value "
                    + (days < MIN_PERIOD_DAYS
                            ? "greater than or equal to " + MIN_PERIOD_DAYS
                            : "less than or equal to " + MAX_PERIOD_DAYS));
        }
        KeyEntry named = registry.resolveKey(ctx, KmsActions.ENABLE_KEY_ROTATION, req.keyId());
        return registry.writeKeys(() -> {
            KeyEntry e = registry.entry(named.key().address());
            if (e == null) throw notFound(named.key());
            KmsKey k = e.key();
            requireConfigurable(k, KmsActions.ENABLE_KEY_ROTATION);
            KeyRotation r = k.rotation();
            Instant now = now();
            KeyRotation next;
            if (!r.enabled()) {
                next = r.enable(days, now);
            } else {
                // a new period counts from the last rotation (or from when rotation was enabled)
                Instant base = r.nextRotationDate().minus(Duration.ofDays(r.periodDays()));
                Instant due = base.plus(Duration.ofDays(days));
                next = new KeyRotation(
                        true, days, due.isBefore(now) ? now : due, r.onDemandStartDate(), r.onDemandRotations());
            }
            return syncRotation(k, next);
        });
    }

    public KmsKey disableKeyRotation(RequestContext ctx, RotationRequests.DisableKeyRotation req) {
        KeyEntry named = registry.resolveKey(ctx, KmsActions.DISABLE_KEY_ROTATION, req.keyId());
        return registry.writeKeys(() -> {
            KeyEntry e = registry.entry(named.key().address());
            if (e == null) throw notFound(named.key());
            KmsKey k = e.key();
            requireConfigurable(k, KmsActions.DISABLE_KEY_ROTATION);
            return syncRotation(k, k.rotation().disable());
        });
    }

    /**
     * Writes {@code rotation} to every key of {@code k}'s set: the rotation setting is a shared property of a
     * multi-Region key, and replicas mirror the primary's record whole.
     */
    private Plan<KmsKey> syncRotation(KmsKey k, KeyRotation rotation) {
        List<KeyWrite> writes = new ArrayList<>();
        KmsKey result = null;
        for (KeyEntry m : KeySets.members(registry, k)) {
            KmsKey changed = m.key().toBuilder().rotation(rotation).build();
            writes.add(KeyWrite.of(m, changed));
            if (m.key().address().equals(k.address())) result = changed;
        }
        return new Plan<>(writes, result);
    }

    public RotationStatus getKeyRotationStatus(RequestContext ctx, RotationRequests.GetKeyRotationStatus req) {
        KmsKey k = registry.resolveKey(ctx, KmsActions.GET_KEY_ROTATION_STATUS, req.keyId())
                .key();
        KeyStateRules.check(KmsActions.GET_KEY_ROTATION_STATUS, k);
        // keys that cannot rotate automatically (asymmetric, HMAC, imported) answer false
        KeyRotation r = k.rotation();
        // While a key is pending deletion its status is false; cancelling the deletion brings the setting back.
        boolean pending = k.state() == KeyState.PendingDeletion || k.state() == KeyState.PendingReplicaDeletion;
        boolean on = r.enabled() && !pending;
        return new RotationStatus(
                k.arn(), on, on ? r.periodDays() : null, on ? r.nextRotationDate() : null, r.onDemandStartDate());
    }

    public KmsKey rotateKeyOnDemand(RequestContext ctx, RotationRequests.RotateKeyOnDemand req) {
        KeyEntry named = registry.resolveKey(ctx, KmsActions.ROTATE_KEY_ON_DEMAND, req.keyId());
        return registry.writeKeys(() -> {
            KeyEntry e = registry.entry(named.key().address());
            if (e == null) throw notFound(named.key());
            KmsKey k = e.key();
            KeySets.requireSymmetric(k);
            KeySets.requireNotReplica(k, "Rotate a multi-Region key");
            KeyStateRules.check(KmsActions.ROTATE_KEY_ON_DEMAND, k);
            if (k.origin() == Origin.EXTERNAL) requireImportedPending(k);
            else KeySets.requireOrigin(k, Origin.AWS_KMS);
            KeyRotation r = k.rotation();
            Instant now = now();
            if (r.onDemandStartDate() != null
                    || (r.enabled()
                            && r.nextRotationDate() != null
                            && !r.nextRotationDate().isAfter(now.plus(CONFLICT_WINDOW)))) {
                throw new ServiceException(
                        "ConflictException",
                        400,
                        "A rotation of " + k.arn() + " is in progress or scheduled to begin within the next 20"
                                + " minutes. Try again later.");
            }
            if (r.onDemandRotations() >= MAX_ON_DEMAND) {
                throw new ServiceException(
                        "LimitExceededException",
                        400,
                        "The on-demand rotation limit of " + MAX_ON_DEMAND + " has been reached for " + k.arn() + ".");
            }
            return syncRotation(k, r.onDemandStarted(now));
        });
    }

    /** An imported key rotates onto imported material that waits for it, imported in every Region of its set. */
    private void requireImportedPending(KmsKey k) {
        KeyMaterialInfo pending = pendingMaterial(k);
        if (pending == null) {
            throw KeySets.unsupported(k.arn() + " has no key material in PENDING_ROTATION state. Import new key"
                    + " material (ImportKeyMaterial with ImportType NEW_KEY_MATERIAL) before rotating on demand.");
        }
        if (stateOf(k, pending) == MaterialState.PENDING_MULTI_REGION_IMPORT_AND_ROTATION) {
            throw KeySets.unsupported("Key material " + pending.materialId() + " of " + k.arn()
                    + " is in PENDING_MULTI_REGION_IMPORT_AND_ROTATION state: import it into every replica key"
                    + " before rotating on demand.");
        }
    }

    static KeyMaterialInfo pendingMaterial(KmsKey k) {
        for (KeyMaterialInfo m : k.materials()) {
            if (m.pendingRotation()) return m;
        }
        return null;
    }

    public Page<Rotation> listKeyRotations(RequestContext ctx, RotationRequests.ListKeyRotations req) {
        KmsKey k = registry.resolveKey(ctx, KmsActions.LIST_KEY_ROTATIONS, req.keyId())
                .key();
        KeyStateRules.check(KmsActions.LIST_KEY_ROTATIONS, k);
        KeySets.requireSymmetric(k);
        boolean all = "ALL_KEY_MATERIAL".equals(req.includeKeyMaterial());
        List<Rotation> out = new ArrayList<>();
        for (KeyMaterialInfo m : k.materials()) {
            if (!all && m.rotationType() == null) continue;
            out.add(new Rotation(k.keyId(), m, stateOf(k, m)));
        }
        int max = req.limit() == null ? 100 : req.limit();
        return Paging.byIndex(out, req.marker(), max);
    }

    /** The KeyMaterialState of {@code m} in {@code k}. */
    MaterialState stateOf(KmsKey k, KeyMaterialInfo m) {
        if (m.pendingRotation()) {
            if (k.multiRegion() != null && !KeySets.isReplica(k)) {
                for (KeyEntry member : KeySets.members(registry, k)) {
                    KeyMaterialInfo there = member.key().material(m.version());
                    if (there == null
                            || (there.imported() != null && !there.imported().isImported())) {
                        return MaterialState.PENDING_MULTI_REGION_IMPORT_AND_ROTATION;
                    }
                }
            }
            return MaterialState.PENDING_ROTATION;
        }
        KeyMaterialInfo current = k.currentMaterial();
        return current != null && current.version() == m.version() ? MaterialState.CURRENT : MaterialState.NON_CURRENT;
    }

    // ------------------------------------------------------------------ the scheduler's part

    /**
     * Completes on-demand rotations in progress and makes the automatic rotations that are due, for every key of
     * the view (a replica rotates with its primary). Disabled keys and keys pending deletion do not rotate; a key
     * enabled again after its date rotates at the next pass. Returns how many keys rotated.
     */
    public int rotateDue() {
        Instant now = now();
        int rotated = 0;
        for (KeyEntry e : registry.entries()) {
            KmsKey k = e.key();
            if (due(k, now) == null) continue;
            try {
                KmsKey done = registry.writeKeys(() -> {
                    KeyEntry current = registry.entry(k.address());
                    RotationType type = current == null ? null : due(current.key(), now);
                    if (type == null) return new Plan<>(List.of(), null);
                    return rotate(current.key(), type, now);
                });
                if (done != null) {
                    rotated++;
                    registry.serviceEvent(
                            "RotateKey",
                            done,
                            java.util.Map.of(
                                    "keyMaterialId", done.currentMaterial().materialId(),
                                    "rotationType",
                                            String.valueOf(
                                                    done.currentMaterial().rotationType())));
                    LOG.info(
                            "Rotated {} ({}): key material {} is current",
                            k.arn(),
                            done.currentMaterial().rotationType(),
                            done.currentMaterial().materialId());
                }
            } catch (RuntimeException ex) {
                LOG.warn("Could not rotate {}: {}", k.arn(), ex.toString());
            }
        }
        return rotated;
    }

    /** The kind of rotation {@code k} is due for now, or null. */
    private static RotationType due(KmsKey k, Instant now) {
        if (KeySets.isReplica(k) || k.keySpec() != KeySpec.SYMMETRIC_DEFAULT) return null;
        KeyRotation r = k.rotation();
        if (r.onDemandStartDate() != null) {
            if (k.state() != KeyState.Enabled) return null;
            if (k.origin() == Origin.EXTERNAL && pendingMaterial(k) == null) return null;
            return RotationType.ON_DEMAND;
        }
        if (r.enabled()
                && k.origin() == Origin.AWS_KMS
                && k.state() == KeyState.Enabled
                && r.nextRotationDate() != null
                && !r.nextRotationDate().isAfter(now)) {
            return RotationType.AUTOMATIC;
        }
        return null;
    }

    /** The writes of one rotation of {@code k}'s set: a new current version everywhere, in one batch. */
    private Plan<KmsKey> rotate(KmsKey k, RotationType type, Instant now) {
        KeyRotation r = type == RotationType.ON_DEMAND
                ? k.rotation().onDemandDone()
                : k.rotation().rotatedAutomatically(now);
        List<KeyWrite> writes = new ArrayList<>();
        KmsKey result = null;
        if (k.origin() == Origin.EXTERNAL) {
            // the imported material waiting for this rotation becomes current
            int version = pendingMaterial(k).version();
            for (KeyEntry m : KeySets.members(registry, k)) {
                List<KeyMaterialInfo> infos = new ArrayList<>();
                for (KeyMaterialInfo i : m.key().materials()) {
                    infos.add(i.version() == version ? i.rotatedIn(type, now) : i);
                }
                KmsKey changed =
                        m.key().toBuilder().materials(infos).rotation(r).build();
                writes.add(KeyWrite.of(m, changed));
                if (m.key().address().equals(k.address())) result = changed;
            }
            return new Plan<>(writes, result);
        }
        int version = KeySets.nextVersion(k);
        KeyMaterialInfo info = new KeyMaterialInfo(version, KeySets.randomMaterialId(random), now, type, false, null);
        KeyMaterial fresh = AsymmetricKeys.generate(KeySpec.SYMMETRIC_DEFAULT, random);
        try {
            for (KeyEntry m : KeySets.members(registry, k)) {
                List<KeyMaterialInfo> infos = new ArrayList<>(m.key().materials());
                infos.add(info);
                KmsKey changed =
                        m.key().toBuilder().materials(infos).rotation(r).build();
                // each ring owns its copy of the material
                KeyMaterial copy = KeyMaterial.decode(KeySpec.SYMMETRIC_DEFAULT, fresh.encode());
                writes.add(new KeyWrite(m, changed, Map.of(version, copy), Set.of()));
                if (m.key().address().equals(k.address())) result = changed;
            }
        } finally {
            fresh.destroy();
        }
        return new Plan<>(writes, result);
    }

    private static ServiceException notFound(KmsKey k) {
        return ServiceException.notFound("Key '" + k.arn() + "' does not exist");
    }
}
