package dev.trent.server.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trent.core.iam.IamPage;
import dev.trent.core.kms.Tag;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reading members of a validated request (the Query decoder or AWS JSON shaped it after the model) and writing the
 * shapes the identity services share: timestamps, tags, paging, and IAM's URL-encoded policy documents.
 */
public final class IamJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private IamJson() {}

    public static ObjectNode obj() {
        return F.objectNode();
    }

    /** A timestamp as epoch seconds with milliseconds (the codecs write ISO 8601 or epoch seconds from it). */
    public static JsonNode time(Instant t) {
        return F.numberNode(BigDecimal.valueOf(t.toEpochMilli(), 3));
    }

    public static String str(JsonNode in, String name) {
        JsonNode n = in.get(name);
        return n == null || n.isNull() ? null : n.asText();
    }

    public static Integer integer(JsonNode in, String name) {
        JsonNode n = in.get(name);
        return n == null || n.isNull() ? null : n.asInt();
    }

    public static boolean isTrue(JsonNode in, String name) {
        JsonNode n = in.get(name);
        return n != null && n.asBoolean(false);
    }

    public static List<String> strings(JsonNode in, String name) {
        List<String> out = new ArrayList<>();
        JsonNode n = in.get(name);
        if (n != null) for (JsonNode s : n) out.add(s.asText());
        return out;
    }

    /** A list of {@code {Key, Value}} structures, in order. */
    public static List<Map.Entry<String, String>> tags(JsonNode in, String name) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        JsonNode n = in.get(name);
        if (n != null) {
            for (JsonNode t : n)
                out.add(Map.entry(t.path("Key").asText(), t.path("Value").asText("")));
        }
        return out;
    }

    /** A list of {@code {Key, Value}} structures as tags (SSM, Secrets Manager), in order; empty when absent. */
    public static List<Tag> tagList(JsonNode arr) {
        List<Tag> out = new ArrayList<>();
        if (arr != null)
            for (JsonNode t : arr)
                out.add(new Tag(t.path("Key").asText(), t.path("Value").asText("")));
        return out;
    }

    /** {@code MaxResults}, or {@code dflt} when absent. */
    public static int maxResults(JsonNode in, int dflt) {
        Integer m = integer(in, "MaxResults");
        return m == null ? dflt : m;
    }

    /** Writes {@code tags} as a list of {@code {Key, Value}} under {@code name}. */
    public static void putTags(ObjectNode out, String name, Map<String, String> tags) {
        ArrayNode arr = out.putArray(name);
        tags.forEach((k, v) -> arr.addObject().put("Key", k).put("Value", v));
    }

    /** IAM's paging members: {@code IsTruncated}, and {@code Marker} when truncated. */
    public static ObjectNode paged(ObjectNode out, IamPage<?> page) {
        out.put("IsTruncated", page.truncated());
        if (page.truncated()) out.put("Marker", page.marker());
        return out;
    }

    /**
     * A policy document as IAM returns it: URL-encoded (RFC 3986: every byte of its UTF-8 form but the unreserved
     * characters as {@code %XX}). The aws CLI decodes it; SDK users call {@code URLDecoder}, as for AWS.
     */
    public static String urlEncode(String document) {
        byte[] bytes = document.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z')
                    || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '_'
                    || c == '.'
                    || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return sb.toString();
    }
}
