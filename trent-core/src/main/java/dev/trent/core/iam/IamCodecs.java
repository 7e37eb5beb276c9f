package dev.trent.core.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trent.core.Json;
import dev.trent.core.auth.policy.PolicyDocument;
import dev.trent.core.auth.policy.PolicyKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the identity records are stored: one JSON document per record (sealed by the barrier below the store).
 * Decoding compiles the policies a record holds.
 */
final class IamCodecs {
    private IamCodecs() {}

    static final Table.Codec<AccountRecord> ACCOUNTS = new Table.Codec<>() {
        @Override
        public byte[] encode(AccountRecord a) {
            return Json.bytes(Json.object()
                    .put("AccountId", a.accountId())
                    .put("CreatedAt", a.createdAt().toString()));
        }

        @Override
        public AccountRecord decode(String id, byte[] bytes) {
            JsonNode n = Json.parse(bytes);
            return new AccountRecord(text(n, "AccountId"), instant(n, "CreatedAt"));
        }
    };

    static final Table.Codec<AccessKey> ACCESS_KEYS = new Table.Codec<>() {
        @Override
        public byte[] encode(AccessKey k) {
            return Json.bytes(Json.object()
                    .put("AccessKeyId", k.accessKeyId())
                    .put("SecretAccessKey", k.secretAccessKey())
                    .put("AccountId", k.accountId())
                    .put("PrincipalArn", k.principalArn())
                    .put("Active", k.active())
                    .put("CreatedAt", k.createdAt().toString()));
        }

        @Override
        public AccessKey decode(String id, byte[] bytes) {
            JsonNode n = Json.parse(bytes);
            return new AccessKey(
                    text(n, "AccessKeyId"),
                    text(n, "SecretAccessKey"),
                    text(n, "AccountId"),
                    text(n, "PrincipalArn"),
                    n.get("Active").asBoolean(),
                    instant(n, "CreatedAt"));
        }
    };

    static final Table.Codec<IamUser> USERS = new Table.Codec<>() {
        @Override
        public byte[] encode(IamUser u) {
            ObjectNode n = Json.object()
                    .put("AccountId", u.accountId())
                    .put("UserName", u.name())
                    .put("Path", u.path())
                    .put("UserId", u.userId())
                    .put("CreateDate", u.createDate().toString());
            writeCommon(n, u);
            return Json.bytes(n);
        }

        @Override
        public IamUser decode(String id, byte[] bytes) {
            JsonNode n = Json.parse(bytes);
            IamUser shell = new IamUser(
                    text(n, "AccountId"),
                    text(n, "UserName"),
                    text(n, "Path"),
                    text(n, "UserId"),
                    instant(n, "CreateDate"),
                    tags(n.get("Tags")),
                    Map.of(),
                    strings(n.get("AttachedPolicies")));
            return shell.withInlinePolicies(inline(shell, n.get("InlinePolicies")));
        }
    };

    static final Table.Codec<IamRole> ROLES = new Table.Codec<>() {
        @Override
        public byte[] encode(IamRole r) {
            ObjectNode n = Json.object()
                    .put("AccountId", r.accountId())
                    .put("RoleName", r.name())
                    .put("Path", r.path())
                    .put("RoleId", r.roleId())
                    .put("CreateDate", r.createDate().toString())
                    .put("MaxSessionDuration", r.maxSessionDuration())
                    .put("AssumeRolePolicyDocument", r.trustPolicy());
            if (r.description() != null) n.put("Description", r.description());
            writeCommon(n, r);
            return Json.bytes(n);
        }

        @Override
        public IamRole decode(String id, byte[] bytes) {
            JsonNode n = Json.parse(bytes);
            String account = text(n, "AccountId");
            String name = text(n, "RoleName");
            String trust = text(n, "AssumeRolePolicyDocument");
            IamRole shell = new IamRole(
                    account,
                    name,
                    text(n, "Path"),
                    text(n, "RoleId"),
                    instant(n, "CreateDate"),
                    n.hasNonNull("Description") ? n.get("Description").asText() : null,
                    n.path("MaxSessionDuration").asInt(IamRole.DEFAULT_MAX_SESSION_DURATION),
                    trust,
                    IamPolicies.compileStored(trust, PolicyKind.TRUST, "role/" + name + "/trust-policy"),
                    tags(n.get("Tags")),
                    Map.of(),
                    strings(n.get("AttachedPolicies")));
            return shell.withInlinePolicies(inline(shell, n.get("InlinePolicies")));
        }
    };

    static final Table.Codec<ManagedPolicy> POLICIES = new Table.Codec<>() {
        @Override
        public byte[] encode(ManagedPolicy p) {
            ObjectNode n = Json.object()
                    .put("AccountId", p.accountId())
                    .put("PolicyName", p.name())
                    .put("Path", p.path())
                    .put("PolicyId", p.policyId())
                    .put("CreateDate", p.createDate().toString())
                    .put("UpdateDate", p.updateDate().toString())
                    .put("DefaultVersionId", p.defaultVersionId());
            if (p.description() != null) n.put("Description", p.description());
            ArrayNode versions = n.putArray("Versions");
            for (ManagedPolicy.PolicyVersion v : p.versions()) {
                versions.addObject()
                        .put("VersionId", v.versionId())
                        .put("Document", v.document())
                        .put("CreateDate", v.createDate().toString());
            }
            writeTags(n, p.tags());
            return Json.bytes(n);
        }

        @Override
        public ManagedPolicy decode(String id, byte[] bytes) {
            JsonNode n = Json.parse(bytes);
            List<ManagedPolicy.PolicyVersion> versions = new ArrayList<>();
            for (JsonNode v : n.path("Versions")) {
                versions.add(new ManagedPolicy.PolicyVersion(
                        text(v, "VersionId"), text(v, "Document"), instant(v, "CreateDate")));
            }
            String account = text(n, "AccountId");
            String name = text(n, "PolicyName");
            String path = text(n, "Path");
            String defaultVersion = text(n, "DefaultVersionId");
            String arn = Iam.arn(account, "policy", path, name);
            String document = versions.stream()
                    .filter(v -> v.versionId().equals(defaultVersion))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no default version " + defaultVersion))
                    .document();
            PolicyDocument compiled = IamPolicies.compileStored(document, PolicyKind.IDENTITY, arn);
            return new ManagedPolicy(
                    account,
                    name,
                    path,
                    text(n, "PolicyId"),
                    n.hasNonNull("Description") ? n.get("Description").asText() : null,
                    instant(n, "CreateDate"),
                    instant(n, "UpdateDate"),
                    versions,
                    defaultVersion,
                    tags(n.get("Tags")),
                    IamPolicies.named(arn, compiled));
        }
    };

    /** The session-token keys (the key bytes are sealed by the barrier, like every record). */
    static Table.Codec<TokenKey> tokenKeys(java.security.SecureRandom random) {
        return new Table.Codec<>() {
            @Override
            public byte[] encode(TokenKey k) {
                byte[] key = k.keyBytes();
                try {
                    return Json.bytes(Json.object()
                            .put("KeyId", k.keyId())
                            .put("Key", java.util.Base64.getEncoder().encodeToString(key))
                            .put("CreatedAt", k.createdAt().toString()));
                } finally {
                    java.util.Arrays.fill(key, (byte) 0);
                }
            }

            @Override
            public TokenKey decode(String id, byte[] bytes) {
                JsonNode n = Json.parse(bytes);
                byte[] key = java.util.Base64.getDecoder().decode(text(n, "Key"));
                try {
                    return new TokenKey(text(n, "KeyId"), key, instant(n, "CreatedAt"), random);
                } finally {
                    java.util.Arrays.fill(key, (byte) 0);
                }
            }
        };
    }

    // ------------------------------------------------------------------ parts

    private static void writeCommon(ObjectNode n, IamEntity e) {
        writeTags(n, e.tags());
        ArrayNode inline = n.putArray("InlinePolicies");
        for (InlinePolicy p : e.inlinePolicies().values()) {
            inline.addObject().put("PolicyName", p.name()).put("PolicyDocument", p.document());
        }
        ArrayNode attached = n.putArray("AttachedPolicies");
        e.attachedPolicies().forEach(attached::add);
    }

    static void writeTags(ObjectNode n, Map<String, String> tags) {
        ArrayNode arr = n.putArray("Tags");
        tags.forEach((k, v) -> arr.addObject().put("Key", k).put("Value", v));
    }

    static Map<String, String> tags(JsonNode arr) {
        Map<String, String> out = new LinkedHashMap<>();
        if (arr != null) for (JsonNode t : arr) out.put(text(t, "Key"), text(t, "Value"));
        return out;
    }

    private static Map<String, InlinePolicy> inline(IamEntity owner, JsonNode arr) {
        Map<String, InlinePolicy> out = new LinkedHashMap<>();
        if (arr == null) return out;
        for (JsonNode p : arr) {
            String name = text(p, "PolicyName");
            String doc = text(p, "PolicyDocument");
            String source = IamPolicies.inlineSource(owner, name);
            PolicyDocument compiled = IamPolicies.compileStored(doc, PolicyKind.IDENTITY, source);
            out.put(name, new InlinePolicy(name, doc, IamPolicies.named(source, compiled)));
        }
        return out;
    }

    private static List<String> strings(JsonNode arr) {
        List<String> out = new ArrayList<>();
        if (arr != null) for (JsonNode s : arr) out.add(s.asText());
        return out;
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) throw new IllegalStateException("missing " + field);
        return v.asText();
    }

    static Instant instant(JsonNode n, String field) {
        return Instant.parse(text(n, field));
    }
}
