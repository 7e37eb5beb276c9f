package dev.trent.core.iam;

import dev.trent.core.auth.IdentityDirectory;
import dev.trent.core.auth.NamedPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link IdentityDirectory} of Trent's IAM: the identity policies and tags of users and roles, read from the
 * identity view's memory. Policies were compiled when they were written or loaded; the list for one identity (its
 * inline policies, then its attached managed policies' default versions) is assembled once and reused until the
 * identity or any managed policy changes, so an authorization decision allocates nothing here.
 */
public final class IamDirectory implements IdentityDirectory {
    /** Above this many cached identities the cache starts over (identities no longer used are forgotten). */
    private static final int CACHE_LIMIT = 10_000;

    private final IamView view;
    private final ManagedPolicies policies;

    private record Resolved(IamEntity entity, long generation, List<NamedPolicy> policies) {}

    private final ConcurrentHashMap<String, Resolved> cache = new ConcurrentHashMap<>();

    IamDirectory(IamView view, ManagedPolicies policies) {
        this.view = view;
        this.policies = policies;
    }

    @Override
    public List<NamedPolicy> identityPolicies(String identityArn) {
        IamEntity e = entity(identityArn);
        if (e == null) return List.of();
        long generation = view.policyGeneration();
        Resolved r = cache.get(identityArn);
        if (r != null && r.entity() == e && r.generation() == generation) return r.policies();
        List<NamedPolicy> out =
                new ArrayList<>(e.inlinePolicies().size() + e.attachedPolicies().size());
        for (InlinePolicy p : e.inlinePolicies().values()) out.add(p.compiled());
        for (String arn : e.attachedPolicies()) {
            ManagedPolicy p = policies.byArn(arn);
            if (p != null) out.add(p.compiled());
        }
        List<NamedPolicy> resolved = List.copyOf(out);
        if (cache.size() >= CACHE_LIMIT) cache.clear();
        cache.put(identityArn, new Resolved(e, generation, resolved));
        return resolved;
    }

    @Override
    public Map<String, String> principalTags(String identityArn) {
        IamEntity e = entity(identityArn);
        return e == null ? Map.of() : e.tags();
    }

    private IamEntity entity(String arn) {
        IamUser u = view.userByArn(arn);
        return u != null ? u : view.roleByArn(arn);
    }
}
