package dev.trent.core.kms;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trent.core.Caller;
import dev.trent.core.Json;
import dev.trent.core.ServiceException;
import dev.trent.core.kms.KeyMaterialInfo.ExpirationModel;
import dev.trent.core.kms.KeyMaterialInfo.ImportState;
import dev.trent.core.store.PreconditionFailedException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keys a test suite wants to find on every run: fixed ids, fixed material, aliases, policies, tags and rotation
 * settings, read from a seed document (the server reads it from YAML) and created at start if they do not exist.
 * Applying the same seeds again changes nothing, so a suite gets the same keys, and ciphertexts that decrypt, on
 * every run and every fresh data directory.
 *
 * <p>Document (member names as in the AWS API where there is one):
 *
 * <pre>
 * keys:
 *   - KeyId: 11111111-2222-3333-4444-555555555555   # required: a UUID, or mrk- and 32 hex digits
 *     Account: "000000000000"                       # default: the server's default account
 *     Region: us-east-1                             # default: us-east-1
 *     Description: orders
 *     KeySpec: SYMMETRIC_DEFAULT                    # default SYMMETRIC_DEFAULT
 *     KeyUsage: ENCRYPT_DECRYPT                     # default: the spec's first usage
 *     Origin: AWS_KMS                               # or EXTERNAL: the material counts as imported
 *     KeyMaterial: base64                           # symmetric (32 bytes) and HMAC keys; a PKCS#8 private key
 *                                                   # (PEM or base64 DER) for asymmetric keys; random if absent
 *     Enabled: true
 *     Policy: {...}                                 # a JSON string or a YAML map; default: the default policy
 *     Tags: {Team: payments}
 *     Aliases: [alias/orders]
 *     RotationPeriodInDays: 365                     # turns automatic rotation on
 * </pre>
 */
public final class Seeds {
    private static final Logger LOG = LoggerFactory.getLogger(Seeds.class);
    private static final Set<String> KEY_MEMBERS = Set.of(
            "KeyId",
            "Account",
            "Region",
            "Description",
            "KeySpec",
            "KeyUsage",
            "Origin",
            "KeyMaterial",
            "Enabled",
            "Policy",
            "Tags",
            "Aliases",
            "RotationPeriodInDays");
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final Pattern REGION = Pattern.compile("[a-z]+(-[a-z]+)+-\\d+|[a-z0-9][a-z0-9-]{0,30}[a-z0-9]");

    /** One seeded key, checked. */
    public record SeedKey(
            KeyId id,
            String account,
            String region,
            String description,
            KeySpec keySpec,
            KeyUsage keyUsage,
            Origin origin,
            byte[] material,
            boolean enabled,
            String policy,
            List<Tag> tags,
            List<String> aliases,
            Integer rotationPeriodDays) {}

    private final List<SeedKey> keys;

    private Seeds(List<SeedKey> keys) {
        this.keys = List.copyOf(keys);
    }

    public List<SeedKey> keys() {
        return keys;
    }

    /**
     * Reads and checks a seed document. Every mistake is an {@link IllegalArgumentException} whose one-line message
     * names the entry and member ({@code keys[2].KeyMaterial: ...}).
     */
    public static Seeds parse(JsonNode root, String defaultAccount) {
        if (root == null || root.isNull() || root.isMissingNode()) return new Seeds(List.of());
        if (!root.isObject()) throw new IllegalArgumentException("the seed file must hold a map with a 'keys' list");
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("keys")) throw new IllegalArgumentException("unknown member '" + f + "'; known: keys");
        }
        JsonNode list = root.path("keys");
        if (list.isMissingNode() || list.isNull()) return new Seeds(List.of());
        if (!list.isArray()) throw new IllegalArgumentException("keys: must be a list");
        List<SeedKey> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String where = "keys[" + i + "]";
            SeedKey k = key(list.get(i), where, defaultAccount);
            for (SeedKey other : out) {
                if (other.id().equals(k.id())
                        && other.account().equals(k.account())
                        && other.region().equals(k.region())) {
                    throw new IllegalArgumentException(where + ".KeyId: " + k.id() + " is seeded twice");
                }
            }
            out.add(k);
        }
        return new Seeds(out);
    }

    private static SeedKey key(JsonNode n, String where, String defaultAccount) {
        if (!n.isObject()) throw new IllegalArgumentException(where + ": must be a map");
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!KEY_MEMBERS.contains(f)) {
                throw new IllegalArgumentException(where + ": unknown member '" + f + "'; known: "
                        + String.join(", ", new java.util.TreeSet<>(KEY_MEMBERS)));
            }
        }
        String idText = text(n, "KeyId", where);
        if (idText == null) throw new IllegalArgumentException(where + ".KeyId: required");
        KeyId id = KeyId.tryParse(idText);
        if (id == null) {
            throw new IllegalArgumentException(
                    where + ".KeyId: '" + idText + "' is neither a UUID nor mrk- and 32 lower-case hex digits");
        }
        String account = orDefault(text(n, "Account", where), defaultAccount);
        if (!ACCOUNT.matcher(account).matches()) {
            throw new IllegalArgumentException(where + ".Account: '" + account + "' is not 12 digits");
        }
        String region = orDefault(text(n, "Region", where), "us-east-1");
        if (!REGION.matcher(region).matches()) {
            throw new IllegalArgumentException(where + ".Region: '" + region + "' is not a region name");
        }
        KeySpec spec = enumOf(n, "KeySpec", where, KeySpec::fromWire, KeySpec.SYMMETRIC_DEFAULT);
        KeyUsage usage = enumOf(
                n,
                "KeyUsage",
                where,
                KeyUsage::fromWire,
                KeyCapabilities.usages(spec).iterator().next());
        if (!KeyCapabilities.allows(spec, usage)) {
            throw new IllegalArgumentException(
                    where + ".KeyUsage: " + usage.wireName() + " is not a usage of " + spec.wireName());
        }
        Origin origin = enumOf(n, "Origin", where, Origin::fromWire, Origin.AWS_KMS);
        if (origin != Origin.AWS_KMS && origin != Origin.EXTERNAL) {
            throw new IllegalArgumentException(where + ".Origin: must be AWS_KMS or EXTERNAL");
        }
        byte[] material = material(text(n, "KeyMaterial", where), spec, where);
        if (material != null) {
            // checked now, so a bad seed file stops a server before it writes anything
            byte[] copy = material.clone();
            try {
                KeyImport.material(spec, copy).destroy();
            } catch (ServiceException e) {
                throw new IllegalArgumentException(where + ".KeyMaterial: " + e.getMessage());
            } finally {
                Arrays.fill(copy, (byte) 0);
            }
        }
        if (material == null && origin == Origin.EXTERNAL) {
            throw new IllegalArgumentException(where + ".KeyMaterial: required with Origin EXTERNAL");
        }
        JsonNode enabledNode = n.get("Enabled");
        if (enabledNode != null && !enabledNode.isBoolean()) {
            throw new IllegalArgumentException(where + ".Enabled: must be true or false");
        }
        String policy = null;
        JsonNode p = n.get("Policy");
        if (p != null && !p.isNull()) {
            policy = p.isTextual() ? p.asText() : Json.MAPPER.valueToTree(p).toString();
            try {
                KeyPolicies.grammar(policy); // a seed file's policy is applied as given (as with the lockout bypass)
            } catch (ServiceException e) {
                throw new IllegalArgumentException(where + ".Policy: " + e.getMessage());
            }
        }
        List<Tag> tags = new ArrayList<>();
        JsonNode t = n.get("Tags");
        if (t != null && !t.isNull()) {
            if (!t.isObject()) throw new IllegalArgumentException(where + ".Tags: must be a map of tag keys to values");
            for (Iterator<Map.Entry<String, JsonNode>> it = t.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                tags.add(new Tag(
                        e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText()));
            }
        }
        List<String> aliases = new ArrayList<>();
        JsonNode a = n.get("Aliases");
        if (a != null && !a.isNull()) {
            if (!a.isArray()) throw new IllegalArgumentException(where + ".Aliases: must be a list of alias names");
            for (JsonNode name : a) {
                String s = name.asText();
                if (!s.matches("alias/[a-zA-Z0-9/_-]{1,250}") || s.startsWith("alias/aws/")) {
                    throw new IllegalArgumentException(
                            where + ".Aliases: '" + s + "' is not an alias name one can create");
                }
                aliases.add(s);
            }
        }
        Integer period = null;
        JsonNode r = n.get("RotationPeriodInDays");
        if (r != null && !r.isNull()) {
            if (!r.canConvertToInt()
                    || r.asInt() < KeyRotations.MIN_PERIOD_DAYS
                    || r.asInt() > KeyRotations.MAX_PERIOD_DAYS) {
                throw new IllegalArgumentException(
                        where + ".RotationPeriodInDays: must be a whole number from 90 to 2560");
            }
            if (spec != KeySpec.SYMMETRIC_DEFAULT || origin != Origin.AWS_KMS) {
                throw new IllegalArgumentException(
                        where + ".RotationPeriodInDays: only symmetric keys of Origin AWS_KMS rotate automatically");
            }
            period = r.asInt();
        }
        return new SeedKey(
                id,
                account,
                region,
                orDefault(text(n, "Description", where), ""),
                spec,
                usage,
                origin,
                material,
                enabledNode == null || enabledNode.asBoolean(),
                policy,
                tags,
                aliases,
                period);
    }

    private static byte[] material(String text, KeySpec spec, String where) {
        if (text == null) return null;
        String s = text.strip();
        try {
            if (s.startsWith("-----BEGIN")) {
                if (!s.contains("PRIVATE KEY-----")) {
                    throw new IllegalArgumentException(
                            where + ".KeyMaterial: a PEM private key must be PKCS#8 (BEGIN PRIVATE KEY)");
                }
                s = s.replaceAll("-----[A-Z ]+-----", "");
            }
            return Base64.getDecoder().decode(s.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(where)) throw e;
            throw new IllegalArgumentException(where + ".KeyMaterial: not base64 (or a PEM private key)");
        }
    }

    private interface Parser<T> {
        T parse(String wire);
    }

    private static <T> T enumOf(JsonNode n, String name, String where, Parser<T> parse, T otherwise) {
        String s = text(n, name, where);
        if (s == null) return otherwise;
        try {
            return parse.parse(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + "." + name + ": '" + s + "' is not a valid " + name);
        }
    }

    private static String text(JsonNode n, String name, String where) {
        JsonNode v = n.get(name);
        if (v == null || v.isNull()) return null;
        if (!v.isValueNode()) throw new IllegalArgumentException(where + "." + name + ": must be a single value");
        return v.asText();
    }

    private static Caller root(String account, String region) {
        return new Caller(account, region, "arn:aws:iam::" + account + ":root", null);
    }

    private static String orDefault(String s, String otherwise) {
        return s == null ? otherwise : s;
    }

    // ------------------------------------------------------------------ applying

    /** What {@link #apply} did. */
    public record Applied(int keysCreated, int keysPresent, int aliasesCreated) {}

    /**
     * Creates the seeded keys and aliases that do not exist yet. A key that exists (from an earlier start, or
     * another node) is left as it is; an alias that exists is left as it is, with a warning if it names another
     * key. Throws {@link IllegalArgumentException} for material that does not fit its key spec.
     */
    public Applied apply(KeyRegistry registry, Clock clock, SecureRandom random) {
        int created = 0;
        int present = 0;
        int aliases = 0;
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        for (int i = 0; i < keys.size(); i++) {
            SeedKey s = keys.get(i);
            KeyAddress address = new KeyAddress(s.account(), s.region(), s.id());
            if (registry.entry(address) != null) {
                present++;
            } else if (create(registry, s, now, random, "keys[" + i + "]")) {
                created++;
            } else {
                present++;
            }
            for (String name : s.aliases()) {
                Alias alias = new Alias(s.account(), s.region(), name, s.id(), now, now);
                if (registry.createAlias(alias)) {
                    aliases++;
                } else {
                    Alias existing = registry.alias(alias.address());
                    if (existing != null && !existing.targetKeyId().equals(s.id())) {
                        LOG.warn(
                                "Seed alias {} in {}/{} already names key {}; left as it is",
                                name,
                                s.account(),
                                s.region(),
                                existing.targetKeyId());
                    }
                }
            }
        }
        return new Applied(created, present, aliases);
    }

    private static boolean create(KeyRegistry registry, SeedKey s, Instant now, SecureRandom random, String where) {
        String policy = s.policy() == null ? KeyPolicies.defaultPolicy(root(s.account(), s.region())) : s.policy();
        KmsKey.Builder b = KmsKey.builder()
                .id(s.id())
                .accountId(s.account())
                .region(s.region())
                .partition(MultiRegionKeys.partitionOf(s.region()))
                .creationDate(now)
                .description(s.description())
                .state(s.enabled() ? KeyState.Enabled : KeyState.Disabled)
                .keySpec(s.keySpec())
                .keyUsage(s.keyUsage())
                .origin(s.origin())
                .policy(policy)
                .tags(s.tags());
        if (s.id().multiRegion()) {
            b.multiRegion(new MultiRegionConfig(MultiRegionConfig.Type.PRIMARY, s.region(), List.of()));
        }
        if (s.rotationPeriodDays() != null) b.rotation(KeyRotation.NONE.enable(s.rotationPeriodDays(), now));
        KmsKey draft = b.build();
        KeyMaterial material;
        if (s.material() == null) {
            material = AsymmetricKeys.generate(s.keySpec(), random);
        } else {
            byte[] raw = s.material().clone();
            try {
                material = KeyImport.material(draft, raw);
            } catch (ServiceException e) {
                throw new IllegalArgumentException(where + ".KeyMaterial: " + e.getMessage());
            } finally {
                Arrays.fill(raw, (byte) 0);
            }
        }
        // fixed material gets the id imported material would get: the same on every run
        String materialId =
                s.material() == null ? KeySets.randomMaterialId(random) : KeyImport.materialId(draft, material);
        KeyMaterialInfo info = new KeyMaterialInfo(
                1,
                materialId,
                now,
                null,
                false,
                s.origin() == Origin.EXTERNAL
                        ? new KeyMaterialInfo.Imported(
                                ImportState.IMPORTED, ExpirationModel.KEY_MATERIAL_DOES_NOT_EXPIRE, null, null)
                        : null);
        KmsKey key = draft.toBuilder().materials(List.of(info)).build();
        try {
            registry.createKey(key, KeyMaterials.of(1, material));
            LOG.info("Seeded key {}", key.arn());
            return true;
        } catch (PreconditionFailedException exists) {
            material.destroy();
            return false;
        }
    }
}
