package dev.trent.core.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Policy documents for fuzzing the policy parsers: mostly policy-shaped JSON (Version, Statement, Effect,
 * Principal, Action, Resource, Condition with real and broken values, wildcards, nesting), some of it mutated, and
 * some arbitrary JSON or text.
 */
public final class PolicyTexts {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final List<String> WORDS = List.of(
            "2012-10-17",
            "2008-10-17",
            "2012-10-18",
            "Allow",
            "Deny",
            "allow",
            "*",
            "kms:*",
            "kms:Put*",
            "kms:PutKeyPolicy",
            "kms:putkeypolicy",
            "kms:Encrypt",
            "kms:?ut*",
            "iam:*",
            "arn:aws:iam::111122223333:root",
            "arn:aws:iam::111122223333:user/alice",
            "arn:aws:sts::111122223333:assumed-role/r/s",
            "arn:aws:iam::111122223333:role/r",
            "111122223333",
            "arn:aws:kms:us-east-1:111122223333:key/*",
            "arn:aws-cn:iam::111122223333:root",
            "${aws:username}",
            "**",
            "*?*?*?*?*?*?*?*?",
            "");
    private static final List<String> STATEMENT_KEYS = List.of(
            "Sid",
            "Effect",
            "Principal",
            "NotPrincipal",
            "Action",
            "NotAction",
            "Resource",
            "NotResource",
            "Condition");
    private static final List<String> OPERATORS = List.of(
            "StringEquals",
            "StringLike",
            "StringNotEquals",
            "ArnLike",
            "Bool",
            "NumericLessThan",
            "DateGreaterThan",
            "IpAddress",
            "Null",
            "ForAnyValue:StringEquals",
            "ForAllValues:StringLike",
            "StringEqualsIfExists",
            "Nope");
    private static final List<String> CONDITION_KEYS = List.of(
            "kms:ViaService",
            "kms:CallerAccount",
            "kms:EncryptionContext:purpose",
            "aws:PrincipalArn",
            "aws:SourceIp",
            "aws:SecureTransport",
            "kms:EncryptionAlgorithm",
            "aws:PrincipalTag/team");

    private PolicyTexts() {}

    public static Arbitrary<String> arbitrary() {
        return Arbitraries.randomValue(PolicyTexts::text);
    }

    /** One policy text. */
    public static String text(Random r) {
        int p = r.nextInt(100);
        if (p < 55) return RandomJson.text(policy(r));
        if (p < 80) return RandomJson.mutate(r, RandomJson.text(policy(r)));
        if (p < 92) return RandomJson.text(RandomJson.value(r, 4));
        return RandomJson.string(r);
    }

    /** A policy-shaped document, valid or broken in places. */
    public static ObjectNode policy(Random r) {
        ObjectNode doc = F.objectNode();
        if (r.nextInt(10) < 8) doc.set("Version", word(r));
        if (r.nextInt(4) == 0) doc.set("Id", F.textNode(RandomJson.string(r, r.nextInt(20))));
        if (r.nextInt(20) > 0) {
            if (r.nextInt(4) == 0) {
                doc.set("Statement", r.nextInt(5) == 0 ? RandomJson.value(r, 2) : statement(r));
            } else {
                ArrayNode a = F.arrayNode();
                int n = r.nextInt(r.nextInt(10) == 0 ? 40 : 4);
                for (int i = 0; i < n; i++) a.add(r.nextInt(15) == 0 ? RandomJson.value(r, 1) : statement(r));
                doc.set("Statement", a);
            }
        }
        if (r.nextInt(10) == 0) doc.set(RandomJson.string(r, 5), RandomJson.value(r, 2));
        return doc;
    }

    private static ObjectNode statement(Random r) {
        ObjectNode s = F.objectNode();
        for (String k : STATEMENT_KEYS) {
            if (r.nextInt(3) == 0) continue;
            s.set(
                    k,
                    switch (k) {
                        case "Principal", "NotPrincipal" -> principal(r);
                        case "Condition" -> condition(r);
                        case "Effect" -> r.nextInt(6) == 0 ? RandomJson.value(r, 1) : word(r);
                        default -> words(r);
                    });
        }
        return s;
    }

    private static JsonNode principal(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> F.textNode("*");
            case 1 -> F.objectNode().set("AWS", words(r));
            case 2 ->
                F.objectNode().set(RandomJson.pick(r, List.of("Service", "Federated", "CanonicalUser", "X")), words(r));
            default -> RandomJson.value(r, 2);
        };
    }

    private static JsonNode condition(Random r) {
        ObjectNode c = F.objectNode();
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
            ObjectNode keys = F.objectNode();
            int m = 1 + r.nextInt(3);
            for (int j = 0; j < m; j++) keys.set(RandomJson.pick(r, CONDITION_KEYS), words(r));
            c.set(RandomJson.pick(r, OPERATORS), r.nextInt(8) == 0 ? RandomJson.value(r, 2) : keys);
        }
        return c;
    }

    private static JsonNode words(Random r) {
        if (r.nextInt(3) > 0) return word(r);
        ArrayNode a = F.arrayNode();
        int n = r.nextInt(r.nextInt(10) == 0 ? 100 : 5);
        for (int i = 0; i < n; i++) a.add(word(r));
        return a;
    }

    private static JsonNode word(Random r) {
        int p = r.nextInt(10);
        if (p < 7) return F.textNode(RandomJson.pick(r, WORDS));
        if (p < 9) return F.textNode(RandomJson.mutate(r, RandomJson.pick(r, WORDS)));
        return RandomJson.value(r, 1);
    }
}
