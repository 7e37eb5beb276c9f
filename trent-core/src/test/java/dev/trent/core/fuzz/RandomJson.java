package dev.trent.core.fuzz;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Random;

/**
 * Building blocks of fuzz inputs: strings that find edges (empty, long, control characters, unpaired surrogates,
 * wildcards, near-valid identifiers), arbitrary JSON values, and text mutations (cut, insert, delete, repeat, deep
 * nesting). Everything comes from the {@link Random} given, so an input is reproducible from jqwik's seed.
 */
public final class RandomJson {
    public static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String SPECIAL = "*?:/\\\"'{}[],.-_=+%$#@!~`^&|<>;\u0000\u0001\t\n\r \u00a0\u00e9\u20ac";

    private RandomJson() {}

    public static <T> T pick(Random r, List<T> from) {
        return from.get(r.nextInt(from.size()));
    }

    /** A length that is mostly small, sometimes at common limits, rarely large. */
    public static int length(Random r) {
        int p = r.nextInt(100);
        if (p < 60) return r.nextInt(12);
        if (p < 85) return r.nextInt(300);
        if (p < 97)
            return pick(r, List.of(127, 128, 129, 255, 256, 257, 1023, 1024, 1025, 2048, 4096, 4097, 8192, 8193));
        return r.nextInt(70_000);
    }

    /** A string of {@code n} characters from a mix of ASCII, specials, Unicode and surrogates. */
    public static String string(Random r, int n) {
        StringBuilder b = new StringBuilder(n);
        int flavour = r.nextInt(4);
        for (int i = 0; i < n; i++) {
            int p = flavour == 0 ? 100 : r.nextInt(100);
            if (p < 70) b.append((char) ('a' + r.nextInt(26)));
            else if (p < 85) b.append(SPECIAL.charAt(r.nextInt(SPECIAL.length())));
            else if (p < 93) b.append((char) (0x20 + r.nextInt(0x5f)));
            else if (p < 97) b.append((char) r.nextInt(0x3000));
            else b.append((char) (Character.MIN_SURROGATE + r.nextInt(0x800))); // often unpaired
        }
        return b.toString();
    }

    public static String string(Random r) {
        return string(r, length(r));
    }

    /** Any JSON value, nested up to {@code depth}. */
    public static JsonNode value(Random r, int depth) {
        int p = r.nextInt(depth <= 0 ? 7 : 10);
        return switch (p) {
            case 0 -> F.nullNode();
            case 1 -> F.booleanNode(r.nextBoolean());
            case 2 -> F.numberNode(r.nextInt());
            case 3 -> F.numberNode(pick(r, List.of(0L, -1L, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 31, 4096L, 4097L)));
            case 4 -> F.numberNode(r.nextDouble() * Math.pow(10, r.nextInt(40) - 20));
            case 5, 6 -> F.textNode(string(r));
            case 7, 8 -> {
                ArrayNode a = F.arrayNode();
                int n = r.nextInt(r.nextInt(10) == 0 ? 50 : 5);
                for (int i = 0; i < n; i++) a.add(value(r, depth - 1));
                yield a;
            }
            default -> {
                ObjectNode o = F.objectNode();
                int n = r.nextInt(r.nextInt(10) == 0 ? 50 : 5);
                for (int i = 0; i < n; i++) o.set(string(r, r.nextInt(10)), value(r, depth - 1));
                yield o;
            }
        };
    }

    public static String text(JsonNode n) {
        try {
            return MAPPER.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code s} changed a little (cut short, a character inserted or removed, a slice repeated) or a lot. */
    public static String mutate(Random r, String s) {
        if (s.isEmpty()) return string(r, 1 + r.nextInt(5));
        int i = r.nextInt(s.length());
        return switch (r.nextInt(7)) {
            case 0 -> s.substring(0, i);
            case 1 -> s.substring(0, i) + SPECIAL.charAt(r.nextInt(SPECIAL.length())) + s.substring(i);
            case 2 -> s.substring(0, i) + s.substring(Math.min(s.length(), i + 1 + r.nextInt(4)));
            case 3 ->
                s.substring(0, i)
                        + s.substring(i, Math.min(s.length(), i + 1 + r.nextInt(40)))
                                .repeat(1 + r.nextInt(20))
                        + s.substring(i);
            case 4 -> s.substring(0, i) + (char) r.nextInt(0x10000) + s.substring(Math.min(s.length(), i + 1));
            case 5 -> nested(r, 1 + r.nextInt(r.nextInt(20) == 0 ? 5000 : 50));
            default -> s + s.substring(i);
        };
    }

    /** Deeply nested arrays and objects: {@code [{"a":[{"a":...}]}]}. */
    public static String nested(Random r, int depth) {
        StringBuilder b = new StringBuilder();
        StringBuilder close = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            if (r.nextBoolean()) {
                b.append('[');
                close.append(']');
            } else {
                b.append("{\"a\":");
                close.append('}');
            }
        }
        b.append(r.nextBoolean() ? "1" : "\"x\"");
        return b.append(close.reverse()).toString();
    }
}
