package dev.trent.core.kms;

import dev.trent.core.RequestContext;
import dev.trent.core.ServiceException;
import dev.trent.core.auth.policy.PolicyDocument;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of a key: CreateKey, DescribeKey, ListKeys, EnableKey, DisableKey, ScheduleKeyDeletion,
 * CancelKeyDeletion, UpdateKeyDescription, and the deletion of keys whose waiting period has ended.
 */
public final class KeyLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(KeyLifecycle.class);

    private static final Set<Origin> CREATABLE_ORIGINS = Set.of(Origin.AWS_KMS, Origin.EXTERNAL);

    /** Creation time, then id: the same order as {@link #orderToken}, without formatting per comparison. */
    private static final Comparator<KmsKey> KEY_ORDER = Comparator.comparingLong(
                    (KmsKey k) -> k.creationDate().toEpochMilli())
            .thenComparing(KmsKey::keyId);

    private final KeyRegistry registry;
    private final Clock clock;
    private final SecureRandom random;

    public KeyLifecycle(KeyRegistry registry, Clock clock, SecureRandom random) {
        this.registry = registry;
        this.clock = clock;
        this.random = random;
    }

    public KmsKey createKey(RequestContext ctx, LifecycleRequests.CreateKey req) {
        KeySpec keySpec = req.keySpec();
        if (req.customerMasterKeySpec() != null) {
            if (keySpec != null) {
                throw ServiceException.validation(
                        "You cannot specify KeySpec and CustomerMasterKeySpec in the same request. CustomerMasterKeySpec parameter is deprecated. Use KeySpec parameter instead.");
            }
            keySpec = req.customerMasterKeySpec();
        }
        if (keySpec == null) keySpec = KeySpec.SYMMETRIC_DEFAULT;
        KeyUsage keyUsage = req.keyUsage() == null ? KeyUsage.ENCRYPT_DECRYPT : req.keyUsage();
        Origin origin = req.origin() == null ? Origin.AWS_KMS : req.origin();
        if (!KeyCapabilities.allows(keySpec, keyUsage)) {
            throw ServiceException.validation("KeyUsage " + keyUsage.wireName() + " is not compatible with KeySpec "
                    + keySpec.wireName() + ". Use "
                    + KeyCapabilities.usages(keySpec).stream()
                            .map(KeyUsage::wireName)
                            .collect(Collectors.joining(" or "))
                    + ".");
        }
        if (!CREATABLE_ORIGINS.contains(origin)) {
            throw ServiceException.unsupported("Origin " + origin.wireName()
                    + " is not supported by this Trent server yet;" + " supported: AWS_KMS, EXTERNAL.");
        }
        if (origin == Origin.EXTERNAL && keySpec.name().startsWith("ML_DSA")) {
            throw ServiceException.unsupported(
                    "KeySpec " + keySpec.wireName() + " is not supported for Origin EXTERNAL.");
        }
        boolean multiRegion = Boolean.TRUE.equals(req.multiRegion());
        if (req.customKeyStoreId() != null) {
            throw new ServiceException(
                    "CustomKeyStoreNotFoundException",
                    400,
                    "Custom key store '" + req.customKeyStoreId() + "' does not exist.");
        }
        if (req.xksKeyId() != null) {
            throw ServiceException.validation("XksKeyId is only valid with Origin EXTERNAL_KEY_STORE.");
        }
        List<Tag> tags = req.tags() == null ? List.of() : req.tags();
        TagRules.check(tags);
        PolicyDocument policyDocument = req.policy() == null ? null : KeyPolicies.grammar(req.policy());
        String policy = req.policy() == null ? KeyPolicies.defaultPolicy(ctx.caller()) : req.policy();

        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        KeyId id = multiRegion ? KeyId.randomMultiRegion(random) : KeyId.of(UUID.randomUUID());
        byte[] materialId = new byte[32];
        random.nextBytes(materialId);
        boolean external = origin == Origin.EXTERNAL;
        KmsKey key = KmsKey.builder()
                .id(id)
                .accountId(ctx.accountId())
                .region(ctx.region())
                .partition(ctx.partition())
                .creationDate(now)
                .description(req.description() == null ? "" : req.description())
                .state(external ? KeyState.PendingImport : KeyState.Enabled)
                .keySpec(keySpec)
                .keyUsage(keyUsage)
                .origin(origin)
                .policy(policy)
                .tags(tags)
                .materials(
                        external
                                ? List.of()
                                : List.of(new KeyMaterialInfo(1, HexFormat.of().formatHex(materialId), now)))
                .multiRegion(
                        multiRegion
                                ? new MultiRegionConfig(MultiRegionConfig.Type.PRIMARY, ctx.region(), List.of())
                                : null)
                .build();
        if (policyDocument != null) {
            PolicyLockout.check(ctx, key, policyDocument, req.bypassPolicyLockoutSafetyCheck(), registry.authorizer());
        }
        // a key of imported material starts without material (PendingImport)
        if (external) return registry.createKey(key, KeyMaterials.empty()).key();
        KeyMaterial material = AsymmetricKeys.generate(keySpec, random);
        return registry.createKey(key, KeyMaterials.of(1, material)).key();
    }

    public KmsKey describeKey(RequestContext ctx, LifecycleRequests.DescribeKey req) {
        KmsKey k = registry.resolve(ctx, KmsActions.DESCRIBE_KEY, req.keyId()).key();
        KeyStateRules.check(KmsActions.DESCRIBE_KEY, k);
        return k;
    }

    public Page<KmsKey> listKeys(RequestContext ctx, LifecycleRequests.ListKeys req) {
        int max = req.limit() == null ? 100 : req.limit();
        List<KmsKey> mine = new ArrayList<>(registry.keys(ctx.accountId(), ctx.region()));
        mine.sort(KEY_ORDER);
        return Paging.after(mine, KeyLifecycle::orderToken, "k:", req.marker(), max);
    }

    private static String orderToken(KmsKey k) {
        return String.format("%020d|%s", k.creationDate().toEpochMilli(), k.id());
    }

    public KmsKey enableKey(RequestContext ctx, LifecycleRequests.EnableKey req) {
        return registry.updateKey(ctx, KmsActions.ENABLE_KEY, req.keyId(), k -> {
            KeyStateRules.check(KmsActions.ENABLE_KEY, k);
            return KeyChange.of(
                    k.toBuilder().state(KeyState.Enabled, null, null).build());
        });
    }

    public KmsKey disableKey(RequestContext ctx, LifecycleRequests.DisableKey req) {
        return registry.updateKey(ctx, KmsActions.DISABLE_KEY, req.keyId(), k -> {
            KeyStateRules.check(KmsActions.DISABLE_KEY, k);
            return KeyChange.of(
                    k.toBuilder().state(KeyState.Disabled, null, null).build());
        });
    }

    public KmsKey scheduleKeyDeletion(RequestContext ctx, LifecycleRequests.ScheduleKeyDeletion req) {
        int days = req.pendingWindowInDays() == null ? 30 : req.pendingWindowInDays();
        if (days < 7 || days > 30) {
            throw ServiceException.validation("1 validation error detected: Value '" + days
                    + "' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value "
                    + (days < 7 ? "greater than or equal to 7" : "less than or equal to 30"));
        }
        return registry.updateKey(ctx, KmsActions.SCHEDULE_KEY_DELETION, req.keyId(), k -> {
            KeyStateRules.check(KmsActions.SCHEDULE_KEY_DELETION, k);
            // a multi-Region primary with replicas waits for them to be deleted first (PendingReplicaDeletion)
            if (k.multiRegion() != null
                    && k.multiRegion().type() == MultiRegionConfig.Type.PRIMARY
                    && !k.multiRegion().replicaRegions().isEmpty()) {
                return KeyChange.of(k.toBuilder()
                        .state(KeyState.PendingReplicaDeletion, null, days)
                        .build());
            }
            Instant when = clock.instant().truncatedTo(ChronoUnit.MILLIS).plus(Duration.ofDays(days));
            return KeyChange.of(
                    k.toBuilder().state(KeyState.PendingDeletion, when, days).build());
        });
    }

    public KmsKey cancelKeyDeletion(RequestContext ctx, LifecycleRequests.CancelKeyDeletion req) {
        return registry.updateKey(ctx, KmsActions.CANCEL_KEY_DELETION, req.keyId(), k -> {
            KeyStateRules.check(KmsActions.CANCEL_KEY_DELETION, k);
            KmsKey cancelled =
                    k.toBuilder().state(KeyState.Disabled, null, null).build();
            // a key whose imported material is missing goes back to PendingImport
            return KeyChange.of(k.origin() == Origin.EXTERNAL ? KeyImport.settle(cancelled) : cancelled);
        });
    }

    public KmsKey updateKeyDescription(RequestContext ctx, LifecycleRequests.UpdateKeyDescription req) {
        return registry.updateKey(ctx, KmsActions.UPDATE_KEY_DESCRIPTION, req.keyId(), k -> {
            KeyStateRules.check(KmsActions.UPDATE_KEY_DESCRIPTION, k);
            return KeyChange.of(k.toBuilder().description(req.description()).build());
        });
    }

    /** Deletes keys whose waiting period has ended, with their material and aliases. Returns how many. */
    public int purgeExpiredKeys() {
        Instant now = clock.instant();
        int purged = 0;
        for (KeyEntry e : registry.entries()) {
            if (!expired(e.key(), now)) continue;
            if (registry.purgeKey(e.key().address(), k -> expired(k, now))) {
                purged++;
                registry.serviceEvent("DeleteKey", e.key(), java.util.Map.of());
                LOG.info(
                        "Deleted key {} at the end of its waiting period",
                        e.key().arn());
            }
        }
        return purged;
    }

    private static boolean expired(KmsKey k, Instant now) {
        return k.state() == KeyState.PendingDeletion
                && k.deletionDate() != null
                && !k.deletionDate().isAfter(now);
    }
}
