package dev.trent.core.auth.policy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a policy document (the IAM JSON policy grammar), checks it for its {@link PolicyKind}, and compiles its
 * statements. Everything that can be decided once is decided here: wildcard shapes, policy values parsed to their
 * operator's type, principals classified.
 */
final class PolicyParser {
    static final String V2012 = "2012-10-17";
    static final String V2008 = "2008-10-17";

    private static final Set<String> TOP = Set.of("Version", "Id", "Statement");
    private static final Set<String> STATEMENT = Set.of(
            "Sid",
            "Effect",
            "Principal",
            "NotPrincipal",
            "Action",
            "NotAction",
            "Resource",
            "NotResource",
            "Condition");
    private static final Set<String> PRINCIPAL_TYPES = Set.of("AWS", "Service", "Federated", "CanonicalUser");
    private static final Pattern ACTION = Pattern.compile("[A-Za-z0-9_.*?-]+:[A-Za-z0-9_*?-]+");
    private static final Pattern CONDITION_KEY = Pattern.compile("[A-Za-z0-9_.-]+:.+");
    private static final Pattern ALPHANUMERIC = Pattern.compile("[0-9A-Za-z]*");

    /** One JSON value and nothing after it; a key named twice is an error, not "the last one wins". */
    private static final ObjectReader READER;

    static {
        ObjectMapper mapper = new ObjectMapper();
        mapper.getFactory()
                .setStreamReadConstraints(
                        StreamReadConstraints.builder().maxNestingDepth(64).build());
        READER = mapper.reader()
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }

    private PolicyParser() {}

    record Parsed(String version, String id, Statement[] statements) {}

    static Parsed parse(String json, PolicyKind kind) throws MalformedPolicyException {
        Grammar g = new Grammar(kind);
        JsonNode doc;
        try {
            doc = json == null ? null : READER.readTree(json);
        } catch (IOException e) {
            throw g.notJson();
        }
        if (doc == null || doc.isMissingNode()) throw g.notJson();
        if (!doc.isObject()) throw g.notAnObject();
        for (Iterator<String> it = doc.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!TOP.contains(f)) throw g.unknownElement("The policy document", f);
        }
        JsonNode version = doc.get("Version");
        String v = V2008;
        if (version != null) {
            if (!version.isTextual() || !(V2012.equals(version.asText()) || V2008.equals(version.asText()))) {
                throw g.version(version.toString());
            }
            v = version.asText();
        }
        JsonNode id = doc.get("Id");
        if (id != null && !id.isTextual()) throw g.notText("the policy document", "Id");
        JsonNode statements = doc.get("Statement");
        if (statements == null) throw g.noStatement();
        List<JsonNode> list = new ArrayList<>();
        if (statements.isObject()) {
            list.add(statements);
        } else if (statements.isArray()) {
            int n = 0;
            for (JsonNode s : statements) {
                n++;
                if (!s.isObject()) throw g.statementNotObject(n);
                list.add(s);
            }
        } else {
            throw g.statementShape();
        }
        boolean variables = V2012.equals(v);
        Statement[] compiled = new Statement[list.size()];
        Set<String> sids = new HashSet<>();
        for (int i = 0; i < compiled.length; i++) {
            compiled[i] = statement(list.get(i), i, kind, g, variables, sids);
        }
        return new Parsed(v, id == null ? null : id.asText(), compiled);
    }

    private static Statement statement(
            JsonNode s, int index, PolicyKind kind, Grammar g, boolean variables, Set<String> sids)
            throws MalformedPolicyException {
        int n = index + 1;
        String where = "Statement " + n + " of the policy document";
        for (Iterator<String> it = s.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!STATEMENT.contains(f)) throw g.unknownElement(where, f);
        }
        JsonNode sidNode = s.get("Sid");
        String sid = "";
        if (sidNode != null) {
            if (!sidNode.isTextual()) throw g.notText(where.toLowerCase(Locale.ROOT), "Sid");
            sid = sidNode.asText();
            if (kind == PolicyKind.IDENTITY && !ALPHANUMERIC.matcher(sid).matches()) throw g.sidNotAlphanumeric();
            if (g.iam() && !sid.isEmpty() && !sids.add(sid)) throw g.duplicateSid();
        }
        JsonNode effect = s.get("Effect");
        if (effect == null || !effect.isTextual()) throw g.effect(n, effect == null ? null : effect.toString());
        boolean deny;
        switch (effect.asText()) {
            case "Allow" -> deny = false;
            case "Deny" -> deny = true;
            default -> throw g.effect(n, effect.toString());
        }

        // Principal / NotPrincipal
        JsonNode principal = s.get("Principal");
        JsonNode notPrincipal = s.get("NotPrincipal");
        Principals principals = null;
        if (kind == PolicyKind.IDENTITY) {
            if (principal != null || notPrincipal != null) throw g.principalInIdentityPolicy();
        } else {
            if (principal != null && notPrincipal != null) throw g.both(n, "Principal");
            if (principal == null && notPrincipal == null) throw g.noPrincipal();
            if (kind == PolicyKind.TRUST && notPrincipal != null) throw g.prohibited("NotPrincipal");
            principals = principals(principal != null ? principal : notPrincipal, g);
        }

        // Action / NotAction
        JsonNode action = s.get("Action");
        JsonNode notAction = s.get("NotAction");
        if (action != null && notAction != null) throw g.both(n, "Action");
        if (action == null && notAction == null) throw g.noActions(n);
        List<String> actionValues = strings(action != null ? action : notAction, g, where, "Action");
        if (actionValues.isEmpty()) throw g.noActions(n);
        Glob[] actions = new Glob[actionValues.size()];
        for (int i = 0; i < actions.length; i++) {
            String a = actionValues.get(i);
            if (!"*".equals(a) && !ACTION.matcher(a).matches()) throw g.action(n, a);
            actions[i] = Glob.of(a, true);
        }

        // Resource / NotResource
        JsonNode resource = s.get("Resource");
        JsonNode notResource = s.get("NotResource");
        if (resource != null && notResource != null) throw g.both(n, "Resource");
        Template[] resources = null;
        if (kind == PolicyKind.TRUST) {
            if (resource != null) throw g.prohibited("Resource");
            if (notResource != null) throw g.prohibited("NotResource");
            resources = new Template[] {Template.of("*", false)};
        } else if (resource == null && notResource == null) {
            if (kind == PolicyKind.IDENTITY) throw g.noResources();
        } else {
            List<String> values = strings(resource != null ? resource : notResource, g, where, "Resource");
            if (values.isEmpty()) throw g.emptyResource(n);
            resources = new Template[values.size()];
            for (int i = 0; i < resources.length; i++) {
                String r = values.get(i);
                if (r.isEmpty()) throw g.emptyResource(n);
                resources[i] = Template.of(r, variables);
            }
        }

        Condition[] conditions = conditions(s.get("Condition"), n, kind, g, variables);
        return new Statement(
                index,
                sid,
                deny,
                principals,
                notPrincipal != null,
                actions,
                notAction != null,
                resources,
                notResource != null,
                conditions);
    }

    private static Principals principals(JsonNode node, Grammar g) throws MalformedPolicyException {
        Principals.Builder b = new Principals.Builder();
        if (node.isTextual()) {
            if (!"*".equals(node.asText())) throw g.invalidPrincipal("AWS", node.asText());
            b.everyone();
            return b.build();
        }
        if (!node.isObject() || node.isEmpty()) throw g.invalidPrincipal("AWS", node.toString());
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String type = e.getKey();
            if (!PRINCIPAL_TYPES.contains(type))
                throw g.invalidPrincipal(type, e.getValue().toString());
            List<String> values = new ArrayList<>();
            JsonNode v = e.getValue();
            if (v.isTextual()) {
                values.add(v.asText());
            } else if (v.isArray() && !v.isEmpty()) {
                for (JsonNode x : v) {
                    if (!x.isTextual()) throw g.invalidPrincipal(type, x.toString());
                    values.add(x.asText());
                }
            } else {
                throw g.invalidPrincipal(type, v.toString());
            }
            for (String value : values) {
                if (value.isEmpty()) throw g.invalidPrincipal(type, value);
                if ("AWS".equals(type)) {
                    if (!b.aws(value)) throw g.invalidPrincipal(type, value);
                }
                // Service, Federated and CanonicalUser principals are well-formed but never name a Trent caller.
            }
        }
        return b.build();
    }

    private static Condition[] conditions(JsonNode node, int n, PolicyKind kind, Grammar g, boolean variables)
            throws MalformedPolicyException {
        if (node == null) return new Condition[0];
        if (!node.isObject()) throw g.condition(n, "the Condition must be an object of operators.");
        List<Condition> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> ops = node.fields(); ops.hasNext(); ) {
            Map.Entry<String, JsonNode> op = ops.next();
            String name = op.getKey();
            Condition.SetOperator set = Condition.SetOperator.NONE;
            String base = name;
            if (name.startsWith("ForAnyValue:")) {
                set = Condition.SetOperator.FOR_ANY_VALUE;
                base = name.substring("ForAnyValue:".length());
            } else if (name.startsWith("ForAllValues:")) {
                set = Condition.SetOperator.FOR_ALL_VALUES;
                base = name.substring("ForAllValues:".length());
            }
            boolean ifExists = base.endsWith("IfExists");
            if (ifExists) base = base.substring(0, base.length() - "IfExists".length());
            Operator operator = Operator.named(base);
            if (operator == null || (operator == Operator.NULL && (ifExists || set != Condition.SetOperator.NONE))) {
                throw g.condition(n, "\"" + name + "\" is not a condition operator.");
            }
            if (!op.getValue().isObject() || op.getValue().isEmpty()) {
                throw g.condition(n, "the operator " + name + " must map condition keys to values.");
            }
            for (Iterator<Map.Entry<String, JsonNode>> keys = op.getValue().fields(); keys.hasNext(); ) {
                Map.Entry<String, JsonNode> k = keys.next();
                String key = k.getKey();
                if (!CONDITION_KEY.matcher(key).matches()) throw g.conditionKey(n, key);
                String lower = key.toLowerCase(Locale.ROOT);
                if (kind == PolicyKind.RESOURCE && set == Condition.SetOperator.FOR_ALL_VALUES) {
                    if (lower.startsWith("kms:encryptioncontext:")) throw g.overlyPermissive(true);
                    if (lower.startsWith("aws:requesttag/")) throw g.overlyPermissive(false);
                }
                List<String> values = conditionValues(k.getValue());
                if (values == null || values.isEmpty()) {
                    throw g.condition(
                            n,
                            "the key " + key + " of " + name + " needs a string, number or boolean, or"
                                    + " an array of them.");
                }
                String[] problem = new String[1];
                Condition c = Condition.compile(operator, set, ifExists, lower, values, variables, problem);
                if (c == null) throw g.condition(n, problem[0]);
                out.add(c);
            }
        }
        return out.toArray(Condition[]::new);
    }

    private static List<String> conditionValues(JsonNode v) {
        List<String> out = new ArrayList<>();
        if (v.isArray()) {
            for (JsonNode x : v) {
                String s = scalar(x);
                if (s == null) return null;
                out.add(s);
            }
        } else {
            String s = scalar(v);
            if (s == null) return null;
            out.add(s);
        }
        return out;
    }

    private static String scalar(JsonNode x) {
        if (x.isTextual()) return x.asText();
        if (x.isBoolean()) return x.asText();
        if (x.isIntegralNumber()) return x.asText();
        if (x.isNumber()) return x.decimalValue().toPlainString();
        return null;
    }

    private static List<String> strings(JsonNode node, Grammar g, String where, String element)
            throws MalformedPolicyException {
        List<String> out = new ArrayList<>();
        if (node.isTextual()) {
            out.add(node.asText());
        } else if (node.isArray()) {
            for (JsonNode x : node) {
                if (!x.isTextual()) throw g.notText(where.toLowerCase(Locale.ROOT), "each " + element);
                out.add(x.asText());
            }
        } else {
            throw g.notText(where.toLowerCase(Locale.ROOT), element);
        }
        return out;
    }
}
