package dev.trent.server.secrets;

import static dev.trent.server.iam.IamJson.isTrue;
import static dev.trent.server.iam.IamJson.maxResults;
import static dev.trent.server.iam.IamJson.obj;
import static dev.trent.server.iam.IamJson.str;
import static dev.trent.server.iam.IamJson.strings;
import static dev.trent.server.iam.IamJson.tagList;
import static dev.trent.server.iam.IamJson.time;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trent.core.RequestContext;
import dev.trent.core.ServiceException;
import dev.trent.core.auth.KmsAuthorizer;
import dev.trent.core.kms.Tag;
import dev.trent.core.secrets.Passwords;
import dev.trent.core.secrets.Secret;
import dev.trent.core.secrets.SecretVersion;
import dev.trent.core.secrets.Secrets;
import dev.trent.core.secrets.SecretsErrors;
import dev.trent.server.iam.OperationTable;
import dev.trent.server.pipeline.ServiceDefinition;
import dev.trent.server.protocol.RequestValidator;
import dev.trent.server.protocol.ServiceModel;
import dev.trent.server.ssm.NameTokens;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * AWS Secrets Manager as a service of the registry: AWS JSON 1.1, target prefix {@code secretsmanager}, SigV4
 * signing name {@code secretsmanager}, internal failures as {@code InternalServiceError}, actions {@code
 * secretsmanager:<Operation>}. Access to a secret is decided here, once it is resolved, by {@link SecretAccess}
 * (identity policies and the secret's resource policy); KMS is used on the caller's behalf by {@link Secrets}.
 * Rotation (it runs AWS Lambda functions) and replication to other Regions are answered with a clear
 * InvalidRequestException.
 */
public final class SecretsManagerService {
    public static final String SIGNING_NAME = "secretsmanager";
    public static final String TARGET_PREFIX = "secretsmanager";
    public static final String INTERNAL_ERROR = "InternalServiceError";
    static final List<String> RESOURCE_MEMBERS = List.of("SecretId", "Name");

    private SecretsManagerService() {}

    public static ServiceDefinition definition(Secrets secrets, KmsAuthorizer authorizer, SecureRandom random) {
        ServiceModel model = ServiceModel.fromResource("secretsmanager-model.json");
        return new ServiceDefinition(
                SIGNING_NAME,
                TARGET_PREFIX,
                INTERNAL_ERROR,
                model,
                new RequestValidator(model),
                handlers(secrets, new SecretAccess(authorizer), random).specs(model, RESOURCE_MEMBERS));
    }

    static OperationTable handlers(Secrets secrets, SecretAccess access, SecureRandom random) {
        OperationTable t = new OperationTable("secretsmanager");
        t.write("CreateSecret", (c, in) -> {
            String name = str(in, "Name");
            Secrets.checkName(name);
            String arn = secrets.newArn(c, name);
            access.identity(c, "secretsmanager:CreateSecret", arn);
            Secrets.Value value = value(in, true);
            try {
                Secrets.Written w = secrets.create(
                        c,
                        name,
                        arn,
                        str(in, "ClientRequestToken"),
                        str(in, "Description"),
                        str(in, "KmsKeyId"),
                        value,
                        in.has("Tags") ? tagList(in.get("Tags")) : null);
                ObjectNode out = obj().put("ARN", w.secret().arn()).put("Name", name);
                if (w.versionId() != null) out.put("VersionId", w.versionId());
                return out;
            } finally {
                wipe(value);
            }
        });
        t.write("GetSecretValue", (c, in) -> {
            Secret s = access.secret(c, "secretsmanager:GetSecretValue", secrets, str(in, "SecretId"));
            return secretValue(c, secrets, s, str(in, "VersionId"), str(in, "VersionStage"));
        });
        t.write("BatchGetSecretValue", (c, in) -> batchGet(c, in, secrets, access));
        t.write("PutSecretValue", (c, in) -> {
            Secret s = access.secret(c, "secretsmanager:PutSecretValue", secrets, str(in, "SecretId"));
            Secrets.Value value = value(in, false);
            if (value == null) {
                throw SecretsErrors.invalidRequest("You must provide either SecretString or SecretBinary.");
            }
            try {
                List<String> stages = in.has("VersionStages") ? strings(in, "VersionStages") : null;
                Secrets.Written w = secrets.putValue(c, s, str(in, "ClientRequestToken"), value, stages);
                ObjectNode out = obj().put("ARN", s.arn()).put("Name", s.name()).put("VersionId", w.versionId());
                ArrayNode st = out.putArray("VersionStages");
                SecretVersion v = w.secret().version(w.versionId());
                if (v != null) v.stages().forEach(st::add);
                return out;
            } finally {
                wipe(value);
            }
        });
        t.write("UpdateSecret", (c, in) -> {
            Secret s = access.secret(c, "secretsmanager:UpdateSecret", secrets, str(in, "SecretId"));
            Secrets.Value value = value(in, false);
            try {
                Secret updated = secrets.updateMetadata(c, s, str(in, "Description"), str(in, "KmsKeyId"));
                ObjectNode out = obj().put("ARN", s.arn()).put("Name", s.name());
                if (value != null) {
                    Secrets.Written w = secrets.putValue(c, updated, str(in, "ClientRequestToken"), value, null);
                    out.put("VersionId", w.versionId());
                }
                return out;
            } finally {
                wipe(value);
            }
        });
        t.write("DescribeSecret", (c, in) -> {
            Secret s = access.secret(c, "secretsmanager:DescribeSecret", secrets, str(in, "SecretId"));
            return describe(s);
        });
        t.write("ListSecrets", (c, in) -> listSecrets(c, in, secrets));
        t.write("ListSecretVersionIds", (c, in) -> {
            Secret s = access.secret(c, "secretsmanager:ListSecretVersionIds", secrets, str(in, "SecretId"));
            boolean deprecated = isTrue(in, "IncludeDeprecated");
            List<SecretVersion> versions = new ArrayList<>();
            for (SecretVersion v : s.versions()) if (deprecated || !v.stages().isEmpty()) versions.add(v);
            NameTokens.Page<SecretVersion> page = NameTokens.page(
                    versions,
                    v -> v.created().toEpochMilli() + "/" + v.versionId(),
                    str(in, "NextToken"),
                    maxResults(in, 100),
                    "InvalidNextTokenException");
            ObjectNode out = obj();
            ArrayNode arr = out.putArray("Versions");
            for (SecretVersion v : page.items()) {
                ObjectNode o = arr.addObject().put("VersionId", v.versionId());
                ArrayNode st = o.putArray("VersionStages");
                v.stages().forEach(st::add);
                o.set("CreatedDate", time(v.created()));
            }
            if (page.nextToken() != null) out.put("NextToken", page.nextToken());
            return out.put("ARN", s.arn()).put("Name", s.name());
        });
        t.write("DeleteSecret", (c, in) -> {
            Secret s = access.secret(c, "secretsmanager:DeleteSecret", secrets, str(in, "SecretId"));
            Long days = in.hasNonNull("RecoveryWindowInDays")
                    ? in.get("RecoveryWindowInDays").asLong()
                    : null;
            Secret d = secrets.delete(c, s, days, isTrue(in, "ForceDeleteWithoutRecovery"));
            ObjectNode out = obj().put("ARN", s.arn()).put("Name", s.name());
            out.set("DeletionDate", time(d.deletionDate()));
            return out;
        });
        t.write("RestoreSecret", (c, in) -> {
            Secret s = access.secret(c, "secretsmanager:RestoreSecret", secrets, str(in, "SecretId"));
            secrets.restore(c, s);
            return obj().put("ARN", s.arn()).put("Name", s.name());
        });
        t.write("UpdateSecretVersionStage", (c, in) -> {
            Secret s = access.secret(c, "secretsmanager:UpdateSecretVersionStage", secrets, str(in, "SecretId"));
            secrets.updateStage(
                    c, s, str(in, "VersionStage"), str(in, "RemoveFromVersionId"), str(in, "MoveToVersionId"));
            return obj().put("ARN", s.arn()).put("Name", s.name());
        });
        t.write("TagResource", (c, in) -> {
            Secret s = access.secret(c, "secretsmanager:TagResource", secrets, str(in, "SecretId"));
            secrets.tag(c, s, tagList(in.get("Tags")));
            return obj();
        });
        t.write("UntagResource", (c, in) -> {
            Secret s = access.secret(c, "secretsmanager:UntagResource", secrets, str(in, "SecretId"));
            secrets.untag(c, s, strings(in, "TagKeys"));
            return obj();
        });
        t.write("PutResourcePolicy", (c, in) -> {
            Secret s = access.secret(c, "secretsmanager:PutResourcePolicy", secrets, str(in, "SecretId"));
            String policy = str(in, "ResourcePolicy");
            SecretAccess.checkPolicy(policy, isTrue(in, "BlockPublicPolicy"));
            secrets.policy(c, s, policy);
            return obj().put("ARN", s.arn()).put("Name", s.name());
        });
        t.write("GetResourcePolicy", (c, in) -> {
            Secret s = access.secret(c, "secretsmanager:GetResourcePolicy", secrets, str(in, "SecretId"));
            ObjectNode out = obj().put("ARN", s.arn()).put("Name", s.name());
            if (s.policy() != null) out.put("ResourcePolicy", s.policy());
            return out;
        });
        t.write("DeleteResourcePolicy", (c, in) -> {
            Secret s = access.secret(c, "secretsmanager:DeleteResourcePolicy", secrets, str(in, "SecretId"));
            secrets.policy(c, s, null);
            return obj().put("ARN", s.arn()).put("Name", s.name());
        });
        t.write("ValidateResourcePolicy", (c, in) -> {
            if (in.hasNonNull("SecretId")) {
                access.secret(c, "secretsmanager:ValidateResourcePolicy", secrets, str(in, "SecretId"));
            }
            ObjectNode out = obj();
            ArrayNode errors = out.putArray("ValidationErrors");
            try {
                SecretAccess.checkPolicy(str(in, "ResourcePolicy"), false);
                out.put("PolicyValidationPassed", true);
            } catch (ServiceException e) {
                out.put("PolicyValidationPassed", false);
                errors.addObject().put("CheckName", "POLICY_SYNTAX").put("ErrorMessage", e.getMessage());
            }
            return out;
        });
        t.read("GetRandomPassword", (c, in) -> {
            Long length =
                    in.hasNonNull("PasswordLength") ? in.get("PasswordLength").asLong() : null;
            String password = Passwords.generate(
                    new Passwords.Options(
                            length,
                            str(in, "ExcludeCharacters"),
                            isTrue(in, "ExcludeNumbers"),
                            isTrue(in, "ExcludePunctuation"),
                            isTrue(in, "ExcludeUppercase"),
                            isTrue(in, "ExcludeLowercase"),
                            isTrue(in, "IncludeSpace"),
                            in.hasNonNull("RequireEachIncludedType")
                                    ? in.get("RequireEachIncludedType").asBoolean()
                                    : null),
                    random);
            return obj().put("RandomPassword", password);
        });
        for (String rotation : List.of("RotateSecret", "CancelRotateSecret")) {
            t.read(rotation, (c, in) -> {
                throw SecretsErrors.invalidRequest("Secret rotation runs an AWS Lambda function, and this Trent server"
                        + " has no Lambda: " + rotation + " is not supported. Store a new value with"
                        + " PutSecretValue instead.");
            });
        }
        for (String replication :
                List.of("ReplicateSecretToRegions", "RemoveRegionsFromReplication", "StopReplicationToReplica")) {
            t.read(replication, (c, in) -> {
                throw SecretsErrors.invalidRequest(
                        "Replicating secrets to other Regions is not supported by this Trent server: " + replication
                                + ".");
            });
        }
        return t;
    }

    private static ObjectNode secretValue(RequestContext c, Secrets secrets, Secret s, String versionId, String stage) {
        if (s.markedForDeletion()) throw SecretsErrors.markedForDeletion();
        SecretVersion v;
        if (versionId != null) {
            v = s.version(versionId);
            if (v == null || (stage != null && !v.stages().contains(stage))) {
                throw SecretsErrors.of(
                        "ResourceNotFoundException",
                        "Secrets Manager can't find the specified secret value for VersionId: " + versionId);
            }
        } else {
            String wanted = stage == null ? Secrets.CURRENT : stage;
            v = s.staged(wanted);
            if (v == null) {
                throw SecretsErrors.of(
                        "ResourceNotFoundException",
                        "Secrets Manager can't find the specified secret value for staging label: " + wanted);
            }
        }
        byte[] plain = secrets.open(c, s, v);
        try {
            ObjectNode out = obj().put("ARN", s.arn()).put("Name", s.name()).put("VersionId", v.versionId());
            if (v.binary()) out.put("SecretBinary", Base64.getEncoder().encodeToString(plain));
            else out.put("SecretString", new String(plain, StandardCharsets.UTF_8));
            ArrayNode st = out.putArray("VersionStages");
            v.stages().forEach(st::add);
            out.set("CreatedDate", time(v.created()));
            secrets.accessed(c, s);
            return out;
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    private static ObjectNode batchGet(RequestContext c, JsonNode in, Secrets secrets, SecretAccess access) {
        boolean byId = in.has("SecretIdList");
        boolean byFilter = in.has("Filters");
        if (byId == byFilter) {
            throw SecretsErrors.invalidParameter("Either SecretIdList or Filters must be provided, but not both.");
        }
        ObjectNode out = obj();
        ArrayNode values = out.putArray("SecretValues");
        ArrayNode errors = out.putArray("Errors");
        List<String> ids = new ArrayList<>();
        if (byId) {
            if (in.has("MaxResults")) {
                throw SecretsErrors.invalidParameter("MaxResults can be used with Filters only.");
            }
            ids.addAll(strings(in, "SecretIdList"));
        } else {
            Predicate<Secret> filter = SecretFilters.of(in.get("Filters"));
            List<Secret> matching = secrets.all(c).stream()
                    .filter(s -> !s.markedForDeletion())
                    .filter(filter)
                    .toList();
            NameTokens.Page<Secret> page = NameTokens.page(
                    matching, Secret::name, str(in, "NextToken"), maxResults(in, 20), "InvalidNextTokenException");
            page.items().forEach(s -> ids.add(s.arn()));
            if (page.nextToken() != null) out.put("NextToken", page.nextToken());
        }
        for (String id : ids) {
            try {
                Secret s = access.secret(c, "secretsmanager:GetSecretValue", secrets, id);
                ObjectNode v = secretValue(c, secrets, s, null, null);
                v.remove("ARN");
                ObjectNode entry = obj().put("ARN", s.arn());
                entry.setAll(v);
                values.add(entry);
            } catch (ServiceException e) {
                errors.addObject()
                        .put("SecretId", id)
                        .put("ErrorCode", e.errorCode())
                        .put("Message", e.getMessage());
            }
        }
        return out;
    }

    private static ObjectNode listSecrets(RequestContext c, JsonNode in, Secrets secrets) {
        boolean planned = isTrue(in, "IncludePlannedDeletion");
        Predicate<Secret> filter = SecretFilters.of(in.get("Filters"));
        String sortBy = in.path("SortBy").asText("created-date");
        Comparator<Secret> order = switch (sortBy) {
            case "name" -> Comparator.comparing(Secret::name);
            case "last-changed-date" -> Comparator.comparing(Secret::lastChanged);
            case "last-accessed-date" ->
                Comparator.comparing(Secret::lastAccessed, Comparator.nullsFirst(Comparator.naturalOrder()));
            default -> Comparator.comparing(Secret::created);
        };
        order = order.thenComparing(Secret::name);
        if ("desc".equals(str(in, "SortOrder"))) order = order.reversed();
        List<Secret> matching = secrets.all(c).stream()
                .filter(s -> planned || !s.markedForDeletion())
                .filter(filter)
                .sorted(order)
                .toList();
        // the token names the position in this order: index-prefixed names keep it stable between pages
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < matching.size(); i++)
            keys.add(String.format("%08d/%s", i, matching.get(i).name()));
        NameTokens.Page<String> page =
                NameTokens.page(keys, k -> k, str(in, "NextToken"), maxResults(in, 100), "InvalidNextTokenException");
        ObjectNode out = obj();
        ArrayNode arr = out.putArray("SecretList");
        for (String k : page.items()) {
            Secret s = matching.get(Integer.parseInt(k.substring(0, 8)));
            ObjectNode o = describe(s);
            o.set("SecretVersionsToStages", o.remove("VersionIdsToStages"));
            arr.add(o);
        }
        if (page.nextToken() != null) out.put("NextToken", page.nextToken());
        return out;
    }

    static ObjectNode describe(Secret s) {
        ObjectNode o = obj().put("ARN", s.arn()).put("Name", s.name());
        if (s.description() != null) o.put("Description", s.description());
        if (s.kmsKeyId() != null) o.put("KmsKeyId", s.kmsKeyId());
        o.put("RotationEnabled", false);
        o.set("LastChangedDate", time(s.lastChanged()));
        if (s.lastAccessed() != null) o.set("LastAccessedDate", time(s.lastAccessed()));
        if (s.deletedDate() != null) o.set("DeletedDate", time(s.deletedDate()));
        ArrayNode tags = o.putArray("Tags");
        for (Tag t : s.tags()) tags.addObject().put("Key", t.key()).put("Value", t.value());
        ObjectNode stages = o.putObject("VersionIdsToStages");
        for (SecretVersion v : s.versions()) {
            if (v.stages().isEmpty()) continue;
            ArrayNode st = stages.putArray(v.versionId());
            v.stages().forEach(st::add);
        }
        o.set("CreatedDate", time(s.created()));
        return o;
    }

    /** The value a request carries: SecretString or SecretBinary (one at most); null when neither. */
    private static Secrets.Value value(JsonNode in, boolean create) {
        boolean hasString = in.hasNonNull("SecretString");
        boolean hasBinary = in.hasNonNull("SecretBinary");
        if (hasString && hasBinary) {
            throw SecretsErrors.invalidParameter(
                    "You can't specify both a binary secret value and a string secret value in the same secret.");
        }
        if (hasString)
            return new Secrets.Value(in.get("SecretString").asText().getBytes(StandardCharsets.UTF_8), false);
        if (hasBinary) {
            try {
                return new Secrets.Value(
                        Base64.getDecoder().decode(in.get("SecretBinary").asText()), true);
            } catch (IllegalArgumentException e) {
                throw SecretsErrors.invalidParameter("SecretBinary is not valid base64.");
            }
        }
        return null;
    }

    private static void wipe(Secrets.Value v) {
        if (v != null) Arrays.fill(v.bytes(), (byte) 0);
    }
}
