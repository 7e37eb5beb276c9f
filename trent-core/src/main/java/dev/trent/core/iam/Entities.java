package dev.trent.core.iam;

import dev.trent.core.auth.policy.PolicyDocument;
import dev.trent.core.auth.policy.PolicyKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What users and roles share: lookup by account and name, inline policies (Put/Get/List/Delete...Policy), attached
 * managed policies (Attach/Detach/ListAttached...Policies) and tags. Every change rewrites the entity's record at
 * the version read; an attachment or detachment also rewrites the managed policy's record, so it cannot race a
 * DeletePolicy.
 *
 * @param <E> {@link IamUser} or {@link IamRole}
 */
public abstract sealed class Entities<E extends IamEntity> permits Users, Roles {
    /** Managed policies attached to one user or role (PoliciesPerUser, PoliciesPerRole). */
    public static final int ATTACHED_POLICIES = 10;

    final IamView view;
    final ManagedPolicies policies;
    private final Table<E> table;
    private final String kind;
    private final int inlineSize;

    Entities(IamView view, ManagedPolicies policies, Table<E> table, String kind, int inlineSize) {
        this.view = view;
        this.policies = policies;
        this.table = table;
        this.kind = kind;
        this.inlineSize = inlineSize;
    }

    /** The entity with a new record: subclasses cast (every wither of an {@code E} returns an {@code E}). */
    @SuppressWarnings("unchecked")
    private E same(IamEntity changed) {
        return (E) changed;
    }

    // ------------------------------------------------------------------ reads

    /** The entity, or {@code NoSuchEntity}. */
    public E get(String accountId, String name) {
        return row(accountId, name).value();
    }

    Table.Row<E> row(String accountId, String name) {
        Table.Row<E> r = table.row(Iam.entityId(accountId, name));
        if (r == null) throw IamErrors.noSuchEntity(kind, name);
        return r;
    }

    /** The entities of an account whose path starts with {@code pathPrefix}, by name. */
    IamPage<E> list(String accountId, String pathPrefix, String marker, Integer maxItems) {
        List<E> out = new ArrayList<>();
        for (E e : table.values()) {
            if (e.accountId().equals(accountId)
                    && (pathPrefix == null || e.path().startsWith(pathPrefix))) out.add(e);
        }
        out.sort(Comparator.comparing(e -> Iam.nameKey(e.name())));
        return IamPage.of(out, e -> Iam.nameKey(e.name()), marker, maxItems);
    }

    long count(String accountId) {
        return table.values().stream()
                .filter(e -> e.accountId().equals(accountId))
                .count();
    }

    // ------------------------------------------------------------------ inline policies

    /**
     * Put{User,Role}Policy: adds or replaces an inline policy. The documents of all the entity's inline policies
     * together may hold at most the inline quota of non-white-space characters.
     */
    public void putPolicy(String accountId, String name, String policyName, String document) {
        PolicyDocument compiled = IamPolicies.compileForWrite(document, PolicyKind.IDENTITY);
        change(accountId, name, e -> {
            int size = Iam.policySize(document);
            for (InlinePolicy p : e.inlinePolicies().values()) {
                if (!p.name().equals(policyName)) size += Iam.policySize(p.document());
            }
            if (size > inlineSize) {
                throw IamErrors.limit(
                        "Maximum policy size of " + inlineSize + " bytes exceeded for " + kind + " " + e.name());
            }
            Map<String, InlinePolicy> inline = new LinkedHashMap<>(e.inlinePolicies());
            String source = IamPolicies.inlineSource(e, policyName);
            inline.put(policyName, new InlinePolicy(policyName, document, IamPolicies.named(source, compiled)));
            return e.withInlinePolicies(inline);
        });
    }

    /** Get{User,Role}Policy. */
    public InlinePolicy getPolicy(String accountId, String name, String policyName) {
        InlinePolicy p = get(accountId, name).inlinePolicies().get(policyName);
        if (p == null) throw IamErrors.noSuchInlinePolicy(kind, policyName);
        return p;
    }

    /** List{User,Role}Policies: the names, sorted. */
    public IamPage<String> listPolicies(String accountId, String name, String marker, Integer maxItems) {
        List<String> names =
                new ArrayList<>(get(accountId, name).inlinePolicies().keySet());
        names.sort(null);
        return IamPage.of(names, n -> n, marker, maxItems);
    }

    /** Delete{User,Role}Policy. */
    public void deletePolicy(String accountId, String name, String policyName) {
        change(accountId, name, e -> {
            if (!e.inlinePolicies().containsKey(policyName)) throw IamErrors.noSuchInlinePolicy(kind, policyName);
            Map<String, InlinePolicy> inline = new LinkedHashMap<>(e.inlinePolicies());
            inline.remove(policyName);
            return e.withInlinePolicies(inline);
        });
    }

    // ------------------------------------------------------------------ attached managed policies

    /** Attach{User,Role}Policy; attaching a policy already attached changes nothing. */
    public void attachPolicy(String accountId, String name, String policyArn) {
        view.write(batch -> {
            Table.Row<E> row = row(accountId, name);
            E e = row.value();
            ManagedPolicy p = policies.find(accountId, ManagedPolicies.requirePolicyArn(policyArn));
            if (p == null) throw IamErrors.notAttachable(policyArn);
            if (e.attachedPolicies().contains(p.arn())) return null;
            if (e.attachedPolicies().size() >= ATTACHED_POLICIES) {
                throw IamErrors.quota(kind.equals("user") ? "PoliciesPerUser" : "PoliciesPerRole", ATTACHED_POLICIES);
            }
            List<String> attached = new ArrayList<>(e.attachedPolicies());
            attached.add(p.arn());
            batch.update(table, Iam.entityId(accountId, e.name()), row, same(e.withAttachedPolicies(attached)));
            policies.touchForAttachment(batch, p);
            return null;
        });
    }

    /** Detach{User,Role}Policy. */
    public void detachPolicy(String accountId, String name, String policyArn) {
        view.write(batch -> {
            Table.Row<E> row = row(accountId, name);
            E e = row.value();
            ManagedPolicies.requirePolicyArn(policyArn);
            if (!e.attachedPolicies().contains(policyArn)) throw IamErrors.noSuchPolicy(policyArn);
            List<String> attached = new ArrayList<>(e.attachedPolicies());
            attached.remove(policyArn);
            batch.update(table, Iam.entityId(accountId, e.name()), row, same(e.withAttachedPolicies(attached)));
            ManagedPolicy p = policies.find(accountId, Iam.parse(policyArn));
            if (p != null) policies.touchForAttachment(batch, p);
            return null;
        });
    }

    /** ListAttached{User,Role}Policies: the policies attached (name and ARN), in the order attached. */
    public IamPage<ManagedPolicy> listAttached(
            String accountId, String name, String pathPrefix, String marker, Integer maxItems) {
        E e = get(accountId, name);
        List<ManagedPolicy> out = new ArrayList<>();
        for (String arn : e.attachedPolicies()) {
            ManagedPolicy p = policies.find(accountId, Iam.parse(arn));
            if (p != null && (pathPrefix == null || p.path().startsWith(pathPrefix))) out.add(p);
        }
        List<String> order = e.attachedPolicies();
        return IamPage.of(out, p -> String.format("%04d", order.indexOf(p.arn())), marker, maxItems);
    }

    // ------------------------------------------------------------------ tags

    /** Tag{User,Role}. */
    public void tag(String accountId, String name, List<Map.Entry<String, String>> tags) {
        change(accountId, name, e -> e.withTags(IamTags.merge(e.tags(), tags)));
    }

    /** Untag{User,Role}. */
    public void untag(String accountId, String name, List<String> keys) {
        change(accountId, name, e -> e.withTags(IamTags.remove(e.tags(), keys)));
    }

    /** List{User,Role}Tags, in the order the tags were added. */
    public IamPage<Map.Entry<String, String>> listTags(String accountId, String name, String marker, Integer max) {
        List<Map.Entry<String, String>> tags =
                new ArrayList<>(get(accountId, name).tags().entrySet());
        return IamPage.of(tags, t -> String.format("%04d", tags.indexOf(t)), marker, max);
    }

    // ------------------------------------------------------------------ helpers

    /** Rewrites the entity at the version read with {@code change} applied. */
    void change(String accountId, String name, java.util.function.UnaryOperator<IamEntity> change) {
        view.write(batch -> {
            Table.Row<E> row = row(accountId, name);
            E updated = same(change.apply(row.value()));
            batch.update(table, Iam.entityId(accountId, row.value().name()), row, updated);
            return null;
        });
    }
}
