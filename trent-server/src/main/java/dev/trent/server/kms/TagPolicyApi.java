package dev.trent.server.kms;

import static dev.trent.server.kms.KmsJson.bool;
import static dev.trent.server.kms.KmsJson.integer;
import static dev.trent.server.kms.KmsJson.obj;
import static dev.trent.server.kms.KmsJson.paged;
import static dev.trent.server.kms.KmsJson.str;
import static dev.trent.server.kms.KmsJson.strings;
import static dev.trent.server.kms.KmsJson.tags;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trent.core.RequestContext;
import dev.trent.core.kms.Page;
import dev.trent.core.kms.Tag;
import dev.trent.core.kms.TagPolicyRequests;
import dev.trent.core.kms.TagsAndPolicies;

/** Tags and key policies on the wire. */
final class TagPolicyApi {
    private final TagsAndPolicies ops;

    TagPolicyApi(TagsAndPolicies ops) {
        this.ops = ops;
    }

    void register(KmsHandlers h) {
        h.inline("ListResourceTags", this::listResourceTags)
                .inline("GetKeyPolicy", this::getKeyPolicy)
                .inline("ListKeyPolicies", this::listKeyPolicies)
                .worker("TagResource", (c, in) -> {
                    ops.tagResource(c, new TagPolicyRequests.TagResource(str(in, "KeyId"), tags(in.get("Tags"))));
                    return obj();
                })
                .worker("UntagResource", (c, in) -> {
                    ops.untagResource(
                            c, new TagPolicyRequests.UntagResource(str(in, "KeyId"), strings(in.get("TagKeys"))));
                    return obj();
                })
                .worker("PutKeyPolicy", (c, in) -> {
                    ops.putKeyPolicy(
                            c,
                            new TagPolicyRequests.PutKeyPolicy(
                                    str(in, "KeyId"),
                                    str(in, "PolicyName"),
                                    str(in, "Policy"),
                                    bool(in, "BypassPolicyLockoutSafetyCheck")));
                    return obj();
                });
    }

    private ObjectNode getKeyPolicy(RequestContext c, JsonNode in) {
        String policy = ops.getKeyPolicy(c, new TagPolicyRequests.GetKeyPolicy(str(in, "KeyId"), str(in, "PolicyName")))
                .policy();
        return obj().put("Policy", policy).put("PolicyName", "default");
    }

    private ObjectNode listResourceTags(RequestContext c, JsonNode in) {
        Page<Tag> page = ops.listResourceTags(
                c, new TagPolicyRequests.ListResourceTags(str(in, "KeyId"), integer(in, "Limit"), str(in, "Marker")));
        ObjectNode out = obj();
        ArrayNode arr = out.putArray("Tags");
        for (Tag t : page.items()) arr.addObject().put("TagKey", t.key()).put("TagValue", t.value());
        return paged(out, page);
    }

    private ObjectNode listKeyPolicies(RequestContext c, JsonNode in) {
        Page<String> page = ops.listKeyPolicies(
                c, new TagPolicyRequests.ListKeyPolicies(str(in, "KeyId"), integer(in, "Limit"), str(in, "Marker")));
        ObjectNode out = obj();
        ArrayNode arr = out.putArray("PolicyNames");
        page.items().forEach(arr::add);
        return paged(out, page);
    }
}
