package dev.trent.server.pipeline;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The JSON of the AWS JSON 1.1 protocol: one mapper, response and error bodies. */
public final class WireJson {
    public static final ObjectMapper MAPPER =
            new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    private WireJson() {}

    public static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code {"__type": code, "message": message}}; no message member when {@code message} is null. */
    public static byte[] errorBody(String code, String message) {
        ObjectNode n = MAPPER.createObjectNode().put("__type", code);
        if (message != null) n.put("message", message);
        return bytes(n);
    }
}
