package dev.trent.server;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trent.core.Caller;
import dev.trent.core.ServiceException;
import dev.trent.core.store.StoreException;
import dev.trent.server.protocol.ProtocolException;
import dev.trent.server.protocol.RequestValidator;
import io.netty.handler.codec.http.HttpHeaders;
import java.io.IOException;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AWS JSON 1.1 request pipeline, independent of Netty's threading: target → authenticate → parse →
 * validate → operation, with every failure turned into an AWS-shaped {@link ApiError}.
 */
final class Endpoint {
    private static final Logger LOG = LoggerFactory.getLogger(Endpoint.class);
    static final ObjectMapper MAPPER = new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
    private static final String TARGET_PREFIX = "TrentService.";

    private final Authenticator authenticator;
    private final RequestValidator validator;
    private final KmsApi api;

    record Prepared(KmsApi.Operation operation, Caller caller, JsonNode body) {}

    Endpoint(Authenticator authenticator, RequestValidator validator, KmsApi api) {
        this.authenticator = authenticator;
        this.validator = validator;
        this.api = api;
    }

    Prepared prepare(String method, String path, String query, HttpHeaders headers, byte[] body) {
        if (!"POST".equals(method)) {
            throw new ApiError(
                    "UnknownOperationException",
                    400,
                    "The AWS KMS API is served by POST / with an X-Amz-Target header; " + method + " " + path
                            + " is not an operation.");
        }
        String target = headers.get("X-Amz-Target");
        if (target == null || !target.startsWith(TARGET_PREFIX)) {
            throw new ApiError(
                    "UnknownOperationException",
                    400,
                    target == null
                            ? "Missing X-Amz-Target header: expected TrentService.<Operation>."
                            : "Unknown target '" + target + "': expected TrentService.<Operation>.");
        }
        String opName = target.substring(TARGET_PREFIX.length());
        if (!validator.model().hasOperation(opName)) {
            throw new ApiError("UnknownOperationException", 400, "Unknown operation '" + opName + "'.");
        }
        Caller caller = authenticator.authenticate(method, path, query, headers, body);
        JsonNode json = parse(body);
        try {
            validator.validateOrThrow(opName, json);
        } catch (ProtocolException e) {
            throw new ApiError(e.errorCode(), e.httpStatus(), e.message());
        }
        KmsApi.Operation op = api.operation(opName);
        if (op == null) {
            throw new ApiError(
                    "UnsupportedOperationException", 400, "Trent does not implement the " + opName + " operation yet.");
        }
        return new Prepared(op, caller, json);
    }

    /** Runs the operation and returns the serialized response; secrets in it are zeroed once serialized. */
    byte[] execute(Prepared p) {
        java.util.List<byte[]> wipe = new java.util.ArrayList<>(1);
        try {
            return json(p.operation()
                    .handler()
                    .handle(
                            new dev.trent.core.RequestContext(
                                    p.caller(), requestId(), java.time.Instant.now(), null, false, null),
                            p.body(),
                            wipe));
        } catch (ServiceException e) {
            throw new ApiError(e.errorCode(), e.httpStatus(), e.getMessage());
        } catch (StoreException e) {
            LOG.error("{} failed in the store", p.operation().name(), e);
            throw new ApiError(
                    "KMSInternalException",
                    500,
                    "The request could not be completed because of an internal storage error; nothing was changed"
                            + " unless a retry shows otherwise.");
        } catch (RuntimeException e) {
            LOG.error("{} failed unexpectedly", p.operation().name(), e);
            throw new ApiError("KMSInternalException", 500, "An internal error occurred.");
        } finally {
            for (byte[] secret : wipe) java.util.Arrays.fill(secret, (byte) 0);
        }
    }

    private static JsonNode parse(byte[] body) {
        if (body.length == 0) return MAPPER.createObjectNode();
        try {
            JsonNode n = MAPPER.readTree(body);
            if (n == null) return MAPPER.createObjectNode();
            if (!n.isObject()) {
                throw new ApiError("SerializationException", 400, "The request body must be a JSON object.");
            }
            return n;
        } catch (IOException e) {
            throw new ApiError(
                    "SerializationException", 400, "The request body is not valid JSON: " + firstLine(e.getMessage()));
        }
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    static byte[] json(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] errorBody(String code, String message) {
        ObjectNode n = MAPPER.createObjectNode().put("__type", code);
        if (message != null) n.put("message", message);
        return json(n);
    }

    static String requestId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return new java.util.UUID(
                        (r.nextLong() & ~0xF000L) | 0x4000L, (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L)
                .toString();
    }
}
