package dev.trent.server.kms;

import static dev.trent.server.kms.KmsJson.integer;
import static dev.trent.server.kms.KmsJson.obj;
import static dev.trent.server.kms.KmsJson.paged;
import static dev.trent.server.kms.KmsJson.str;
import static dev.trent.server.kms.KmsJson.time;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trent.core.RequestContext;
import dev.trent.core.kms.Alias;
import dev.trent.core.kms.AliasOperations;
import dev.trent.core.kms.AliasRequests;
import dev.trent.core.kms.Page;

/** CreateAlias, UpdateAlias, DeleteAlias and ListAliases on the wire. */
final class AliasApi {
    private final AliasOperations aliases;

    AliasApi(AliasOperations aliases) {
        this.aliases = aliases;
    }

    void register(KmsHandlers h) {
        h.inline("ListAliases", this::listAliases)
                .worker("CreateAlias", (c, in) -> {
                    aliases.createAlias(c, new AliasRequests.CreateAlias(str(in, "AliasName"), str(in, "TargetKeyId")));
                    return obj();
                })
                .worker("UpdateAlias", (c, in) -> {
                    aliases.updateAlias(c, new AliasRequests.UpdateAlias(str(in, "AliasName"), str(in, "TargetKeyId")));
                    return obj();
                })
                .worker("DeleteAlias", (c, in) -> {
                    aliases.deleteAlias(c, new AliasRequests.DeleteAlias(str(in, "AliasName")));
                    return obj();
                });
    }

    private ObjectNode listAliases(RequestContext c, JsonNode in) {
        Page<Alias> page = aliases.listAliases(
                c, new AliasRequests.ListAliases(str(in, "KeyId"), integer(in, "Limit"), str(in, "Marker")));
        ObjectNode out = obj();
        ArrayNode arr = out.putArray("Aliases");
        for (Alias a : page.items()) {
            ObjectNode o = arr.addObject().put("AliasName", a.name()).put("AliasArn", a.arn(c.partition()));
            // AWS's predefined alias/aws/... aliases with no key yet have neither a TargetKeyId nor dates.
            if (a.targetKeyId() != null) o.put("TargetKeyId", a.targetKeyId().toString());
            if (a.creationDate() != null) o.set("CreationDate", time(a.creationDate()));
            if (a.lastUpdatedDate() != null) o.set("LastUpdatedDate", time(a.lastUpdatedDate()));
        }
        return paged(out, page);
    }
}
