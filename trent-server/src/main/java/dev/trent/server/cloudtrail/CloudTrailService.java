package dev.trent.server.cloudtrail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trent.core.Json;
import dev.trent.core.RequestContext;
import dev.trent.core.ServiceException;
import dev.trent.core.audit.EventLookup;
import dev.trent.server.iam.OperationTable;
import dev.trent.server.pipeline.OperationSpec;
import dev.trent.server.pipeline.ServiceDefinition;
import dev.trent.server.protocol.RequestValidator;
import dev.trent.server.protocol.ServiceModel;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * AWS CloudTrail as a service of the registry, for its {@code LookupEvents} operation over Trent's audit journal:
 * AWS JSON 1.1, target prefix {@code com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101}, SigV4 signing name
 * {@code cloudtrail}, internal failures as {@code InternalFailure}. Actions are {@code cloudtrail:<Operation>}. The other operations of the
 * model (trails, event data stores, Lake) answer that Trent does not implement them.
 *
 * <p>A caller sees the events of its own account ({@code recipientAccountId}). Events of requests that failed
 * authentication belong to no account and are only in the journal's files.
 */
public final class CloudTrailService {
    public static final String SIGNING_NAME = "cloudtrail";
    public static final String TARGET_PREFIX = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101";
    public static final String INTERNAL_ERROR = "InternalFailure";
    /** How far back LookupEvents looks by default: CloudTrail keeps 90 days of events for it. */
    static final Duration DEFAULT_RANGE = Duration.ofDays(90);

    static final int DEFAULT_MAX_RESULTS = 50;
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private CloudTrailService() {}

    /** CloudTrail over {@code lookup} (null when auditing is off: LookupEvents then finds nothing). */
    public static ServiceDefinition definition(EventLookup lookup, Clock clock) {
        ServiceModel model = ServiceModel.fromResource("cloudtrail-model.json");
        return new ServiceDefinition(
                SIGNING_NAME,
                TARGET_PREFIX,
                INTERNAL_ERROR,
                model,
                new RequestValidator(model),
                operations(model, lookup, clock));
    }

    public static Map<String, OperationSpec> operations(ServiceModel model, EventLookup lookup, Clock clock) {
        OperationTable t = new OperationTable("cloudtrail");
        t.write("LookupEvents", (ctx, in) -> lookupEvents(lookup, clock, ctx, in));
        return t.specs(model, List.of());
    }

    static ObjectNode lookupEvents(EventLookup lookup, Clock clock, RequestContext ctx, JsonNode in) {
        JsonNode attrs = in.path("LookupAttributes");
        if (attrs.size() > 1) {
            throw new ServiceException(
                    "InvalidLookupAttributesException", 400, "You can specify only one lookup attribute.");
        }
        EventLookup.Attribute attribute = null;
        String value = null;
        if (attrs.size() == 1) {
            JsonNode a = attrs.get(0);
            attribute = EventLookup.Attribute.of(a.path("AttributeKey").asText());
            value = a.path("AttributeValue").asText();
            if (attribute == null) {
                throw new ServiceException(
                        "InvalidLookupAttributesException",
                        400,
                        "Invalid attribute key: " + a.path("AttributeKey").asText());
            }
        }
        if (in.hasNonNull("EventCategory")) {
            throw new ServiceException(
                    "InvalidEventCategoryException", 400, "Trent records no Insights events; omit EventCategory.");
        }
        Instant now = clock.instant();
        Instant end = in.hasNonNull("EndTime") ? time(in.get("EndTime")) : now;
        Instant start = in.hasNonNull("StartTime") ? time(in.get("StartTime")) : now.minus(DEFAULT_RANGE);
        if (start.isAfter(end)) {
            throw new ServiceException("InvalidTimeRangeException", 400, "Start time must be before end time.");
        }
        int max = in.hasNonNull("MaxResults") ? in.get("MaxResults").asInt() : DEFAULT_MAX_RESULTS;
        // the times as given (a default end of "now" moves between pages)
        String fingerprint = fingerprint(
                ctx.accountId(),
                attribute,
                value,
                in.hasNonNull("StartTime") ? start.toEpochMilli() : -1,
                in.hasNonNull("EndTime") ? end.toEpochMilli() : -1);
        long before = Long.MAX_VALUE;
        if (in.hasNonNull("NextToken")) before = token(in.get("NextToken").asText(), fingerprint);
        ObjectNode out = F.objectNode();
        ArrayNode events = out.putArray("Events");
        if (lookup == null) return out;
        EventLookup.Page page =
                lookup.lookup(new EventLookup.Query(ctx.accountId(), attribute, value, start, end, max, before));
        for (EventLookup.Found f : page.events()) events.add(event(f));
        if (page.next() > 0) out.put("NextToken", token(page.next(), fingerprint));
        return out;
    }

    private static ObjectNode event(EventLookup.Found f) {
        JsonNode e = f.event();
        ObjectNode o = F.objectNode();
        EventLookup.Summary s = f.summary();
        o.put("EventId", s.eventId());
        o.put("EventName", s.eventName());
        o.put("ReadOnly", Boolean.toString(s.readOnly()));
        if (s.accessKeyId() != null) o.put("AccessKeyId", s.accessKeyId());
        o.set("EventTime", F.numberNode(BigDecimal.valueOf(s.time(), 3)));
        o.put("EventSource", s.eventSource());
        if (s.username() != null) o.put("Username", s.username());
        ArrayNode res = o.putArray("Resources");
        for (String[] r : s.resources())
            res.addObject().put("ResourceType", r[0]).put("ResourceName", r[1]);
        o.put("CloudTrailEvent", new String(Json.bytes(e), StandardCharsets.UTF_8));
        return o;
    }

    private static Instant time(JsonNode n) {
        if (n.isNumber()) {
            BigDecimal ms = n.decimalValue().movePointRight(3);
            return Instant.ofEpochMilli(ms.longValue());
        }
        String t = n.asText();
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException e) {
            try {
                return Instant.ofEpochMilli(new BigDecimal(t).movePointRight(3).longValue());
            } catch (NumberFormatException e2) {
                throw ServiceException.validation("'" + t + "' is not a timestamp.");
            }
        }
    }

    private static String fingerprint(String account, EventLookup.Attribute a, String v, long start, long end) {
        String s = account + "|" + (a == null ? "" : a.wire) + "|" + (v == null ? "" : v) + "|" + start + "|" + end;
        return Integer.toHexString(s.hashCode());
    }

    private static String token(long before, String fingerprint) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(("1:" + before + ":" + fingerprint).getBytes(StandardCharsets.US_ASCII));
    }

    private static long token(String token, String fingerprint) {
        try {
            String[] p = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII).split(":");
            if (p.length == 3 && p[0].equals("1") && p[2].equals(fingerprint)) {
                long before = Long.parseLong(p[1]);
                if (before > 0) return before;
            }
        } catch (IllegalArgumentException e) {
            // below
        }
        throw new ServiceException(
                "InvalidNextTokenException",
                400,
                "Invalid NextToken: it was not returned by a LookupEvents call with these same parameters.");
    }
}
