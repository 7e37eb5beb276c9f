package dev.trent.server.iam;

import static dev.trent.server.iam.IamJson.integer;
import static dev.trent.server.iam.IamJson.isTrue;
import static dev.trent.server.iam.IamJson.obj;
import static dev.trent.server.iam.IamJson.paged;
import static dev.trent.server.iam.IamJson.putTags;
import static dev.trent.server.iam.IamJson.str;
import static dev.trent.server.iam.IamJson.strings;
import static dev.trent.server.iam.IamJson.tags;
import static dev.trent.server.iam.IamJson.time;
import static dev.trent.server.iam.IamJson.urlEncode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trent.core.Caller;
import dev.trent.core.RequestContext;
import dev.trent.core.iam.AccessKey;
import dev.trent.core.iam.Entities;
import dev.trent.core.iam.IamEntity;
import dev.trent.core.iam.IamErrors;
import dev.trent.core.iam.IamPage;
import dev.trent.core.iam.IamRole;
import dev.trent.core.iam.IamUser;
import dev.trent.core.iam.IdentityStore;
import dev.trent.core.iam.InlinePolicy;
import dev.trent.core.iam.ManagedPolicies;
import dev.trent.core.iam.ManagedPolicy;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * IAM's operations on the wire: users, access keys, roles, inline and managed policies, attachments and tags, as the
 * botocore IAM model shapes their input and output. Every operation acts in the caller's account. Policy documents
 * are returned URL-encoded, as IAM returns them.
 */
final class IamApi {
    private final IdentityStore ids;

    IamApi(IdentityStore ids) {
        this.ids = ids;
    }

    void register(OperationTable t) {
        // users
        t.write("CreateUser", (c, in) -> {
            IamUser u = ids.users().create(c.accountId(), str(in, "UserName"), str(in, "Path"), boundaryless(in));
            return one("User", user(u, true));
        });
        t.read("GetUser", this::getUser);
        t.read("ListUsers", (c, in) -> {
            IamPage<IamUser> page =
                    ids.users().list(c.accountId(), str(in, "PathPrefix"), str(in, "Marker"), integer(in, "MaxItems"));
            ObjectNode out = obj();
            ArrayNode arr = out.putArray("Users");
            for (IamUser u : page.items()) arr.add(user(u, false));
            return paged(out, page);
        });
        t.write("UpdateUser", (c, in) -> {
            ids.users().update(c.accountId(), str(in, "UserName"), str(in, "NewUserName"), str(in, "NewPath"));
            return obj();
        });
        t.write("DeleteUser", (c, in) -> {
            ids.users().delete(c.accountId(), str(in, "UserName"));
            return obj();
        });
        entityTags(t, "User", "UserName", ids.users());
        // what Trent's users never have (groups, MFA devices, SSH keys, certificates, console passwords): listed
        // empty for an existing user, as tools that delete users (Terraform) list them first
        emptyUserListing(t, "ListGroupsForUser", "Groups");
        emptyUserListing(t, "ListMFADevices", "MFADevices");
        emptyUserListing(t, "ListSSHPublicKeys", "SSHPublicKeys");
        emptyUserListing(t, "ListServiceSpecificCredentials", "ServiceSpecificCredentials");
        emptyUserListing(t, "ListSigningCertificates", "Certificates");
        t.read("GetLoginProfile", (c, in) -> {
            String name = ids.users().get(c.accountId(), str(in, "UserName")).name();
            throw new dev.trent.core.ServiceException(
                    IamErrors.NO_SUCH_ENTITY, 404, "Login Profile for User " + name + " cannot be found.");
        });

        // access keys
        t.write("CreateAccessKey", (c, in) -> {
            AccessKey k = ids.iamAccessKeys().create(c.caller(), str(in, "UserName"));
            ObjectNode key = keyMetadata(k).put("SecretAccessKey", k.secretAccessKey());
            return one("AccessKey", key);
        });
        t.read("ListAccessKeys", (c, in) -> {
            IamPage<AccessKey> page = ids.iamAccessKeys()
                    .list(c.caller(), str(in, "UserName"), str(in, "Marker"), integer(in, "MaxItems"));
            ObjectNode out = obj();
            ArrayNode arr = out.putArray("AccessKeyMetadata");
            for (AccessKey k : page.items()) arr.add(keyMetadata(k));
            return paged(out, page);
        });
        t.write("UpdateAccessKey", (c, in) -> {
            String status = str(in, "Status");
            if (!"Active".equals(status) && !"Inactive".equals(status)) {
                throw IamErrors.invalidInput("Status must be Active or Inactive.");
            }
            ids.iamAccessKeys()
                    .update(c.caller(), str(in, "UserName"), str(in, "AccessKeyId"), "Active".equals(status));
            return obj();
        });
        t.write("DeleteAccessKey", (c, in) -> {
            ids.iamAccessKeys().delete(c.caller(), str(in, "UserName"), str(in, "AccessKeyId"));
            return obj();
        });

        // roles
        t.write("CreateRole", (c, in) -> {
            IamRole r = ids.roles()
                    .create(
                            c.accountId(),
                            str(in, "RoleName"),
                            str(in, "Path"),
                            str(in, "AssumeRolePolicyDocument"),
                            str(in, "Description"),
                            integer(in, "MaxSessionDuration"),
                            boundaryless(in));
            return one("Role", role(r, true, false));
        });
        t.read(
                "GetRole",
                (c, in) -> one("Role", role(ids.roles().get(c.accountId(), str(in, "RoleName")), true, true)));
        t.read("ListRoles", (c, in) -> {
            IamPage<IamRole> page =
                    ids.roles().list(c.accountId(), str(in, "PathPrefix"), str(in, "Marker"), integer(in, "MaxItems"));
            ObjectNode out = obj();
            ArrayNode arr = out.putArray("Roles");
            for (IamRole r : page.items()) arr.add(role(r, false, false));
            return paged(out, page);
        });
        t.write("DeleteRole", (c, in) -> {
            ids.roles().delete(c.accountId(), str(in, "RoleName"));
            return obj();
        });
        t.write("UpdateAssumeRolePolicy", (c, in) -> {
            ids.roles().updateTrustPolicy(c.accountId(), str(in, "RoleName"), str(in, "PolicyDocument"));
            return obj();
        });
        t.write("UpdateRole", (c, in) -> {
            ids.roles()
                    .update(
                            c.accountId(),
                            str(in, "RoleName"),
                            str(in, "Description"),
                            integer(in, "MaxSessionDuration"));
            return obj();
        });
        t.write("UpdateRoleDescription", (c, in) -> {
            ids.roles().update(c.accountId(), str(in, "RoleName"), str(in, "Description"), null);
            return one("Role", role(ids.roles().get(c.accountId(), str(in, "RoleName")), true, false));
        });
        t.read("ListInstanceProfilesForRole", (c, in) -> {
            ids.roles().get(c.accountId(), str(in, "RoleName"));
            ObjectNode out = obj();
            out.putArray("InstanceProfiles"); // Trent has no instance profiles
            return out.put("IsTruncated", false);
        });
        entityTags(t, "Role", "RoleName", ids.roles());

        // inline and attached policies of users and roles
        entityPolicies(t, "User", "UserName", ids.users());
        entityPolicies(t, "Role", "RoleName", ids.roles());

        // managed policies
        t.write("CreatePolicy", (c, in) -> {
            ManagedPolicy p = ids.policies()
                    .create(
                            c.accountId(),
                            str(in, "PolicyName"),
                            str(in, "Path"),
                            str(in, "PolicyDocument"),
                            str(in, "Description"),
                            tags(in, "Tags"));
            return one("Policy", policy(c.accountId(), p, true));
        });
        t.read(
                "GetPolicy",
                (c, in) -> one(
                        "Policy",
                        policy(c.accountId(), ids.policies().get(c.accountId(), str(in, "PolicyArn")), true)));
        t.read("ListPolicies", (c, in) -> {
            if ("PermissionsBoundary".equals(str(in, "PolicyUsageFilter"))) {
                ObjectNode out = obj();
                out.putArray("Policies");
                return out.put("IsTruncated", false);
            }
            IamPage<ManagedPolicy> page = ids.policies()
                    .list(
                            c.accountId(),
                            scope(str(in, "Scope")),
                            isTrue(in, "OnlyAttached"),
                            str(in, "PathPrefix"),
                            str(in, "Marker"),
                            integer(in, "MaxItems"));
            ObjectNode out = obj();
            ArrayNode arr = out.putArray("Policies");
            for (ManagedPolicy p : page.items()) arr.add(policy(c.accountId(), p, false));
            return paged(out, page);
        });
        t.write("DeletePolicy", (c, in) -> {
            ids.policies().delete(c.accountId(), str(in, "PolicyArn"));
            return obj();
        });
        t.read("GetPolicyVersion", (c, in) -> {
            String arn = str(in, "PolicyArn");
            ManagedPolicy p = ids.policies().get(c.accountId(), arn);
            ManagedPolicy.PolicyVersion v = ids.policies().version(c.accountId(), arn, str(in, "VersionId"));
            return one("PolicyVersion", version(p, v, true));
        });
        t.read("ListPolicyVersions", (c, in) -> {
            String arn = str(in, "PolicyArn");
            ManagedPolicy p = ids.policies().get(c.accountId(), arn);
            IamPage<ManagedPolicy.PolicyVersion> page =
                    ids.policies().versions(c.accountId(), arn, str(in, "Marker"), integer(in, "MaxItems"));
            ObjectNode out = obj();
            ArrayNode arr = out.putArray("Versions");
            for (ManagedPolicy.PolicyVersion v : page.items()) arr.add(version(p, v, false));
            return paged(out, page);
        });
        t.write("CreatePolicyVersion", (c, in) -> {
            String arn = str(in, "PolicyArn");
            ManagedPolicy.PolicyVersion v = ids.policies()
                    .createVersion(c.accountId(), arn, str(in, "PolicyDocument"), isTrue(in, "SetAsDefault"));
            return one("PolicyVersion", version(ids.policies().get(c.accountId(), arn), v, false));
        });
        t.write("SetDefaultPolicyVersion", (c, in) -> {
            ids.policies().setDefaultVersion(c.accountId(), str(in, "PolicyArn"), str(in, "VersionId"));
            return obj();
        });
        t.write("DeletePolicyVersion", (c, in) -> {
            ids.policies().deleteVersion(c.accountId(), str(in, "PolicyArn"), str(in, "VersionId"));
            return obj();
        });
        t.write("TagPolicy", (c, in) -> {
            ids.policies().tag(c.accountId(), str(in, "PolicyArn"), tags(in, "Tags"));
            return obj();
        });
        t.write("UntagPolicy", (c, in) -> {
            ids.policies().untag(c.accountId(), str(in, "PolicyArn"), strings(in, "TagKeys"));
            return obj();
        });
        t.read("ListPolicyTags", (c, in) -> {
            ManagedPolicy p = ids.policies().get(c.accountId(), str(in, "PolicyArn"));
            ObjectNode out = obj();
            putTags(out, "Tags", p.tags());
            return out.put("IsTruncated", false);
        });
    }

    // ------------------------------------------------------------------ operations

    /** GetUser: the user named, or without a name the caller (for a root caller, the root user). */
    private ObjectNode getUser(RequestContext c, JsonNode in) {
        String name = str(in, "UserName");
        if (name != null) return one("User", user(ids.users().get(c.accountId(), name), true));
        Caller caller = c.caller();
        return switch (caller.type()) {
            case ROOT -> {
                ObjectNode root = obj().put("UserId", c.accountId()).put("Arn", IdentityStore.rootArn(c.accountId()));
                Instant created = ids.accountCreated(c.accountId()).orElse(Instant.EPOCH);
                root.set("CreateDate", time(created));
                yield one("User", root);
            }
            case IAM_USER -> {
                IamUser u = ids.userByArn(caller.identityArn())
                        .orElseThrow(() -> IamErrors.noSuchEntity("user", caller.principalArn()));
                yield one("User", user(u, true));
            }
            case ASSUMED_ROLE ->
                throw IamErrors.validation("Must specify userName when calling with non-User credentials");
        };
    }

    /** A listing of something Trent's users never have: empty, once the user (if one is named) is found. */
    private void emptyUserListing(OperationTable t, String operation, String member) {
        t.read(operation, (c, in) -> {
            String name = str(in, "UserName");
            if (name != null) ids.users().get(c.accountId(), name);
            ObjectNode out = obj();
            out.putArray(member);
            return out.put("IsTruncated", false);
        });
    }

    private static <E extends IamEntity> void entityTags(OperationTable t, String kind, String member, Entities<E> es) {
        t.write("Tag" + kind, (c, in) -> {
            es.tag(c.accountId(), str(in, member), tags(in, "Tags"));
            return obj();
        });
        t.write("Untag" + kind, (c, in) -> {
            es.untag(c.accountId(), str(in, member), strings(in, "TagKeys"));
            return obj();
        });
        t.read("List" + kind + "Tags", (c, in) -> {
            IamPage<Map.Entry<String, String>> page =
                    es.listTags(c.accountId(), str(in, member), str(in, "Marker"), integer(in, "MaxItems"));
            ObjectNode out = obj();
            ArrayNode arr = out.putArray("Tags");
            for (Map.Entry<String, String> e : page.items()) {
                arr.addObject().put("Key", e.getKey()).put("Value", e.getValue());
            }
            return paged(out, page);
        });
    }

    private <E extends IamEntity> void entityPolicies(OperationTable t, String kind, String member, Entities<E> es) {
        t.write("Put" + kind + "Policy", (c, in) -> {
            es.putPolicy(c.accountId(), str(in, member), str(in, "PolicyName"), str(in, "PolicyDocument"));
            return obj();
        });
        t.read("Get" + kind + "Policy", (c, in) -> {
            E e = es.get(c.accountId(), str(in, member));
            InlinePolicy p = es.getPolicy(c.accountId(), e.name(), str(in, "PolicyName"));
            return obj().put(member, e.name())
                    .put("PolicyName", p.name())
                    .put("PolicyDocument", urlEncode(p.document()));
        });
        t.read("List" + kind + "Policies", (c, in) -> {
            IamPage<String> page =
                    es.listPolicies(c.accountId(), str(in, member), str(in, "Marker"), integer(in, "MaxItems"));
            ObjectNode out = obj();
            ArrayNode arr = out.putArray("PolicyNames");
            page.items().forEach(arr::add);
            return paged(out, page);
        });
        t.write("Delete" + kind + "Policy", (c, in) -> {
            es.deletePolicy(c.accountId(), str(in, member), str(in, "PolicyName"));
            return obj();
        });
        t.write("Attach" + kind + "Policy", (c, in) -> {
            es.attachPolicy(c.accountId(), str(in, member), str(in, "PolicyArn"));
            return obj();
        });
        t.write("Detach" + kind + "Policy", (c, in) -> {
            es.detachPolicy(c.accountId(), str(in, member), str(in, "PolicyArn"));
            return obj();
        });
        t.read("ListAttached" + kind + "Policies", (c, in) -> {
            IamPage<ManagedPolicy> page = es.listAttached(
                    c.accountId(), str(in, member), str(in, "PathPrefix"), str(in, "Marker"), integer(in, "MaxItems"));
            ObjectNode out = obj();
            ArrayNode arr = out.putArray("AttachedPolicies");
            for (ManagedPolicy p : page.items())
                arr.addObject().put("PolicyName", p.name()).put("PolicyArn", p.arn());
            return paged(out, page);
        });
    }

    // ------------------------------------------------------------------ shapes

    private static ObjectNode one(String name, ObjectNode value) {
        ObjectNode out = obj();
        out.set(name, value);
        return out;
    }

    /** The {@code User} shape; {@code withTags}: GetUser and CreateUser return tags, ListUsers does not. */
    static ObjectNode user(IamUser u, boolean withTags) {
        ObjectNode o = obj().put("Path", u.path())
                .put("UserName", u.name())
                .put("UserId", u.userId())
                .put("Arn", u.arn());
        o.set("CreateDate", time(u.createDate()));
        if (withTags && !u.tags().isEmpty()) putTags(o, "Tags", u.tags());
        return o;
    }

    /** The {@code Role} shape; tags (GetRole, CreateRole) and the last use (GetRole) when asked. */
    static ObjectNode role(IamRole r, boolean withTags, boolean withLastUsed) {
        ObjectNode o = obj().put("Path", r.path())
                .put("RoleName", r.name())
                .put("RoleId", r.roleId())
                .put("Arn", r.arn());
        o.set("CreateDate", time(r.createDate()));
        o.put("AssumeRolePolicyDocument", urlEncode(r.trustPolicy()));
        if (r.description() != null) o.put("Description", r.description());
        o.put("MaxSessionDuration", r.maxSessionDuration());
        if (withTags && !r.tags().isEmpty()) putTags(o, "Tags", r.tags());
        if (withLastUsed) o.putObject("RoleLastUsed");
        return o;
    }

    private ObjectNode policy(String accountId, ManagedPolicy p, boolean full) {
        ObjectNode o = obj().put("PolicyName", p.name())
                .put("PolicyId", p.policyId())
                .put("Arn", p.arn())
                .put("Path", p.path())
                .put("DefaultVersionId", p.defaultVersionId())
                .put("AttachmentCount", ids.policies().attachmentCount(accountId, p.arn()))
                .put("PermissionsBoundaryUsageCount", 0)
                .put("IsAttachable", true);
        if (full && p.description() != null) o.put("Description", p.description());
        o.set("CreateDate", time(p.createDate()));
        o.set("UpdateDate", time(p.updateDate()));
        if (full && !p.tags().isEmpty()) putTags(o, "Tags", p.tags());
        return o;
    }

    private static ObjectNode version(ManagedPolicy p, ManagedPolicy.PolicyVersion v, boolean withDocument) {
        ObjectNode o = obj();
        if (withDocument) o.put("Document", urlEncode(v.document()));
        o.put("VersionId", v.versionId()).put("IsDefaultVersion", v.versionId().equals(p.defaultVersionId()));
        o.set("CreateDate", time(v.createDate()));
        return o;
    }

    private static ObjectNode keyMetadata(AccessKey k) {
        ObjectNode o = obj();
        if (!IdentityStore.isRootArn(k.principalArn())) o.put("UserName", k.userName());
        o.put("AccessKeyId", k.accessKeyId()).put("Status", k.status());
        o.set("CreateDate", time(k.createdAt()));
        return o;
    }

    private static ManagedPolicies.Scope scope(String s) {
        if (s == null || "All".equals(s)) return ManagedPolicies.Scope.ALL;
        return "AWS".equals(s) ? ManagedPolicies.Scope.AWS : ManagedPolicies.Scope.LOCAL;
    }

    /** The tags of a CreateUser or CreateRole; a permissions boundary is refused (never silently ignored). */
    private static List<Map.Entry<String, String>> boundaryless(JsonNode in) {
        if (str(in, "PermissionsBoundary") != null) {
            throw IamErrors.invalidInput("Trent does not support permissions boundaries yet.");
        }
        return tags(in, "Tags");
    }
}
