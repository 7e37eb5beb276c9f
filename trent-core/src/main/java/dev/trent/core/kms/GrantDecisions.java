package dev.trent.core.kms;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trent.core.Caller;
import dev.trent.core.RequestContext;
import dev.trent.core.auth.GrantAccess;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@link GrantAccess} over the grant view: which grant, if any, allows a caller an action on a key.
 *
 * <p>A grant allows when its grantee principal is the caller (its principal ARN, or for a role session the role's
 * ARN, {@link Caller#identityArn()}), it lists the action's grant operation, and its constraint holds: for an
 * operation that takes an encryption context, the request's context ({@code EncryptionContext}; for ReEncrypt,
 * {@code SourceEncryptionContext} for {@code kms:ReEncryptFrom} and {@code DestinationEncryptionContext} for
 * {@code kms:ReEncryptTo}) satisfies it; DescribeKey and RetireGrant ignore constraints. CreateGrant through a
 * grant is narrower than through a policy: the new grant may allow only operations of the grant it comes from,
 * under a constraint at least as strict. An account-root grantee stands for that root user alone.
 *
 * <p>Grants named by the request's {@code GrantTokens} count even when this node's view has not seen them yet
 * (see {@link GrantTokens}). Everything is read from memory; this runs on event-loop threads.
 */
final class GrantDecisions implements GrantAccess {
    private final GrantRegistry grants;

    GrantDecisions(GrantRegistry grants) {
        this.grants = grants;
    }

    @Override
    public String allowingGrant(RequestContext ctx, String action, KmsKey key) {
        GrantOperation op = GrantOperation.ofAction(action);
        if (op == null) return null;
        KeyAddress a = key.address();
        Caller caller = ctx.caller();
        // Read before the view: a view that had followed the store this far already held what was written by then.
        long seen = grants.seenRevision();
        String id = firstAllowing(grants.of(a, caller.principalArn()), ctx, op);
        if (id == null && !caller.identityArn().equals(caller.principalArn())) {
            id = firstAllowing(grants.of(a, caller.identityArn()), ctx, op);
        }
        return id != null ? id : fromTokens(ctx, op, a, seen);
    }

    private static String firstAllowing(Collection<GrantView.Entry> candidates, RequestContext ctx, GrantOperation op) {
        for (GrantView.Entry e : candidates) {
            if (allows(e.grant(), ctx, op)) return e.grant().grantId();
        }
        return null;
    }

    /** A grant the request's tokens name that this view has not seen yet and that allows the caller. */
    private String fromTokens(RequestContext ctx, GrantOperation op, KeyAddress key, long seen) {
        JsonNode tokens = ctx.request().get("GrantTokens");
        if (tokens == null || !tokens.isArray() || tokens.isEmpty()) return null;
        for (JsonNode t : tokens) {
            GrantTokens.Decoded d = grants.tokens().verify(t.asText());
            if (d == null || d.grant() == null || !d.key().equals(key)) continue;
            // Held by the view: already decided above. Gone: the view has followed the store past its creation
            // and no longer holds it, or this node deleted it.
            if (grants.get(d.grantId()) != null || seen >= d.revision() || grants.deletedHere(d.grantId())) continue;
            Grant g = d.grant();
            if (isGrantee(g, ctx.caller()) && allows(g, ctx, op)) return g.grantId();
        }
        return null;
    }

    private static boolean isGrantee(Grant g, Caller c) {
        return g.granteePrincipal().equals(c.principalArn())
                || g.granteePrincipal().equals(c.identityArn());
    }

    /** Whether {@code g} allows {@code op} for this request (its grantee already matched). */
    static boolean allows(Grant g, RequestContext ctx, GrantOperation op) {
        if (!g.allows(op)) return false;
        if (op == GrantOperation.CREATE_GRANT) return allowsCreating(g, ctx.request());
        GrantConstraints c = g.constraints();
        if (c == null) return true;
        if (op.takesEncryptionContext()) return c.allows(ctx.request().get(op.contextMember()));
        return op == GrantOperation.DESCRIBE_KEY || op == GrantOperation.RETIRE_GRANT;
    }

    /** CreateGrant through {@code parent}: only the parent's operations, under a constraint at least as strict. */
    private static boolean allowsCreating(Grant parent, JsonNode request) {
        Set<GrantOperation> asked = EnumSet.noneOf(GrantOperation.class);
        for (JsonNode o : request.path("Operations")) {
            GrantOperation op = GrantOperation.fromWire(o.asText());
            if (op == null) return false;
            asked.add(op);
        }
        if (!parent.operations().containsAll(asked)) return false;
        JsonNode c = request.get("Constraints");
        GrantConstraints child = null;
        if (c != null && c.isObject()) {
            JsonNode subset = c.get("EncryptionContextSubset");
            JsonNode equals = c.get("EncryptionContextEquals");
            if (subset != null && equals != null) return false;
            if (subset != null) child = GrantConstraints.subset(pairs(subset));
            if (equals != null) child = GrantConstraints.equalTo(pairs(equals));
        }
        return GrantConstraints.atLeastAsStrict(child, parent.constraints());
    }

    private static Map<String, String> pairs(JsonNode o) {
        Map<String, String> m = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = o.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            m.put(e.getKey(), e.getValue().asText());
        }
        return m;
    }
}
