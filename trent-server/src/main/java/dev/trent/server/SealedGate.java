package dev.trent.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trent.server.pipeline.WireJson;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What a sealed server answers (its root key is derived from a passphrase it has not been given yet): nothing but
 * its health ({@code "status":"sealed"}) and the unseal endpoint {@code POST /trent/unseal}; every API request gets
 * {@code 503 ServiceUnavailable} (the error AWS answers when a service cannot serve for now: the SDKs retry it with
 * back-off and then report it), in the request's protocol (AWS JSON when it names an {@code X-Amz-Target}, else the
 * Query protocol's XML). Each connection is closed after its answer, so clients come back to the unsealed server on
 * a new connection.
 *
 * <p>The unseal endpoint needs no credentials (they are inside the sealed store) and is guarded instead: one attempt
 * at a time (an Argon2id derivation costs 64 MiB), at most {@value #BURST} attempts in a burst and one per
 * {@value #REFILL_SECONDS} seconds after that over all clients; more are answered {@code 429 ThrottlingException}.
 * Its body is at most {@value #MAX_BODY} bytes.
 */
final class SealedGate {
    static final String UNSEAL_PATH = "/trent/unseal";
    static final int MAX_BODY = 4096;
    static final int BURST = 5;
    static final int REFILL_SECONDS = 2;

    /** Tries a passphrase: null when Trent is unsealed now, else why not (one line). */
    interface Unsealer {
        String unseal(char[] passphrase);
    }

    private final Unsealer unsealer;
    private final Clock clock;
    private final AtomicBoolean busy = new AtomicBoolean();
    private double tokens = BURST;
    private long refilledAt;

    SealedGate(Unsealer unsealer, Clock clock) {
        this.unsealer = unsealer;
        this.clock = clock;
        this.refilledAt = clock.millis();
    }

    Handler handler() {
        return new Handler();
    }

    private synchronized boolean takeToken() {
        long now = clock.millis();
        tokens = Math.min(BURST, tokens + (now - refilledAt) / (REFILL_SECONDS * 1000.0));
        refilledAt = now;
        if (tokens < 1) return false;
        tokens -= 1;
        return true;
    }

    final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            String path = req.uri().replaceFirst("\\?.*$", "");
            if (HttpMethod.GET.equals(req.method()) && path.startsWith("/health")) {
                ObjectNode doc = WireJson.MAPPER.createObjectNode().put("status", "sealed");
                send(
                        ctx,
                        path.equals("/health/live") ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                        "application/json",
                        WireJson.bytes(doc));
                return;
            }
            if (HttpMethod.POST.equals(req.method()) && path.equals(UNSEAL_PATH)) {
                unseal(ctx, ByteBufUtil.getBytes(req.content()));
                return;
            }
            String message = "Trent is sealed: its root key is derived from a passphrase it has not been given since"
                    + " it started. An operator unseals it with: trent unseal --endpoint URL";
            if (req.headers().contains("X-Amz-Target")) {
                send(
                        ctx,
                        HttpResponseStatus.SERVICE_UNAVAILABLE,
                        "application/x-amz-json-1.1",
                        WireJson.errorBody("ServiceUnavailable", message));
            } else {
                String xml = "<ErrorResponse><Error><Type>Receiver</Type><Code>ServiceUnavailable</Code><Message>"
                        + message + "</Message></Error><RequestId>" + UUID.randomUUID()
                        + "</RequestId></ErrorResponse>";
                send(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, "text/xml", xml.getBytes(StandardCharsets.UTF_8));
            }
        }

        private void unseal(ChannelHandlerContext ctx, byte[] body) {
            String passphrase;
            try {
                JsonNode n = WireJson.MAPPER.readTree(body);
                passphrase = n == null ? null : n.path("Passphrase").textValue();
            } catch (java.io.IOException | RuntimeException e) {
                passphrase = null;
            }
            if (passphrase == null || passphrase.isEmpty()) {
                error(
                        ctx,
                        HttpResponseStatus.BAD_REQUEST,
                        "ValidationException",
                        "The request body must be {\"Passphrase\": \"...\"}.");
                return;
            }
            if (!busy.compareAndSet(false, true)) {
                error(
                        ctx,
                        HttpResponseStatus.TOO_MANY_REQUESTS,
                        "ThrottlingException",
                        "Another unseal attempt is under way; try again later.");
                return;
            }
            if (!takeToken()) {
                busy.set(false);
                error(
                        ctx,
                        HttpResponseStatus.TOO_MANY_REQUESTS,
                        "ThrottlingException",
                        "Too many unseal attempts; try again in a few seconds.");
                return;
            }
            char[] p = passphrase.toCharArray();
            Thread.ofVirtual().name("trent-unseal").start(() -> {
                String failure;
                try {
                    failure = unsealer.unseal(p);
                } catch (RuntimeException e) {
                    failure = String.valueOf(e.getMessage());
                } finally {
                    java.util.Arrays.fill(p, '\0');
                    busy.set(false);
                }
                String f = failure;
                ctx.executor().execute(() -> {
                    if (f == null) {
                        send(
                                ctx,
                                HttpResponseStatus.OK,
                                "application/json",
                                WireJson.bytes(
                                        WireJson.MAPPER.createObjectNode().put("Sealed", false)));
                    } else {
                        error(
                                ctx,
                                HttpResponseStatus.BAD_REQUEST,
                                "UnsealFailedException",
                                f + "; Trent stays sealed.");
                    }
                });
            });
        }

        private void error(ChannelHandlerContext ctx, HttpResponseStatus status, String code, String message) {
            send(ctx, status, "application/json", WireJson.errorBody(code, message));
        }

        private void send(ChannelHandlerContext ctx, HttpResponseStatus status, String type, byte[] body) {
            FullHttpResponse r =
                    new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
            r.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, type)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
                    .set("x-amzn-RequestId", UUID.randomUUID().toString());
            ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
