package dev.trent.core.kms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trent.core.Json;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Stored (JSON) form of grants, with wire names for operations and constraint kinds. */
final class GrantCodec {
    private GrantCodec() {}

    static byte[] encode(Grant g) {
        ObjectNode n = Json.object()
                .put("GrantId", g.grantId())
                .put("AccountId", g.key().accountId())
                .put("Region", g.key().region())
                .put("KeyId", g.key().id().value())
                .put("GranteePrincipal", g.granteePrincipal())
                .put("IssuingAccount", g.issuingAccount())
                .put("CreationDate", g.creationDate().toString());
        if (g.name() != null) n.put("Name", g.name());
        if (g.retiringPrincipal() != null) n.put("RetiringPrincipal", g.retiringPrincipal());
        ArrayNode ops = n.putArray("Operations");
        for (GrantOperation o : g.operations()) ops.add(o.wireName());
        if (g.constraints() != null) {
            ObjectNode c = n.putObject("Constraints").putObject(g.constraints().type());
            g.constraints().pairs().forEach(c::put);
        }
        return Json.bytes(n);
    }

    static Grant decode(byte[] bytes) {
        JsonNode n = Json.parse(bytes);
        Set<GrantOperation> ops = EnumSet.noneOf(GrantOperation.class);
        for (JsonNode o : n.path("Operations")) {
            GrantOperation op = GrantOperation.fromWire(o.asText());
            if (op == null) throw new IllegalStateException("unknown grant operation " + o.asText());
            ops.add(op);
        }
        GrantConstraints constraints = null;
        JsonNode c = n.get("Constraints");
        if (c != null) {
            if (c.has("EncryptionContextSubset")) {
                constraints = GrantConstraints.subset(pairs(c.get("EncryptionContextSubset")));
            } else if (c.has("EncryptionContextEquals")) {
                constraints = GrantConstraints.equalTo(pairs(c.get("EncryptionContextEquals")));
            }
        }
        return new Grant(
                n.get("GrantId").asText(),
                new KeyAddress(
                        n.get("AccountId").asText(),
                        n.get("Region").asText(),
                        KeyId.parse(n.get("KeyId").asText())),
                n.hasNonNull("Name") ? n.get("Name").asText() : null,
                n.get("GranteePrincipal").asText(),
                n.hasNonNull("RetiringPrincipal") ? n.get("RetiringPrincipal").asText() : null,
                n.get("IssuingAccount").asText(),
                ops,
                constraints,
                Instant.parse(n.get("CreationDate").asText()));
    }

    private static Map<String, String> pairs(JsonNode o) {
        Map<String, String> m = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = o.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            m.put(e.getKey(), e.getValue().asText());
        }
        return m;
    }
}
