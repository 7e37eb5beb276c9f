package dev.trent.core.auth.policy;

/**
 * One statement of a policy, compiled: Effect, Principal/NotPrincipal, Action/NotAction, Resource/NotResource and
 * Condition. Immutable; evaluation allocates nothing unless the statement uses policy variables.
 */
final class Statement {
    final int index;
    final String sid;
    final boolean deny;
    /** Null for an identity policy (the principal is the identity it is attached to). */
    private final Principals principals;

    private final boolean notPrincipal;
    private final Glob[] actions;
    private final boolean notAction;
    /** Null when the statement has neither Resource nor NotResource (a key policy statement that has no effect). */
    private final Template[] resources;

    private final Glob[] resourceGlobs;
    private final boolean notResource;
    private final Condition[] conditions;

    /** The precomputed outcomes, so that evaluation allocates no {@link Match}. */
    final Match direct;

    final Match throughAccount;

    Statement(
            int index,
            String sid,
            boolean deny,
            Principals principals,
            boolean notPrincipal,
            Glob[] actions,
            boolean notAction,
            Template[] resources,
            boolean notResource,
            Condition[] conditions) {
        this.index = index;
        this.sid = sid;
        this.deny = deny;
        this.principals = principals;
        this.notPrincipal = notPrincipal;
        this.actions = actions;
        this.notAction = notAction;
        this.resources = resources;
        this.notResource = notResource;
        this.conditions = conditions;
        if (resources != null) {
            resourceGlobs = new Glob[resources.length];
            for (int i = 0; i < resources.length; i++) resourceGlobs[i] = resources[i].constantGlob(false);
        } else {
            resourceGlobs = null;
        }
        Match.Effect effect = deny ? Match.Effect.DENY : Match.Effect.ALLOW;
        direct = new Match(effect, false, sid, index);
        throughAccount = new Match(effect, !deny, sid, index);
    }

    boolean coversAction(String action) {
        boolean listed = false;
        for (Glob g : actions) {
            if (g.matches(action)) {
                listed = true;
                break;
            }
        }
        return listed != notAction;
    }

    /** How the statement names the caller: {@link Principals#DIRECT}, {@link Principals#ACCOUNT} or NONE. */
    int principal(EvaluationContext request) {
        if (principals == null) return Principals.DIRECT;
        int m = principals.match(request.caller());
        if (!notPrincipal) return m;
        return m == Principals.DIRECT ? Principals.NONE : Principals.DIRECT;
    }

    boolean coversResource(EvaluationContext request) {
        if (resources == null) return false;
        String resource = null;
        boolean listed = false;
        for (int i = 0; i < resources.length && !listed; i++) {
            Glob g = resourceGlobs[i] != null ? resourceGlobs[i] : resources[i].glob(request, false);
            if (g == null) continue;
            if (g.matchesEverything()) {
                listed = true;
            } else {
                if (resource == null) resource = request.resource();
                listed = g.matches(resource);
            }
        }
        return listed != notResource;
    }

    boolean conditionsHold(EvaluationContext request) {
        for (Condition c : conditions) {
            if (!c.evaluate(request)) return false;
        }
        return true;
    }
}
