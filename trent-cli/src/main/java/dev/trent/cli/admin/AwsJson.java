package dev.trent.cli.admin;

import dev.trent.cli.JsonStrings;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/** JSON as the aws CLI prints it: four-space indentation, {@code "name": value}, timestamps as {@code +00:00}. */
final class AwsJson {
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx").withZone(ZoneOffset.UTC);

    private AwsJson() {}

    /** An aws CLI timestamp: {@code 2026-11-23T10:00:00+00:00}. */
    static String timestamp(Instant t) {
        return TIMESTAMP.format(t.truncatedTo(ChronoUnit.SECONDS));
    }

    /** {@code value} (maps keep their iteration order; lists; strings; numbers; booleans) with a final newline. */
    static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, 0);
        return sb.append('\n').toString();
    }

    private static void write(StringBuilder sb, Object v, int depth) {
        switch (v) {
            case null -> sb.append("null");
            case String s -> JsonStrings.append(sb, s);
            case Number n -> sb.append(n);
            case Boolean b -> sb.append(b);
            case Map<?, ?> m -> {
                if (m.isEmpty()) {
                    sb.append("{}");
                    return;
                }
                sb.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    sb.append(first ? "\n" : ",\n");
                    first = false;
                    indent(sb, depth + 1);
                    JsonStrings.append(sb, String.valueOf(e.getKey()));
                    sb.append(": ");
                    write(sb, e.getValue(), depth + 1);
                }
                sb.append('\n');
                indent(sb, depth);
                sb.append('}');
            }
            case List<?> l -> {
                if (l.isEmpty()) {
                    sb.append("[]");
                    return;
                }
                sb.append('[');
                for (int i = 0; i < l.size(); i++) {
                    sb.append(i == 0 ? "\n" : ",\n");
                    indent(sb, depth + 1);
                    write(sb, l.get(i), depth + 1);
                }
                sb.append('\n');
                indent(sb, depth);
                sb.append(']');
            }
            default -> JsonStrings.append(sb, v.toString());
        }
    }

    private static void indent(StringBuilder sb, int depth) {
        sb.append("    ".repeat(depth));
    }
}
