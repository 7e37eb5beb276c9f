package dev.trent.server.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trent.core.fuzz.PolicyTexts;
import dev.trent.core.fuzz.RandomJson;
import dev.trent.server.FuzzServer;
import dev.trent.server.protocol.ServiceModel;
import dev.trent.server.protocol.ServiceModel.Member;
import dev.trent.server.protocol.ServiceModel.Shape;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * KMS requests for fuzzing, generated from the botocore model: for any operation (and some that do not exist), a
 * body whose members are mostly of the right shape and near their limits, with real key ids, aliases, ciphertexts
 * and policies mixed in, and the rest wrong (types, lengths, ranges, enums, unknown members, broken JSON).
 */
final class KmsRequests {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** Key specs whose key generation takes a long time here: rarely asked for, so a run stays quick. */
    private static final Set<String> SLOW_SPECS =
            Set.of("RSA_2048", "RSA_3072", "RSA_4096", "ML_DSA_44", "ML_DSA_65", "ML_DSA_87", "SM2");

    /** One request: the operation named in X-Amz-Target (null: none) and the body text. */
    record Request(String operation, String body) {
        @Override
        public String toString() {
            return operation + " "
                    + (body.length() > 2000 ? body.substring(0, 2000) + "...(" + body.length() + ")" : body);
        }
    }

    private final FuzzServer server;
    private final List<String> operations;
    /** This request keeps to the model (types, lengths, counts, enums), so it reaches the operation more often. */
    private boolean sane;

    KmsRequests(FuzzServer server) {
        this.server = server;
        this.operations = new ArrayList<>(new java.util.TreeSet<>(FuzzServer.MODEL.operationNames()));
    }

    Request request(Random r) {
        sane = r.nextBoolean();
        int p = r.nextInt(100);
        String op;
        if (p < 94) op = RandomJson.pick(r, operations);
        else if (p < 97) op = RandomJson.mutate(r, RandomJson.pick(r, operations));
        else op = null;
        Shape input = op != null && FuzzServer.MODEL.hasOperation(op) ? FuzzServer.MODEL.inputShape(op) : null;
        JsonNode body = input == null ? RandomJson.value(r, 3) : structure(r, input, 4);
        String text = RandomJson.text(body);
        int q = sane ? 100 : r.nextInt(100);
        if (q < 12) text = RandomJson.mutate(r, text);
        else if (q < 14) text = RandomJson.string(r);
        return new Request(op, text);
    }

    private JsonNode structure(Random r, Shape shape, int depth) {
        ObjectNode o = F.objectNode();
        for (Member m : shape.members()) {
            if (r.nextInt(100) < (m.required() ? 90 : 40)) o.set(m.name(), member(r, m, depth));
        }
        if (!sane && r.nextInt(20) == 0) o.set(RandomJson.string(r, 1 + r.nextInt(10)), RandomJson.value(r, 1));
        return o;
    }

    private JsonNode member(Random r, Member m, int depth) {
        if (!sane && r.nextInt(100) < 8) return RandomJson.value(r, 1); // the wrong type, or null
        String name = m.name();
        Shape s = m.shape();
        if (s.type() == ServiceModel.ShapeType.STRING && r.nextInt(100) < 75) {
            if (name.endsWith("KeyId") || name.equals("KeyId")) return F.textNode(keyRef(r));
            if (name.equals("Policy")) return F.textNode(PolicyTexts.text(r));
            if (name.equals("AliasName")) return F.textNode(alias(r));
        }
        if (s.type() == ServiceModel.ShapeType.BLOB && name.equals("CiphertextBlob") && r.nextInt(100) < 60) {
            return F.textNode(Base64.getEncoder().encodeToString(ciphertext(r)));
        }
        return value(r, s, depth);
    }

    private JsonNode value(Random r, Shape s, int depth) {
        return switch (s.type()) {
            case STRUCTURE -> depth <= 0 ? F.objectNode() : structure(r, s, depth - 1);
            case LIST -> {
                ArrayNode a = F.arrayNode();
                int n = count(r, s);
                for (int i = 0; i < n; i++) a.add(depth <= 0 ? F.nullNode() : value(r, s.listMember(), depth - 1));
                yield a;
            }
            case MAP -> {
                ObjectNode o = F.objectNode();
                int n = count(r, s);
                for (int i = 0; i < n; i++) {
                    o.set(text(r, s.mapKey()), depth <= 0 ? F.textNode("v") : value(r, s.mapValue(), depth - 1));
                }
                yield o;
            }
            case STRING -> F.textNode(text(r, s));
            case BLOB -> blob(r, s);
            case BOOLEAN -> r.nextInt(10) == 0 ? F.textNode("true") : F.booleanNode(r.nextBoolean());
            case BYTE, SHORT, INTEGER, LONG -> number(r, s);
            case FLOAT, DOUBLE -> F.numberNode(r.nextDouble() * 1e6 - 5e5);
            case TIMESTAMP -> r.nextBoolean() ? F.numberNode(r.nextInt()) : F.textNode(RandomJson.string(r, 20));
            case DOCUMENT -> RandomJson.value(r, 2);
        };
    }

    private int count(Random r, Shape s) {
        int p = sane ? r.nextInt(70) : r.nextInt(100);
        if (p < 70) return r.nextInt(4);
        if (s.max() != null && p < 85) return s.max().intValue() + r.nextInt(3) - 1;
        if (p < 97) return r.nextInt(60);
        return r.nextInt(3000);
    }

    private String text(Random r, Shape s) {
        List<String> enums = s.enumValues();
        if (!enums.isEmpty() && r.nextInt(100) < 80) {
            String v = RandomJson.pick(r, enums);
            if (SLOW_SPECS.contains(v) && r.nextInt(50) > 0)
                v = RandomJson.pick(r, List.of("SYMMETRIC_DEFAULT", "HMAC_256"));
            return !sane && r.nextInt(10) == 0 ? RandomJson.mutate(r, v) : v;
        }
        int p = sane ? r.nextInt(75) : r.nextInt(100);
        if (p < 15) return keyRef(r);
        int min = s.min() == null ? 0 : s.min().intValue();
        int max = s.max() == null ? 64 : Math.min(s.max().intValue(), 70_000);
        if (p < 75) return RandomJson.string(r, min + r.nextInt(Math.max(1, Math.min(max - min + 1, 300))));
        if (p < 90) return RandomJson.string(r, Math.max(0, pick(r, min - 1, min, max, max + 1)));
        return RandomJson.string(r);
    }

    private static int pick(Random r, int... values) {
        return values[r.nextInt(values.length)];
    }

    private JsonNode blob(Random r, Shape s) {
        int p = r.nextInt(100);
        if (p < 5) return F.textNode(RandomJson.string(r, r.nextInt(30))); // not base64, mostly
        int max = s.max() == null ? 64 : Math.min(s.max().intValue(), 70_000);
        int n = p < 80 ? r.nextInt(Math.min(max, 300) + 1) : pick(r, 0, 1, max, max + 1);
        byte[] b = new byte[Math.max(0, n)];
        r.nextBytes(b);
        return F.textNode(Base64.getEncoder().encodeToString(b));
    }

    private static JsonNode number(Random r, Shape s) {
        int p = r.nextInt(100);
        if (p < 60 && s.min() != null && s.max() != null) {
            long lo = s.min().longValue();
            long hi = Math.min(s.max().longValue(), lo + 100_000);
            return F.numberNode(lo + (long) (r.nextDouble() * (hi - lo + 1)));
        }
        if (p < 80) {
            BigDecimal edge = RandomJson.pick(r, edges(s));
            return F.numberNode(edge);
        }
        if (p < 90) return F.numberNode(r.nextInt(2048) - 10);
        return RandomJson.value(r, 0);
    }

    private static List<BigDecimal> edges(Shape s) {
        List<BigDecimal> out = new ArrayList<>(List.of(
                BigDecimal.ZERO,
                BigDecimal.valueOf(-1),
                BigDecimal.valueOf(Integer.MAX_VALUE),
                BigDecimal.valueOf(Long.MAX_VALUE).add(BigDecimal.ONE),
                new BigDecimal("1.5")));
        if (s.min() != null) {
            out.add(s.min());
            out.add(s.min().subtract(BigDecimal.ONE));
        }
        if (s.max() != null) {
            out.add(s.max());
            out.add(s.max().add(BigDecimal.ONE));
        }
        return out;
    }

    private String keyRef(Random r) {
        int p = r.nextInt(100);
        if (p < 70) return RandomJson.pick(r, server.keyRefs);
        if (p < 85) return RandomJson.mutate(r, RandomJson.pick(r, server.keyRefs));
        if (p < 92)
            return RandomJson.pick(
                    r,
                    List.of(
                            "alias/aws/s3",
                            "alias/missing",
                            "arn:aws:kms:us-west-2:111122223333:key/" + server.symmetricKeyId,
                            "arn:aws:kms:us-east-1:444455556666:key/" + server.symmetricKeyId,
                            "arn:evil:kms:us-east-1:111122223333:key/" + server.symmetricKeyId,
                            "mrk-0123456789abcdef0123456789abcdef",
                            "00000000-0000-0000-0000-000000000000"));
        return RandomJson.string(r);
    }

    private static String alias(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> "alias/fuzz-" + r.nextInt(20);
            case 1 -> "alias/aws/" + RandomJson.string(r, 5);
            case 2 -> "alias/" + RandomJson.string(r);
            default -> RandomJson.string(r);
        };
    }

    private byte[] ciphertext(Random r) {
        byte[] b = RandomJson.pick(r, server.ciphertexts).blob();
        return r.nextBoolean() ? Ciphertexts.mutate(r, b, server) : b.clone();
    }
}
