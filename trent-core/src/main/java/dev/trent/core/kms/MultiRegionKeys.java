package dev.trent.core.kms;

import dev.trent.core.RequestContext;
import dev.trent.core.ServiceException;
import dev.trent.core.kms.KeyRegistry.KeyWrite;
import dev.trent.core.kms.KeyRegistry.Plan;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Multi-Region keys: ReplicateKey, UpdatePrimaryRegion, and the background steps of a set ({@link #settleDue}):
 * a new replica goes from Creating to Enabled (or PendingImport), the records of a set follow the replicas that
 * exist, and a primary waiting in PendingReplicaDeletion starts its waiting period once its last replica is gone.
 *
 * <p>Regions are namespaces of one store: a replica is the key of the same account and id in another Region,
 * with the same key spec, usage, origin, material versions and rotation setting, and its own policy,
 * description, tags, aliases and state. Every key of a set records the set ({@link MultiRegionConfig}); a change
 * of the set rewrites them all in one store batch, so DescribeKey answers the same everywhere.
 */
public final class MultiRegionKeys {
    private static final Logger LOG = LoggerFactory.getLogger(MultiRegionKeys.class);

    private final KeyRegistry registry;
    private final Clock clock;

    public MultiRegionKeys(KeyRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** The partition of a Region name (aws-cn for cn-*, aws-us-gov for us-gov-*, ...). */
    static String partitionOf(String region) {
        if (region.startsWith("cn-")) return "aws-cn";
        if (region.startsWith("us-gov-")) return "aws-us-gov";
        if (region.startsWith("us-isob-")) return "aws-iso-b";
        if (region.startsWith("us-iso-")) return "aws-iso";
        return "aws";
    }

    // ------------------------------------------------------------------ ReplicateKey

    public KmsKey replicateKey(RequestContext ctx, ReplicationRequests.ReplicateKey req) {
        KmsKey named =
                registry.resolveKey(ctx, KmsActions.REPLICATE_KEY, req.keyId()).key();
        String region = req.replicaRegion();
        if (region == null || region.isEmpty()) throw ServiceException.validation("ReplicaRegion is required.");
        List<Tag> tags = req.tags() == null ? List.of() : req.tags();
        TagRules.check(tags);
        String policy;
        if (req.policy() == null) {
            policy = KeyPolicies.defaultPolicy(ctx.caller());
        } else {
            // the replica's policy must still let the caller manage it: checked against the primary (same key id)
            PolicyLockout.check(
                    ctx,
                    named,
                    KeyPolicies.grammar(req.policy()),
                    req.bypassPolicyLockoutSafetyCheck(),
                    registry.authorizer());
            policy = req.policy();
        }
        return registry.writeKeys(() -> {
            KeyEntry e = registry.entry(named.address());
            if (e == null) throw ServiceException.notFound("Key '" + named.arn() + "' does not exist");
            KmsKey k = e.key();
            if (k.multiRegion() == null) {
                throw KeySets.unsupported(k.arn() + " is not a multi-Region key. Only a multi-Region primary key"
                        + " can be replicated.");
            }
            if (KeySets.isReplica(k)) {
                throw KeySets.unsupported(k.arn() + " is a multi-Region replica key. Only the primary key "
                        + KeySets.arn(k, k.multiRegion().primaryRegion()) + " can be replicated.");
            }
            KeyStateRules.check(KmsActions.REPLICATE_KEY, k);
            if (!partitionOf(region).equals(k.partition())) {
                throw ServiceException.validation("The replica Region " + region + " is not in the partition "
                        + k.partition() + " of the primary key.");
            }
            if (region.equals(k.region())) {
                throw ServiceException.validation(
                        "The replica Region must be different from the Region of the primary key (" + region + ").");
            }
            KeyAddress at = new KeyAddress(k.accountId(), region, k.id());
            if (registry.entry(at) != null || k.multiRegion().replicaRegions().contains(region)) {
                throw ServiceException.alreadyExists(
                        "A replica of " + k.arn() + " already exists in " + region + ": " + KeySets.arn(k, region));
            }
            List<String> replicas = new ArrayList<>(k.multiRegion().replicaRegions());
            replicas.add(region);
            MultiRegionConfig set = new MultiRegionConfig(MultiRegionConfig.Type.PRIMARY, k.region(), replicas);
            List<KeyWrite> writes = new ArrayList<>();
            for (KeyEntry m : KeySets.members(registry, k)) {
                writes.add(KeyWrite.of(
                        m,
                        m.key().toBuilder()
                                .multiRegion(set.seenFrom(m.key().region()))
                                .build()));
            }
            KmsKey replica = replicaOf(k, region, set, policy, req.description(), tags);
            Map<Integer, KeyMaterial> material = new HashMap<>();
            if (k.origin() != Origin.EXTERNAL) {
                for (Map.Entry<Integer, KeyMaterial> v : e.materials().asMap().entrySet()) {
                    material.put(
                            v.getKey(),
                            KeyMaterial.decode(k.keySpec(), v.getValue().encode()));
                }
            }
            writes.add(new KeyWrite(null, replica, material, Set.of()));
            return new Plan<>(writes, replica);
        });
    }

    /**
     * The new replica: the shared properties of the primary (id, spec, usage, origin, material, rotation), its own
     * policy, description and tags, in the transient state Creating. A replica of imported material is created
     * without it: the same material must be imported into it.
     */
    private KmsKey replicaOf(
            KmsKey primary, String region, MultiRegionConfig set, String policy, String description, List<Tag> tags) {
        List<KeyMaterialInfo> infos = new ArrayList<>();
        for (KeyMaterialInfo i : primary.materials()) {
            infos.add(i.imported() == null ? i : i.withImported(i.imported().deleted()));
        }
        return KmsKey.builder()
                .id(primary.id())
                .accountId(primary.accountId())
                .region(region)
                .partition(primary.partition())
                .creationDate(now())
                .description(description == null ? "" : description)
                .state(KeyState.Creating)
                .keySpec(primary.keySpec())
                .keyUsage(primary.keyUsage())
                .origin(primary.origin())
                .policy(policy)
                .tags(tags)
                .materials(infos)
                .rotation(primary.rotation())
                .multiRegion(set.seenFrom(region))
                .build();
    }

    // ------------------------------------------------------------------ UpdatePrimaryRegion

    public void updatePrimaryRegion(RequestContext ctx, ReplicationRequests.UpdatePrimaryRegion req) {
        KmsKey named = registry.resolveKey(ctx, KmsActions.UPDATE_PRIMARY_REGION, req.keyId())
                .key();
        String target = req.primaryRegion();
        if (target == null || target.isEmpty()) throw ServiceException.validation("PrimaryRegion is required.");
        registry.writeKeys(() -> {
            KeyEntry e = registry.entry(named.address());
            if (e == null) throw ServiceException.notFound("Key '" + named.arn() + "' does not exist");
            KmsKey k = e.key();
            if (k.multiRegion() == null) {
                throw KeySets.unsupported(k.arn() + " is not a multi-Region key.");
            }
            MultiRegionConfig set = k.multiRegion();
            if (target.equals(set.primaryRegion())) {
                throw KeySets.unsupported(KeySets.arn(k, target) + " is already the primary key.");
            }
            KeyEntry newPrimary = set.replicaRegions().contains(target)
                    ? registry.entry(new KeyAddress(k.accountId(), target, k.id()))
                    : null;
            if (newPrimary == null) {
                throw ServiceException.notFound("Key '" + KeySets.arn(k, target) + "' does not exist");
            }
            KeyEntry oldPrimary = KeySets.primary(registry, k);
            if (oldPrimary != null) KeyStateRules.check(KmsActions.UPDATE_PRIMARY_REGION, oldPrimary.key());
            KeyStateRules.check(KmsActions.UPDATE_PRIMARY_REGION, newPrimary.key());
            List<String> replicas = new ArrayList<>();
            for (String r : set.regions()) if (!r.equals(target)) replicas.add(r);
            MultiRegionConfig moved = new MultiRegionConfig(MultiRegionConfig.Type.PRIMARY, target, replicas);
            List<KeyWrite> writes = new ArrayList<>();
            for (KeyEntry m : KeySets.members(registry, k)) {
                writes.add(KeyWrite.of(
                        m,
                        m.key().toBuilder()
                                .multiRegion(moved.seenFrom(m.key().region()))
                                .build()));
            }
            return new Plan<>(writes, null);
        });
    }

    // ------------------------------------------------------------------ the scheduler's part

    /**
     * Finishes what AWS does in the background for multi-Region keys: replicas in Creating become Enabled (or
     * PendingImport, for imported material not imported yet); the records of each set list the replicas that
     * exist (a replica deleted at the end of its waiting period leaves its set); a primary in
     * PendingReplicaDeletion whose last replica is gone becomes PendingDeletion, its waiting period starting now.
     * Returns how many keys it changed.
     */
    public int settleDue() {
        Map<String, List<KeyEntry>> sets = new LinkedHashMap<>();
        for (KeyEntry e : registry.entries()) {
            KmsKey k = e.key();
            if (k.multiRegion() == null) continue;
            sets.computeIfAbsent(k.accountId() + "/" + k.keyId(), x -> new ArrayList<>())
                    .add(e);
        }
        int changed = 0;
        for (List<KeyEntry> members : sets.values()) {
            KmsKey any = members.get(0).key();
            // planned first without the write lock: most passes find nothing to do
            if (settle(any).writes().isEmpty()) continue;
            try {
                Integer n = registry.writeKeys(() -> settle(any));
                changed += n == null ? 0 : n;
            } catch (RuntimeException ex) {
                LOG.warn("Could not update the multi-Region key {}: {}", any.keyId(), ex.toString());
            }
        }
        return changed;
    }

    private Plan<Integer> settle(KmsKey any) {
        // the members as the view holds them now: the keys of every Region any member's record names
        List<KeyEntry> members = new ArrayList<>();
        java.util.Set<String> regions = new java.util.LinkedHashSet<>();
        KeyEntry first = registry.entry(any.address());
        if (first == null || first.key().multiRegion() == null) return new Plan<>(List.of(), 0);
        regions.addAll(first.key().multiRegion().regions());
        regions.add(any.region());
        for (String r : List.copyOf(regions)) {
            KeyEntry e = registry.entry(new KeyAddress(any.accountId(), r, any.id()));
            if (e != null && e.key().multiRegion() != null)
                regions.addAll(e.key().multiRegion().regions());
        }
        for (String r : regions) {
            KeyEntry e = registry.entry(new KeyAddress(any.accountId(), r, any.id()));
            if (e != null && e.key().multiRegion() != null) members.add(e);
        }
        if (members.isEmpty()) return new Plan<>(List.of(), 0);
        String primaryRegion = null;
        for (KeyEntry e : members) {
            if (e.key().multiRegion().type() == MultiRegionConfig.Type.PRIMARY)
                primaryRegion = e.key().region();
        }
        if (primaryRegion == null)
            primaryRegion = members.get(0).key().multiRegion().primaryRegion();
        List<String> replicas = new ArrayList<>();
        KeyEntry primary = null;
        for (String r : members.get(0).key().multiRegion().regions()) {
            for (KeyEntry e : members) {
                if (e.key().region().equals(r) && !r.equals(primaryRegion) && !replicas.contains(r)) replicas.add(r);
            }
        }
        for (KeyEntry e : members) {
            String r = e.key().region();
            if (r.equals(primaryRegion)) primary = e;
            else if (!replicas.contains(r)) replicas.add(r);
        }
        MultiRegionConfig set = new MultiRegionConfig(MultiRegionConfig.Type.PRIMARY, primaryRegion, replicas);
        Instant now = now();
        List<KeyWrite> writes = new ArrayList<>();
        for (KeyEntry e : members) {
            KmsKey k = e.key();
            KmsKey.Builder b = k.toBuilder().multiRegion(set.seenFrom(k.region()));
            if (k.state() == KeyState.Creating) {
                b.state(KeyState.Enabled, null, null);
                if (k.origin() == Origin.EXTERNAL) {
                    b = KeyImport.settle(
                            b.state(KeyState.PendingImport, null, null).build())
                            .toBuilder();
                }
            }
            if (e == primary && k.state() == KeyState.PendingReplicaDeletion && replicas.isEmpty()) {
                int days = k.pendingWindowDays() == null ? 30 : k.pendingWindowDays();
                b.state(KeyState.PendingDeletion, now.plus(Duration.ofDays(days)), days);
            }
            KmsKey changed = b.build();
            if (!changed.equals(k)) writes.add(KeyWrite.of(e, changed));
        }
        return new Plan<>(writes, writes.size());
    }
}
