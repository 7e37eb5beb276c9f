package dev.trent.server.kms;

import static dev.trent.server.kms.KmsJson.context;
import static dev.trent.server.kms.KmsJson.integer;
import static dev.trent.server.kms.KmsJson.isTrue;
import static dev.trent.server.kms.KmsJson.obj;
import static dev.trent.server.kms.KmsJson.paged;
import static dev.trent.server.kms.KmsJson.str;
import static dev.trent.server.kms.KmsJson.strings;
import static dev.trent.server.kms.KmsJson.time;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trent.core.RequestContext;
import dev.trent.core.kms.Grant;
import dev.trent.core.kms.GrantConstraints;
import dev.trent.core.kms.GrantOperation;
import dev.trent.core.kms.GrantRequests;
import dev.trent.core.kms.Grants;
import dev.trent.core.kms.Page;
import java.util.Map;

/** CreateGrant, ListGrants, ListRetirableGrants, RetireGrant and RevokeGrant on the wire. */
final class GrantApi {
    private final Grants grants;

    GrantApi(Grants grants) {
        this.grants = grants;
    }

    void register(KmsHandlers h) {
        h.worker("CreateGrant", this::createGrant)
                .inline("ListGrants", this::listGrants)
                .inline("ListRetirableGrants", this::listRetirableGrants)
                .worker("RetireGrant", (c, in) -> {
                    grants.retireGrant(
                            c,
                            new GrantRequests.RetireGrant(
                                    str(in, "GrantToken"), str(in, "KeyId"), str(in, "GrantId"), isTrue(in, "DryRun")));
                    return obj();
                })
                .worker("RevokeGrant", (c, in) -> {
                    grants.revokeGrant(
                            c,
                            new GrantRequests.RevokeGrant(str(in, "KeyId"), str(in, "GrantId"), isTrue(in, "DryRun")));
                    return obj();
                });
    }

    private ObjectNode createGrant(RequestContext c, JsonNode in) {
        JsonNode constraints = in.path("Constraints");
        GrantRequests.CreatedGrant created = grants.createGrant(
                c,
                new GrantRequests.CreateGrant(
                        str(in, "KeyId"),
                        str(in, "GranteePrincipal"),
                        str(in, "RetiringPrincipal"),
                        in.has("Operations") ? strings(in.get("Operations")) : null,
                        contextOrNull(constraints, "EncryptionContextSubset"),
                        contextOrNull(constraints, "EncryptionContextEquals"),
                        str(in, "Name"),
                        isTrue(in, "DryRun")));
        return obj().put("GrantToken", created.grantToken()).put("GrantId", created.grantId());
    }

    private static Map<String, String> contextOrNull(JsonNode constraints, String member) {
        return constraints.hasNonNull(member) ? context(constraints, member) : null;
    }

    private ObjectNode listGrants(RequestContext c, JsonNode in) {
        return listed(grants.listGrants(
                c,
                new GrantRequests.ListGrants(
                        str(in, "KeyId"),
                        integer(in, "Limit"),
                        str(in, "Marker"),
                        str(in, "GrantId"),
                        str(in, "GranteePrincipal"))));
    }

    private ObjectNode listRetirableGrants(RequestContext c, JsonNode in) {
        return listed(grants.listRetirableGrants(
                c,
                new GrantRequests.ListRetirableGrants(
                        str(in, "RetiringPrincipal"), integer(in, "Limit"), str(in, "Marker"))));
    }

    /** ListGrantsResponse: GrantListEntry members in the order of the model, absent ones left out. */
    private static ObjectNode listed(Page<GrantRequests.ListedGrant> page) {
        ObjectNode out = obj();
        ArrayNode arr = out.putArray("Grants");
        for (GrantRequests.ListedGrant l : page.items()) {
            Grant g = l.grant();
            ObjectNode e = arr.addObject().put("KeyId", l.keyArn()).put("GrantId", g.grantId());
            if (g.name() != null) e.put("Name", g.name());
            e.set("CreationDate", time(g.creationDate()));
            e.put("GranteePrincipal", g.granteePrincipal());
            if (g.retiringPrincipal() != null) e.put("RetiringPrincipal", g.retiringPrincipal());
            e.put("IssuingAccount", l.issuingAccountArn());
            ArrayNode ops = e.putArray("Operations");
            for (GrantOperation o : g.operations()) ops.add(o.wireName());
            GrantConstraints k = g.constraints();
            if (k != null) {
                ObjectNode pairs = e.putObject("Constraints").putObject(k.type());
                k.pairs().forEach(pairs::put);
            }
        }
        return paged(out, page);
    }
}
