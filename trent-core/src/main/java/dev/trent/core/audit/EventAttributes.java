package dev.trent.core.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What CloudTrail's {@code LookupEvents} matches an event on and returns beside it, taken once per event: by the
 * event itself as it is written ({@link AuditEvent#write}), or from a recorded event read back ({@link #of}).
 *
 * @param time the event time (its {@code eventTime}), epoch milliseconds; 0 when it has none
 * @param account the {@code recipientAccountId}, or null
 * @param username the user name LookupEvents shows: the IAM user, the role session, or {@code root}
 * @param resources the resources as {@code [type, ARN]} pairs
 */
public record EventAttributes(
        long time,
        String account,
        String eventId,
        String eventName,
        String eventSource,
        boolean readOnly,
        String username,
        String accessKeyId,
        List<String[]> resources) {

    /** The attributes of a recorded event. */
    public static EventAttributes of(JsonNode e) {
        Instant t = AuditJournal.time(e.get("eventTime"));
        List<String[]> res = new ArrayList<>(1);
        for (JsonNode r : e.path("resources"))
            res.add(new String[] {r.path("type").asText(), r.path("ARN").asText()});
        JsonNode u = e.path("userIdentity");
        return new EventAttributes(
                t == null ? 0 : t.toEpochMilli(),
                e.path("recipientAccountId").asText(null),
                e.path("eventID").asText(null),
                e.path("eventName").asText(null),
                e.path("eventSource").asText(null),
                e.path("readOnly").asBoolean(false),
                username(u),
                u.path("accessKeyId").asText(null),
                res);
    }

    /** The user name LookupEvents shows for a {@code userIdentity}. */
    static String username(JsonNode u) {
        String type = u.path("type").asText();
        return switch (type) {
            case "IAMUser" -> u.path("userName").asText(null);
            case "Root" -> "root";
            case "AssumedRole" -> {
                String arn = u.path("arn").asText("");
                yield arn.isEmpty() ? null : arn.substring(arn.lastIndexOf('/') + 1);
            }
            default -> null;
        };
    }
}
