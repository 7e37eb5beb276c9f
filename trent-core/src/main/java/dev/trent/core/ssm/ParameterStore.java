package dev.trent.core.ssm;

import dev.trent.core.RequestContext;
import dev.trent.core.kms.Tag;
import dev.trent.core.store.PreconditionFailedException;
import dev.trent.core.store.Store;
import dev.trent.core.store.Store.Mutation;
import dev.trent.core.store.Store.Precondition;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Parameter Store's operations over the store: one record per parameter ({@link ParameterCodec}), written with
 * compare-and-set (a write that lost a race is re-read and tried again, then {@code TooManyUpdates}). Values of
 * {@code SecureString} parameters are sealed by {@link SecureValues} (through KMS) before they reach the store.
 * Authorization of the SSM actions happens before these are called (the access stage, or the service per name).
 */
public final class ParameterStore {
    private static final int MAX_ATTEMPTS = 8;

    private final Store store;
    private final SecureValues secure;
    private final Clock clock;

    public ParameterStore(Store store, SecureValues secure, Clock clock) {
        this.store = store;
        this.secure = secure;
        this.clock = clock;
    }

    /** PutParameter's input. Absent optional members are null. */
    public record Put(
            String name,
            String value,
            ParameterType type,
            String description,
            String keyId,
            boolean overwrite,
            String allowedPattern,
            List<Tag> tags,
            String tier,
            String dataType) {}

    /** PutParameter's result. */
    public record PutResult(long version, String tier) {}

    /** A value read back: the version and, decrypted or not, its value. */
    public record Read(Parameter parameter, ParameterVersion version, String value, String selector) {}

    // ------------------------------------------------------------------ writes

    public PutResult put(RequestContext ctx, Put req) {
        ParameterNames.check(req.name());
        if (req.value().isEmpty()) {
            throw SsmErrors.validation("1 validation error detected: Value '' at 'value' failed to satisfy"
                    + " constraint: Member must have length greater than or equal to 1");
        }
        if (req.overwrite() && req.tags() != null && !req.tags().isEmpty()) {
            throw SsmErrors.validation("Invalid request: tags and overwrite can't be used together. To create a"
                    + " parameter with tags, please remove overwrite flag. To update tags for an existing parameter,"
                    + " please use AddTagsToResource or RemoveTagsFromResource.");
        }
        String dataType = req.dataType() == null ? "text" : req.dataType();
        if (!Set.of("text", "aws:ec2:image", "aws:ssm:integration").contains(dataType)) {
            throw SsmErrors.validation(
                    "The following data type is not supported: " + dataType + " (Data type names are all lowercase.)");
        }
        if (req.allowedPattern() != null) checkPattern(req.allowedPattern(), req.value());
        if (req.tags() != null) Tags.check(req.tags());
        String key = ParameterCodec.path(ctx.accountId(), ctx.region(), req.name());
        for (int attempt = 1; ; attempt++) {
            Optional<Store.Entry> existing = store.get(key);
            Parameter old = existing.map(e -> ParameterCodec.decode(e.value())).orElse(null);
            if (old != null && !req.overwrite()) throw SsmErrors.alreadyExists();
            ParameterType type = req.type() != null
                    ? req.type()
                    : old == null ? null : old.current().type();
            if (type == null) {
                throw SsmErrors.validation("A parameter type is required when you create a parameter.");
            }
            if (req.keyId() != null && type != ParameterType.SECURE_STRING) {
                throw SsmErrors.validation("KeyId is required for SecureString type parameter only.");
            }
            String tier = tier(req, old);
            if (old == null) checkCount(ctx, tier);
            long version = old == null ? 1 : old.current().version() + 1;
            String arn = ParameterNames.arn(ctx.partition(), ctx.region(), ctx.accountId(), req.name());
            String keyId = null;
            String value = req.value();
            String sealed = null;
            if (type == ParameterType.SECURE_STRING) {
                keyId = req.keyId() != null
                        ? req.keyId()
                        : old != null && old.current().type() == ParameterType.SECURE_STRING
                                ? old.current().keyId()
                                : SecureValues.DEFAULT_KEY;
                SecureValues.Sealed s = secure.seal(ctx, arn, keyId, "Advanced".equals(tier), req.value());
                value = s.value();
                sealed = s.sealed();
            }
            ParameterVersion v = new ParameterVersion(
                    version,
                    type,
                    value,
                    sealed,
                    keyId,
                    req.description() != null
                            ? req.description()
                            : old == null ? null : old.current().description(),
                    req.allowedPattern() != null
                            ? req.allowedPattern()
                            : old == null ? null : old.current().allowedPattern(),
                    tier,
                    dataType,
                    List.of(),
                    now(),
                    ctx.caller().principalArn());
            if (old != null && v.allowedPattern() != null && req.allowedPattern() == null) {
                checkPattern(v.allowedPattern(), req.value());
            }
            List<ParameterVersion> versions = new ArrayList<>(old == null ? List.of() : old.versions());
            if (versions.size() >= ParameterNames.MAX_VERSIONS) {
                ParameterVersion oldest = versions.get(0);
                if (!oldest.labels().isEmpty()) {
                    throw SsmErrors.of(
                            "ParameterMaxVersionLimitExceeded",
                            "You attempted to create a new version of " + req.name() + " by calling the PutParameter"
                                    + " API with the overwrite flag. Version " + oldest.version() + ", the oldest"
                                    + " version, can't be deleted because it has a label associated with it. Move"
                                    + " the label to another version of the parameter, and try again.");
                }
                versions.remove(0);
            }
            versions.add(v);
            Parameter p = old == null
                    ? new Parameter(ctx.accountId(), ctx.region(), req.name(), versions, tagsOrEmpty(req.tags()))
                    : old.withVersions(versions);
            try {
                store.apply(List.of(Mutation.put(
                        key,
                        ParameterCodec.encode(p),
                        existing.map(e -> Precondition.version(e.version())).orElse(Precondition.ABSENT))));
                return new PutResult(version, tier);
            } catch (PreconditionFailedException raced) {
                if (attempt >= MAX_ATTEMPTS) throw SsmErrors.tooManyUpdates();
            }
        }
    }

    private static List<Tag> tagsOrEmpty(List<Tag> tags) {
        return tags == null ? List.of() : tags;
    }

    private static String tier(Put req, Parameter old) {
        int length = req.value().length();
        String asked = req.tier();
        String oldTier = old == null ? "Standard" : old.current().tier();
        String tier;
        if (asked == null) {
            tier = "Advanced".equals(oldTier) ? "Advanced" : "Standard";
        } else if (asked.equals("Intelligent-Tiering")) {
            tier = length > ParameterNames.STANDARD_MAX_VALUE || "Advanced".equals(oldTier) ? "Advanced" : "Standard";
        } else {
            tier = asked;
        }
        if (tier.equals("Standard") && "Advanced".equals(oldTier)) {
            throw SsmErrors.validation("This parameter uses the advanced-parameter tier. You can't downgrade a"
                    + " parameter from the advanced-parameter tier to the standard-parameter tier. If necessary, you"
                    + " can delete the advanced parameter and recreate it as a standard parameter.");
        }
        if (tier.equals("Standard") && length > ParameterNames.STANDARD_MAX_VALUE) {
            throw SsmErrors.validation(
                    "Standard tier parameters support a maximum parameter value of 4096 characters."
                            + " To create a larger parameter value, upgrade the parameter to use the advanced-parameter tier."
                            + " For more information, see"
                            + " https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-advanced-parameters.html");
        }
        if (length > ParameterNames.ADVANCED_MAX_VALUE) {
            throw SsmErrors.validation(
                    "Advanced tier parameters support a maximum parameter value of 8192" + " characters.");
        }
        return tier;
    }

    private void checkCount(RequestContext ctx, String tier) {
        int max = tier.equals("Advanced")
                ? ParameterNames.MAX_ADVANCED_PARAMETERS
                : ParameterNames.MAX_STANDARD_PARAMETERS;
        int count = 0;
        for (Parameter p : all(ctx)) if (p.current().tier().equals(tier)) count++;
        if (count >= max) {
            throw SsmErrors.of(
                    "ParameterLimitExceeded",
                    "You have exceeded the number of parameters for this AWS account. Delete unnecessary parameters"
                            + " and try again.");
        }
    }

    private static void checkPattern(String pattern, String value) {
        Pattern p;
        try {
            p = Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            throw SsmErrors.of(
                    "InvalidAllowedPatternException",
                    "The request does not meet the regular expression requirement. It must match " + pattern + ".");
        }
        if (!p.matcher(value).matches()) {
            throw SsmErrors.of(
                    "ParameterPatternMismatchException",
                    "Parameter value, cannot be validated against allowedPattern: " + pattern);
        }
    }

    /** DeleteParameter: false when there was no such parameter. */
    public boolean delete(RequestContext ctx, String name) {
        String key = ParameterCodec.path(ctx.accountId(), ctx.region(), name);
        for (int attempt = 1; ; attempt++) {
            Optional<Store.Entry> e = store.get(key);
            if (e.isEmpty()) return false;
            try {
                store.apply(List.of(
                        Mutation.delete(key, Precondition.version(e.get().version()))));
                return true;
            } catch (PreconditionFailedException raced) {
                if (attempt >= MAX_ATTEMPTS) throw SsmErrors.tooManyUpdates();
            }
        }
    }

    /**
     * Rewrites parameter {@code name} as {@code change} says, with compare-and-set; {@code change} throws to refuse.
     * {@code ParameterNotFound} (with {@code missing}'s message) when there is none.
     */
    Parameter update(RequestContext ctx, String name, UnaryOperator<Parameter> change, boolean plainNotFound) {
        String key = ParameterCodec.path(ctx.accountId(), ctx.region(), name);
        for (int attempt = 1; ; attempt++) {
            Optional<Store.Entry> e = store.get(key);
            if (e.isEmpty()) throw plainNotFound ? SsmErrors.notFound() : SsmErrors.notFound(name);
            Parameter updated = change.apply(ParameterCodec.decode(e.get().value()));
            try {
                store.apply(List.of(Mutation.put(
                        key,
                        ParameterCodec.encode(updated),
                        Precondition.version(e.get().version()))));
                return updated;
            } catch (PreconditionFailedException raced) {
                if (attempt >= MAX_ATTEMPTS) throw SsmErrors.tooManyUpdates();
            }
        }
    }

    /** LabelParameterVersion's result: the version labelled and the labels refused as invalid. */
    public record Labelled(long version, List<String> invalidLabels) {}

    public Labelled label(RequestContext ctx, String name, Long version, List<String> labels) {
        List<String> invalid = new ArrayList<>();
        Set<String> valid = new LinkedHashSet<>();
        for (String l : labels) {
            if (ParameterNames.validLabel(l)) valid.add(l);
            else invalid.add(l);
        }
        long[] labelled = new long[1];
        update(
                ctx,
                name,
                p -> {
                    long v = version == null ? p.current().version() : version;
                    ParameterVersion target = p.version(v);
                    if (target == null) throw SsmErrors.versionNotFound(name, v);
                    labelled[0] = v;
                    List<ParameterVersion> out = new ArrayList<>();
                    for (ParameterVersion pv : p.versions()) {
                        List<String> ls = new ArrayList<>(pv.labels());
                        if (pv.version() == v) {
                            for (String l : valid) if (!ls.contains(l)) ls.add(l);
                            if (ls.size() > ParameterNames.MAX_LABELS_PER_VERSION) {
                                throw SsmErrors.of(
                                        "ParameterVersionLabelLimitExceeded",
                                        "A parameter version can have maximum 10 labels.Move one or more labels to"
                                                + " another version and try again.");
                            }
                        } else {
                            ls.removeAll(valid); // a label names one version: labelling moves it
                        }
                        out.add(pv.withLabels(ls));
                    }
                    return p.withVersions(out);
                },
                false);
        return new Labelled(labelled[0], invalid);
    }

    /** UnlabelParameterVersion's result. */
    public record Unlabelled(List<String> removed, List<String> invalid) {}

    public Unlabelled unlabel(RequestContext ctx, String name, long version, List<String> labels) {
        List<String> removed = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        update(
                ctx,
                name,
                p -> {
                    removed.clear();
                    invalid.clear();
                    ParameterVersion target = p.version(version);
                    if (target == null) throw SsmErrors.versionNotFound(name, version);
                    List<String> ls = new ArrayList<>(target.labels());
                    for (String l : labels) {
                        if (ls.remove(l)) removed.add(l);
                        else invalid.add(l);
                    }
                    List<ParameterVersion> out = new ArrayList<>();
                    for (ParameterVersion pv : p.versions()) out.add(pv.version() == version ? pv.withLabels(ls) : pv);
                    return p.withVersions(out);
                },
                false);
        return new Unlabelled(removed, invalid);
    }

    public void addTags(RequestContext ctx, String name, List<Tag> tags) {
        Tags.check(tags);
        update(
                ctx,
                name,
                p -> {
                    List<Tag> out = new ArrayList<>(p.tags());
                    for (Tag t : tags) {
                        out.removeIf(o -> o.key().equals(t.key()));
                        out.add(t);
                    }
                    if (out.size() > ParameterNames.MAX_TAGS) {
                        throw SsmErrors.of(
                                "TooManyTagsError",
                                "The Tags parameter contains too many tags. A resource can have at most 50 tags.");
                    }
                    return p.withTags(out);
                },
                false);
    }

    public void removeTags(RequestContext ctx, String name, List<String> keys) {
        update(
                ctx,
                name,
                p -> {
                    List<Tag> out = new ArrayList<>(p.tags());
                    out.removeIf(t -> keys.contains(t.key()));
                    return p.withTags(out);
                },
                false);
    }

    // ------------------------------------------------------------------ reads

    /** The parameter {@code name}, or null. */
    public Parameter find(RequestContext ctx, String name) {
        return store.get(ParameterCodec.path(ctx.accountId(), ctx.region(), name))
                .map(e -> ParameterCodec.decode(e.value()))
                .orElse(null);
    }

    /** Every parameter of the caller's account and Region, by name. */
    public List<Parameter> all(RequestContext ctx) {
        List<Parameter> out = new ArrayList<>();
        for (Store.Entry e : store.scan(ParameterCodec.scope(ctx.accountId(), ctx.region()))) {
            out.add(ParameterCodec.decode(e.value()));
        }
        out.sort(Comparator.comparing(Parameter::name));
        return out;
    }

    /**
     * GetParameter's lookup: {@code name}, {@code name:version} or {@code name:label}; {@code ParameterNotFound}
     * (empty message) or {@code ParameterVersionNotFound}.
     */
    public Read get(RequestContext ctx, String ref, boolean decrypt) {
        Selector s = Selector.parse(ref);
        Parameter p = find(ctx, s.name());
        if (p == null) throw SsmErrors.notFound();
        ParameterVersion v;
        if (s.version() != null) {
            v = p.version(s.version());
            if (v == null) throw SsmErrors.versionNotFound(s.name(), s.version());
        } else if (s.label() != null) {
            v = p.labelled(s.label());
            if (v == null) throw SsmErrors.notFound(); // no version carries the label
        } else {
            v = p.current();
        }
        return read(ctx, p, v, decrypt, s.selector());
    }

    /** The value of {@code v}, decrypted through KMS when asked and it is a SecureString. */
    public Read read(RequestContext ctx, Parameter p, ParameterVersion v, boolean decrypt, String selector) {
        String value = v.value();
        if (decrypt && v.type() == ParameterType.SECURE_STRING) {
            value = secure.open(ctx, p.arn(ctx.partition()), v.value(), v.sealed());
        }
        return new Read(p, v, value, selector);
    }

    /** A parameter reference with its selector: {@code name}, {@code name:3}, {@code name:label}. */
    record Selector(String name, Long version, String label, String selector) {
        static Selector parse(String ref) {
            int colon = ref.indexOf(':');
            if (colon < 0) return new Selector(ref, null, null, null);
            String name = ref.substring(0, colon);
            String sel = ref.substring(colon + 1);
            if (sel.isEmpty() || sel.indexOf(':') >= 0) {
                throw SsmErrors.validation("Invalid label or version selector: " + ref);
            }
            if (sel.chars().allMatch(Character::isDigit)) {
                try {
                    return new Selector(name, Long.parseLong(sel), null, ":" + sel);
                } catch (NumberFormatException e) {
                    throw SsmErrors.validation("Invalid version selector: " + ref);
                }
            }
            return new Selector(name, null, sel, ":" + sel);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
