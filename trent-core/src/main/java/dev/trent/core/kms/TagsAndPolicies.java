package dev.trent.core.kms;

import dev.trent.core.RequestContext;
import dev.trent.core.auth.policy.PolicyDocument;
import dev.trent.core.kms.TagPolicyRequests.KeyPolicy;
import java.util.List;

/**
 * TagResource, UntagResource, ListResourceTags; GetKeyPolicy, PutKeyPolicy, ListKeyPolicies. These name a key by
 * id or ARN only, as AWS. (GetKeyRotationStatus is {@link KeyRotations}'.)
 */
public final class TagsAndPolicies {
    private final KeyRegistry registry;

    public TagsAndPolicies(KeyRegistry registry) {
        this.registry = registry;
    }

    public KmsKey tagResource(RequestContext ctx, TagPolicyRequests.TagResource req) {
        return registry.updateKey(ctx, KmsActions.TAG_RESOURCE, req.keyId(), k -> {
            KeyStateRules.check(KmsActions.TAG_RESOURCE, k);
            TagRules.check(req.tags());
            return KeyChange.of(
                    k.toBuilder().tags(TagRules.merge(k.tags(), req.tags())).build());
        });
    }

    public KmsKey untagResource(RequestContext ctx, TagPolicyRequests.UntagResource req) {
        return registry.updateKey(ctx, KmsActions.UNTAG_RESOURCE, req.keyId(), k -> {
            KeyStateRules.check(KmsActions.UNTAG_RESOURCE, k);
            req.tagKeys().forEach(TagRules::checkKeyNotReserved);
            List<Tag> kept = k.tags().stream()
                    .filter(t -> !req.tagKeys().contains(t.key()))
                    .toList();
            return KeyChange.of(k.toBuilder().tags(kept).build());
        });
    }

    public Page<Tag> listResourceTags(RequestContext ctx, TagPolicyRequests.ListResourceTags req) {
        KmsKey k = key(ctx, KmsActions.LIST_RESOURCE_TAGS, req.keyId());
        int max = req.limit() == null ? 50 : Math.min(req.limit(), 50);
        return Paging.byIndex(k.tags(), req.marker(), max);
    }

    public KeyPolicy getKeyPolicy(RequestContext ctx, TagPolicyRequests.GetKeyPolicy req) {
        KmsKey k = key(ctx, KmsActions.GET_KEY_POLICY, req.keyId());
        KeyPolicies.checkName(req.policyName());
        return new KeyPolicy(KeyPolicies.DEFAULT_NAME, k.policy());
    }

    public KmsKey putKeyPolicy(RequestContext ctx, TagPolicyRequests.PutKeyPolicy req) {
        KeyPolicies.checkName(req.policyName());
        PolicyDocument policy = KeyPolicies.grammar(req.policy());
        return registry.updateKey(ctx, KmsActions.PUT_KEY_POLICY, req.keyId(), k -> {
            KeyStateRules.check(KmsActions.PUT_KEY_POLICY, k);
            KmsKey changed = k.toBuilder().policy(req.policy()).build();
            PolicyLockout.check(ctx, changed, policy, req.bypassPolicyLockoutSafetyCheck(), registry.authorizer());
            return KeyChange.of(changed);
        });
    }

    public Page<String> listKeyPolicies(RequestContext ctx, TagPolicyRequests.ListKeyPolicies req) {
        key(ctx, KmsActions.LIST_KEY_POLICIES, req.keyId());
        if (req.marker() != null) Paging.index(req.marker());
        return new Page<>(List.of(KeyPolicies.DEFAULT_NAME), null);
    }

    private KmsKey key(RequestContext ctx, String action, String keyId) {
        KmsKey k = registry.resolveKey(ctx, action, keyId).key();
        KeyStateRules.check(action, k);
        return k;
    }
}
