package dev.trent.core.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trent.core.Caller;
import dev.trent.core.RequestContext;
import dev.trent.core.auth.policy.EvaluationContext;
import dev.trent.core.kms.KmsKey;
import dev.trent.core.kms.Tag;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A KMS request as policies see it: the action, the key ARN, the caller, and the condition keys, computed only when
 * a condition asks for one (most requests meet no condition at all). Values come from the caller, the request
 * context (source IP, TLS, time, {@code kms:ViaService}), the validated request body and the key:
 *
 * <ul>
 *   <li>global keys: {@code aws:PrincipalArn}, {@code aws:PrincipalAccount}, {@code aws:PrincipalType}, {@code
 *       aws:userid}, {@code aws:username} (IAM users only), {@code aws:PrincipalTag/*} (session tags override the
 *       identity's tags), {@code aws:PrincipalIsAWSService}, {@code aws:ResourceAccount}, {@code aws:ResourceTag/*},
 *       {@code aws:RequestTag/*} and {@code aws:TagKeys} (CreateKey, TagResource, ReplicateKey; UntagResource for
 *       {@code aws:TagKeys}), {@code aws:SourceIp} (absent for calls made by a service on the caller's behalf),
 *       {@code aws:CurrentTime}, {@code aws:EpochTime}, {@code aws:SecureTransport}, {@code aws:RequestedRegion},
 *       {@code aws:ViaAWSService};
 *   <li>KMS keys, as the KMS Developer Guide lists them: {@code kms:CallerAccount}, {@code kms:ViaService}, {@code
 *       kms:KeySpec}, {@code kms:KeyUsage}, {@code kms:KeyOrigin} (and the deprecated {@code
 *       kms:CustomerMasterKeySpec}/{@code Usage}), {@code kms:MultiRegion}, {@code kms:MultiRegionKeyType}, {@code
 *       kms:EncryptionAlgorithm}, {@code kms:EncryptionContext:<key>} and {@code kms:EncryptionContextKeys}
 *       (ReEncrypt: the source context for {@code kms:ReEncryptFrom}, the destination context for {@code
 *       kms:ReEncryptTo}; CreateGrant: the grant's constraint), {@code kms:SigningAlgorithm}, {@code
 *       kms:MessageType}, {@code kms:MacAlgorithm}, {@code kms:KeyAgreementAlgorithm}, {@code kms:DataKeyPairSpec},
 *       {@code kms:RequestAlias}, {@code kms:ResourceAliases}, {@code kms:GrantOperations}, {@code
 *       kms:GranteePrincipal}, {@code kms:RetiringPrincipal}, {@code kms:GrantConstraintType}, {@code
 *       kms:GrantIsForAWSResource}, {@code kms:BypassPolicyLockoutSafetyCheck}, {@code kms:ReEncryptOnSameKey},
 *       {@code kms:ScheduleKeyDeletionPendingWindowInDays}, {@code kms:RotationPeriodInDays}, {@code
 *       kms:WrappingAlgorithm}, {@code kms:WrappingKeySpec}, {@code kms:ExpirationModel}, {@code kms:ValidTo},
 *       {@code kms:PrimaryRegion}, {@code kms:ReplicaRegion}.
 * </ul>
 *
 * A request parameter with a documented default counts with its default when absent (the Developer Guide: "This
 * type of condition works even when the parameter doesn't appear in the request"); {@code
 * kms:BypassPolicyLockoutSafetyCheck} and {@code kms:ExpirationModel} are present only when the request names them
 * (the guide tests their absence with {@code Null}). {@code kms:ReEncryptOnSameKey} is known when the request names
 * the other key by id or ARN; otherwise it is absent.
 */
final class KmsConditionKeys implements EvaluationContext {
    static final String CREATE_KEY = "kms:CreateKey";
    static final String CREATE_GRANT = "kms:CreateGrant";
    private static final String ENCRYPT = "kms:Encrypt";
    private static final String DECRYPT = "kms:Decrypt";
    private static final String RE_ENCRYPT_FROM = "kms:ReEncryptFrom";
    private static final String RE_ENCRYPT_TO = "kms:ReEncryptTo";
    private static final String SYMMETRIC_DEFAULT = "SYMMETRIC_DEFAULT";

    private static final List<String> TRUE = List.of("true");
    private static final List<String> FALSE = List.of("false");

    private final RequestContext ctx;
    private final String action;
    private final String resource;
    private final KmsKey key;
    private final IdentityDirectory identities;
    private final Function<KmsKey, List<String>> aliases;

    private Map<String, String> identityTags;

    KmsConditionKeys(
            RequestContext ctx,
            String action,
            String resource,
            KmsKey key,
            IdentityDirectory identities,
            Function<KmsKey, List<String>> aliases) {
        this.ctx = ctx;
        this.action = action;
        this.resource = resource;
        this.key = key;
        this.identities = identities;
        this.aliases = aliases;
    }

    @Override
    public String action() {
        return action;
    }

    @Override
    public String resource() {
        return resource;
    }

    @Override
    public Caller caller() {
        return ctx.caller();
    }

    @Override
    public List<String> values(String name) {
        Caller c = ctx.caller();
        JsonNode req = ctx.request();
        switch (name) {
            case "aws:principalarn":
                return List.of(c.identityArn());
            case "aws:principalaccount":
            case "kms:calleraccount":
                return List.of(c.accountId());
            case "aws:principaltype":
                return List.of(
                        switch (c.type()) {
                            case ROOT -> "Account";
                            case IAM_USER -> "User";
                            case ASSUMED_ROLE -> "AssumedRole";
                        });
            case "aws:userid":
                return List.of(c.principalId());
            case "aws:username":
                return c.type() == Caller.PrincipalType.IAM_USER
                        ? List.of(c.identityArn().substring(c.identityArn().lastIndexOf('/') + 1))
                        : null;
            case "aws:principalisawsservice":
                return FALSE;
            case "aws:sourceip":
                return ctx.sourceIp().isEmpty() || !ctx.viaService().isEmpty() ? null : List.of(ctx.sourceIp());
            case "aws:currenttime":
                return List.of(ctx.receivedAt().truncatedTo(ChronoUnit.SECONDS).toString());
            case "aws:epochtime":
                return List.of(Long.toString(ctx.receivedAt().getEpochSecond()));
            case "aws:securetransport":
                return ctx.secureTransport() ? TRUE : FALSE;
            case "aws:requestedregion":
                return List.of(ctx.region());
            case "aws:viaawsservice":
                return ctx.viaService().isEmpty() ? FALSE : TRUE;
            case "aws:resourceaccount":
                return key == null ? null : List.of(key.accountId());
            case "aws:tagkeys":
                return tagKeys(req);
            case "kms:viaservice":
                return ctx.viaService().isEmpty() ? null : List.of(ctx.viaService());
            case "kms:keyspec":
            case "kms:customermasterkeyspec":
                if (key != null) return List.of(key.keySpec().wireName());
                if (!CREATE_KEY.equals(action)) return null;
                return List.of(text(req, "KeySpec", text(req, "CustomerMasterKeySpec", SYMMETRIC_DEFAULT)));
            case "kms:keyusage":
            case "kms:customermasterkeyusage":
                if (key != null) return List.of(key.keyUsage().wireName());
                return CREATE_KEY.equals(action) ? List.of(text(req, "KeyUsage", "ENCRYPT_DECRYPT")) : null;
            case "kms:keyorigin":
                if (key != null) return List.of(key.origin().wireName());
                return CREATE_KEY.equals(action) ? List.of(text(req, "Origin", "AWS_KMS")) : null;
            case "kms:multiregion":
                if (key != null) return multiRegion(key) ? TRUE : FALSE;
                if (!CREATE_KEY.equals(action)) return null;
                return req.path("MultiRegion").asBoolean(false) ? TRUE : FALSE;
            case "kms:multiregionkeytype":
                if (key != null) return multiRegion(key) ? List.of("PRIMARY") : null;
                return CREATE_KEY.equals(action) && req.path("MultiRegion").asBoolean(false)
                        ? List.of("PRIMARY")
                        : null;
            case "kms:encryptionalgorithm":
                return encryptionAlgorithm(req);
            case "kms:encryptioncontextkeys":
                return encryptionContextKeys(req);
            case "kms:signingalgorithm":
                return signOrVerify() ? present(req, "SigningAlgorithm") : null;
            case "kms:messagetype":
                return signOrVerify() ? List.of(text(req, "MessageType", "RAW")) : null;
            case "kms:macalgorithm":
                return "kms:GenerateMac".equals(action) || "kms:VerifyMac".equals(action)
                        ? present(req, "MacAlgorithm")
                        : null;
            case "kms:keyagreementalgorithm":
                return "kms:DeriveSharedSecret".equals(action) ? present(req, "KeyAgreementAlgorithm") : null;
            case "kms:datakeypairspec":
                return action.startsWith("kms:GenerateDataKeyPair") ? present(req, "KeyPairSpec") : null;
            case "kms:requestalias":
                return requestAlias(req);
            case "kms:resourcealiases":
                return resourceAliases();
            case "kms:grantoperations":
                return CREATE_GRANT.equals(action) ? strings(req.get("Operations")) : null;
            case "kms:granteeprincipal":
                return CREATE_GRANT.equals(action) ? present(req, "GranteePrincipal") : null;
            case "kms:retiringprincipal":
                return CREATE_GRANT.equals(action) ? present(req, "RetiringPrincipal") : null;
            case "kms:grantconstrainttype":
                return grantConstraintType(req);
            case "kms:grantisforawsresource":
                if (!CREATE_GRANT.equals(action)
                        && !"kms:ListGrants".equals(action)
                        && !"kms:RevokeGrant".equals(action)) {
                    return null;
                }
                return ctx.viaService().isEmpty() ? FALSE : TRUE;
            case "kms:bypasspolicylockoutsafetycheck":
                return CREATE_KEY.equals(action) || "kms:PutKeyPolicy".equals(action)
                        ? present(req, "BypassPolicyLockoutSafetyCheck")
                        : null;
            case "kms:reencryptonsamekey":
                return reEncryptOnSameKey(req);
            case "kms:schedulekeydeletionpendingwindowindays":
                return "kms:ScheduleKeyDeletion".equals(action)
                        ? List.of(text(req, "PendingWindowInDays", "30"))
                        : null;
            case "kms:rotationperiodindays":
                return "kms:EnableKeyRotation".equals(action)
                        ? List.of(text(req, "RotationPeriodInDays", "365"))
                        : null;
            case "kms:wrappingalgorithm":
                return "kms:GetParametersForImport".equals(action) ? present(req, "WrappingAlgorithm") : null;
            case "kms:wrappingkeyspec":
                return "kms:GetParametersForImport".equals(action) ? present(req, "WrappingKeySpec") : null;
            case "kms:expirationmodel":
                return "kms:ImportKeyMaterial".equals(action) ? present(req, "ExpirationModel") : null;
            case "kms:validto":
                return "kms:ImportKeyMaterial".equals(action) ? present(req, "ValidTo") : null;
            case "kms:primaryregion":
                return "kms:UpdatePrimaryRegion".equals(action) ? present(req, "PrimaryRegion") : null;
            case "kms:replicaregion":
                return "kms:ReplicateKey".equals(action) ? present(req, "ReplicaRegion") : null;
            default:
                break;
        }
        if (name.startsWith("aws:principaltag/")) return principalTag(name.substring("aws:principaltag/".length()));
        if (name.startsWith("aws:resourcetag/")) return resourceTag(name.substring("aws:resourcetag/".length()));
        if (name.startsWith("aws:requesttag/")) return requestTag(req, name.substring("aws:requesttag/".length()));
        if (name.startsWith("kms:encryptioncontext:")) {
            return encryptionContext(req, name.substring("kms:encryptioncontext:".length()));
        }
        return null;
    }

    // ------------------------------------------------------------------ principal and resource

    private List<String> principalTag(String tagKey) {
        Caller c = ctx.caller();
        for (Map.Entry<String, String> t : c.sessionTags().entrySet()) {
            if (t.getKey().equalsIgnoreCase(tagKey)) return List.of(t.getValue());
        }
        if (identityTags == null) {
            identityTags = c.isRoot() ? Map.of() : identities.principalTags(c.identityArn());
        }
        for (Map.Entry<String, String> t : identityTags.entrySet()) {
            if (t.getKey().equalsIgnoreCase(tagKey)) return List.of(t.getValue());
        }
        return null;
    }

    private List<String> resourceTag(String tagKey) {
        if (key == null) return null;
        for (Tag t : key.tags()) {
            if (t.key().equalsIgnoreCase(tagKey)) return List.of(t.value());
        }
        return null;
    }

    private static boolean multiRegion(KmsKey k) {
        return k.keyId().startsWith("mrk-");
    }

    private List<String> resourceAliases() {
        if (key == null) return null;
        List<String> names = aliases.apply(key);
        return names == null || names.isEmpty() ? null : names;
    }

    // ------------------------------------------------------------------ request tags

    private boolean tagsInRequest() {
        return CREATE_KEY.equals(action) || "kms:TagResource".equals(action) || "kms:ReplicateKey".equals(action);
    }

    private List<String> requestTag(JsonNode req, String tagKey) {
        if (!tagsInRequest()) return null;
        for (JsonNode t : req.path("Tags")) {
            if (t.path("TagKey").asText("").equalsIgnoreCase(tagKey))
                return List.of(t.path("TagValue").asText(""));
        }
        return null;
    }

    private List<String> tagKeys(JsonNode req) {
        if (tagsInRequest()) {
            List<String> keys = new ArrayList<>();
            for (JsonNode t : req.path("Tags")) keys.add(t.path("TagKey").asText(""));
            return keys.isEmpty() ? null : keys;
        }
        if ("kms:UntagResource".equals(action)) return strings(req.get("TagKeys"));
        return null;
    }

    // ------------------------------------------------------------------ cryptographic parameters

    private boolean signOrVerify() {
        return "kms:Sign".equals(action) || "kms:Verify".equals(action);
    }

    private List<String> encryptionAlgorithm(JsonNode req) {
        return switch (action) {
            case ENCRYPT, DECRYPT -> List.of(text(req, "EncryptionAlgorithm", SYMMETRIC_DEFAULT));
            case RE_ENCRYPT_FROM -> List.of(text(req, "SourceEncryptionAlgorithm", SYMMETRIC_DEFAULT));
            case RE_ENCRYPT_TO -> List.of(text(req, "DestinationEncryptionAlgorithm", SYMMETRIC_DEFAULT));
            case "kms:GenerateDataKey",
                    "kms:GenerateDataKeyWithoutPlaintext",
                    "kms:GenerateDataKeyPair",
                    "kms:GenerateDataKeyPairWithoutPlaintext" -> List.of(SYMMETRIC_DEFAULT);
            default -> null;
        };
    }

    /** The encryption context this action is checked against, or null if it has none. */
    private JsonNode encryptionContextOf(JsonNode req) {
        JsonNode ec = switch (action) {
            case ENCRYPT,
                    DECRYPT,
                    "kms:GenerateDataKey",
                    "kms:GenerateDataKeyWithoutPlaintext",
                    "kms:GenerateDataKeyPair",
                    "kms:GenerateDataKeyPairWithoutPlaintext" -> req.get("EncryptionContext");
            case RE_ENCRYPT_FROM -> req.get("SourceEncryptionContext");
            case RE_ENCRYPT_TO -> req.get("DestinationEncryptionContext");
            case CREATE_GRANT -> {
                JsonNode constraints = req.path("Constraints");
                JsonNode equals = constraints.get("EncryptionContextEquals");
                yield equals != null && equals.isObject() && !equals.isEmpty()
                        ? equals
                        : constraints.get("EncryptionContextSubset");
            }
            default -> null;
        };
        return ec != null && ec.isObject() && !ec.isEmpty() ? ec : null;
    }

    private List<String> encryptionContext(JsonNode req, String contextKey) {
        JsonNode ec = encryptionContextOf(req);
        if (ec == null) return null;
        List<String> out = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = ec.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equalsIgnoreCase(contextKey)) {
                if (out == null) out = new ArrayList<>(1);
                out.add(e.getValue().asText(""));
            }
        }
        return out;
    }

    private List<String> encryptionContextKeys(JsonNode req) {
        JsonNode ec = encryptionContextOf(req);
        if (ec == null) return null;
        List<String> out = new ArrayList<>(ec.size());
        for (Iterator<String> it = ec.fieldNames(); it.hasNext(); ) out.add(it.next());
        return out;
    }

    private List<String> requestAlias(JsonNode req) {
        String field = switch (action) {
            case RE_ENCRYPT_FROM -> "SourceKeyId";
            case RE_ENCRYPT_TO -> "DestinationKeyId";
            default -> "KeyId";
        };
        String ref = text(req, field, null);
        if (ref == null) return null;
        if (ref.startsWith("alias/")) return List.of(ref);
        int a = ref.startsWith("arn:") ? ref.indexOf(":alias/") : -1;
        return a < 0 ? null : List.of(ref.substring(a + 1));
    }

    private List<String> reEncryptOnSameKey(JsonNode req) {
        String other = switch (action) {
            case RE_ENCRYPT_FROM -> text(req, "DestinationKeyId", null);
            case RE_ENCRYPT_TO -> text(req, "SourceKeyId", null);
            default -> null;
        };
        if (other == null || key == null || other.startsWith("alias/") || other.contains(":alias/")) return null;
        return other.equals(key.keyId()) || other.equals(key.arn()) ? TRUE : FALSE;
    }

    // ------------------------------------------------------------------ grants

    private List<String> grantConstraintType(JsonNode req) {
        if (!CREATE_GRANT.equals(action)) return null;
        JsonNode constraints = req.path("Constraints");
        if (constraints.has("EncryptionContextEquals")) return List.of("EncryptionContextEquals");
        if (constraints.has("EncryptionContextSubset")) return List.of("EncryptionContextSubset");
        return null;
    }

    // ------------------------------------------------------------------ JSON helpers

    private static String text(JsonNode req, String field, String fallback) {
        JsonNode v = req.get(field);
        if (v == null || v.isNull() || v.isContainerNode()) return fallback;
        return v.asText();
    }

    private static List<String> present(JsonNode req, String field) {
        String v = text(req, field, null);
        return v == null ? null : List.of(v);
    }

    private static List<String> strings(JsonNode array) {
        if (array == null || !array.isArray() || array.isEmpty()) return null;
        List<String> out = new ArrayList<>(array.size());
        for (JsonNode n : array) out.add(n.asText(""));
        return out;
    }
}
