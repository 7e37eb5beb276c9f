package dev.trent.core.iam;

import static dev.trent.core.iam.IamCodecs.instant;
import static dev.trent.core.iam.IamCodecs.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trent.core.Json;

/** How the Organizations records are stored: one JSON document each. */
final class OrgCodecs {
    private OrgCodecs() {}

    static final Table.Codec<Organization> ORGANIZATIONS = new Table.Codec<>() {
        @Override
        public byte[] encode(Organization o) {
            return Json.bytes(Json.object()
                    .put("Id", o.id())
                    .put("ManagementAccountId", o.managementAccountId())
                    .put("ManagementEmail", o.managementEmail())
                    .put("FeatureSet", o.featureSet())
                    .put("RootId", o.rootId())
                    .put("CreatedAt", o.createdAt().toString()));
        }

        @Override
        public Organization decode(String id, byte[] bytes) {
            JsonNode n = Json.parse(bytes);
            return new Organization(
                    text(n, "Id"),
                    text(n, "ManagementAccountId"),
                    text(n, "ManagementEmail"),
                    text(n, "FeatureSet"),
                    text(n, "RootId"),
                    instant(n, "CreatedAt"));
        }
    };

    static final Table.Codec<OrgAccount> ACCOUNTS = new Table.Codec<>() {
        @Override
        public byte[] encode(OrgAccount a) {
            return Json.bytes(Json.object()
                    .put("AccountId", a.accountId())
                    .put("OrganizationId", a.organizationId())
                    .put("Name", a.name())
                    .put("Email", a.email())
                    .put("JoinedMethod", a.joinedMethod())
                    .put("JoinedAt", a.joinedAt().toString()));
        }

        @Override
        public OrgAccount decode(String id, byte[] bytes) {
            JsonNode n = Json.parse(bytes);
            return new OrgAccount(
                    text(n, "AccountId"),
                    text(n, "OrganizationId"),
                    text(n, "Name"),
                    text(n, "Email"),
                    text(n, "JoinedMethod"),
                    instant(n, "JoinedAt"));
        }
    };

    static final Table.Codec<CreateAccountStatus> STATUSES = new Table.Codec<>() {
        @Override
        public byte[] encode(CreateAccountStatus s) {
            ObjectNode n = Json.object()
                    .put("Id", s.id())
                    .put("OrganizationId", s.organizationId())
                    .put("AccountName", s.accountName())
                    .put("State", s.state())
                    .put("RequestedAt", s.requestedAt().toString());
            if (s.completedAt() != null) n.put("CompletedAt", s.completedAt().toString());
            if (s.accountId() != null) n.put("AccountId", s.accountId());
            if (s.failureReason() != null) n.put("FailureReason", s.failureReason());
            return Json.bytes(n);
        }

        @Override
        public CreateAccountStatus decode(String id, byte[] bytes) {
            JsonNode n = Json.parse(bytes);
            return new CreateAccountStatus(
                    text(n, "Id"),
                    text(n, "OrganizationId"),
                    text(n, "AccountName"),
                    text(n, "State"),
                    instant(n, "RequestedAt"),
                    n.hasNonNull("CompletedAt") ? instant(n, "CompletedAt") : null,
                    n.hasNonNull("AccountId") ? n.get("AccountId").asText() : null,
                    n.hasNonNull("FailureReason") ? n.get("FailureReason").asText() : null);
        }
    };
}
