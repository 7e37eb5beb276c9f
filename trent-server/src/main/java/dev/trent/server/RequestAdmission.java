package dev.trent.server;

import dev.trent.server.pipeline.Exchange;
import dev.trent.server.pipeline.Outcome;
import dev.trent.server.pipeline.Pipeline;
import dev.trent.server.pipeline.WireError;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.time.Clock;
import java.util.ArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Decides, from its head, whether a request's body is read at all. One instance per connection, between the HTTP
 * codec (and {@link ConnectionTimeouts}) and the aggregator.
 *
 * <ol>
 *   <li><b>Pre-authentication.</b> The head is screened ({@link Pipeline#screen}: the decode stage and
 *       {@link PreAuthCheck}: SigV4 header syntax, date window, signed headers, credential scope, access key). A
 *       request that cannot be valid is answered with its AWS error before a byte of its body is buffered.</li>
 *   <li><b>In-flight budget.</b> A request that passes reserves its body's size in {@link InFlightBodies}; when the
 *       total would go over {@code maxInFlightRequestBytes} it is answered {@code 503 ServiceUnavailable}
 *       "The request has failed due to a temporary failure of the server." (AWS's common error for a temporarily
 *       overloaded service; the AWS SDKs and CLI retry a 503 with back-off). The reservation is given back when the
 *       response is written.</li>
 * </ol>
 *
 * <p>Requests whose body is already here need no screen: a request without a body (health checks, most GETs) and a
 * small one ({@code Content-Length} up to {@value #HOLD_LIMIT} bytes) whose body arrives in the same read as its head,
 * as an SDK's request does, go straight on (held until the end of that read at most), so a benign client pays
 * nothing for the screen; it runs as soon as a body is larger, chunked, announced with {@code Expect: 100-continue},
 * or still missing at the end of a read.
 *
 * <p>A refused request's body is not kept: a body of up to {@value #DRAIN_LIMIT} bytes is read and dropped, and the
 * keep-alive connection serves the next request; for a larger, chunked or 100-continue one the answer says
 * {@code Connection: close}, the connection stops reading (the rest of the body costs the server nothing, the
 * client's sends stall) and is closed {@value #LINGER_SECONDS} s later (at once, it could reset the connection before
 * the client has read the answer). Refusals are audited like every exchange and logged at no level (the overload
 * refusals as one warning a minute, by {@link InFlightBodies}).
 *
 * <p>HTTP/1.1 pipelining: a request whose head arrives while an earlier request of the connection is still being
 * answered (an authenticated operation running on a worker) is passed on unscreened, since an answer now would
 * overtake the earlier one; its body is counted in the budget even beyond the bound.
 */
final class RequestAdmission extends ChannelDuplexHandler {
    /** Bodies up to this size that arrive with their head go on unscreened. */
    static final int HOLD_LIMIT = 16 * 1024;
    /** A refused request's body up to this size is read and dropped, keeping the connection. */
    static final int DRAIN_LIMIT = 64 * 1024;
    /** How long a refused connection that stopped reading is kept, to let its client read the answer. */
    static final long LINGER_SECONDS = 2;

    static final WireError OVERLOADED = new WireError(
            "ServiceUnavailable", 503, "The request has failed due to a temporary failure of the server.");

    private enum Mode {
        /** Between requests. */
        IDLE,
        /** A small request's head (and body so far) kept until its body is complete or the read ends. */
        HOLD,
        /** The current request was admitted: its body goes on. */
        PASS,
        /** The current request was refused, the connection stays: its body is dropped. */
        DISCARD,
        /** The current request was refused with {@code Connection: close}: nothing more is read. */
        CLOSING
    }

    private final Pipeline pipeline;
    private final Clock clock;
    private final InFlightBodies bodies;
    private final int maxBody;

    private Mode mode = Mode.IDLE;
    private final ArrayList<HttpObject> held = new ArrayList<>(4);
    private int heldBytes;
    /** The bytes each admitted request reserved, oldest first, until its response is written. */
    private final LongQueue reserved = new LongQueue();

    private ChannelPromise refusalWritten;
    private ScheduledFuture<?> linger;

    RequestAdmission(Pipeline pipeline, Clock clock, InFlightBodies bodies, int maxBody) {
        this.pipeline = pipeline;
        this.clock = clock;
        this.bodies = bodies;
        this.maxBody = maxBody;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        switch (mode) {
            case IDLE -> begin(ctx, msg);
            case HOLD -> {
                hold(msg);
                if (msg instanceof LastHttpContent) {
                    admitComplete(ctx);
                } else if (heldBytes > HOLD_LIMIT) { // more than it announced: it has no business waiting
                    decide(ctx);
                }
            }
            case PASS -> {
                if (msg instanceof LastHttpContent) mode = Mode.IDLE;
                ctx.fireChannelRead(msg);
            }
            case DISCARD -> {
                ReferenceCountUtil.release(msg);
                if (msg instanceof LastHttpContent) mode = Mode.IDLE;
            }
            case CLOSING -> { // what was read before reading stopped
                ReferenceCountUtil.release(msg);
                if (msg instanceof LastHttpContent) refusalWritten.addListener(ChannelFutureListener.CLOSE);
            }
        }
    }

    private void begin(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HttpRequest req) || !req.decoderResult().isSuccess()) {
            // not a request head the decoder understood: the handler answers it (400) as it always has
            if (msg instanceof HttpRequest && !(msg instanceof LastHttpContent)) mode = Mode.PASS;
            forward(ctx, msg, 0);
            return;
        }
        hold(msg);
        boolean chunked = HttpUtil.isTransferEncodingChunked(req);
        long length = contentLength(req);
        if (msg instanceof LastHttpContent || (!chunked && length <= 0)) {
            // no body to protect (without Content-Length or chunked encoding a request has none; the end of an
            // empty one follows as the next message)
            admitComplete(ctx);
        } else if (!reserved.isEmpty()) {
            long need = bodyBytes(req); // pipelined behind an unanswered request: see the class documentation
            bodies.reserve(need);
            forwardHeld(ctx, need);
        } else if (!chunked && length <= HOLD_LIMIT && !HttpUtil.is100ContinueExpected(req)) {
            mode = Mode.HOLD; // decided by the end of this read at the latest
        } else {
            decide(ctx);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (mode == Mode.HOLD) decide(ctx); // the body did not come with its head
        ctx.fireChannelReadComplete();
    }

    /** The held head, whose body is still to come: screen it, then reserve its body. */
    private void decide(ChannelHandlerContext ctx) {
        HttpRequest req = (HttpRequest) held.get(0);
        Exchange head = exchange(ctx, req);
        Outcome refusal = pipeline.screen(head);
        long need = 0;
        if (refusal == null) {
            need = bodyBytes(req);
            if (!bodies.tryReserve(need)) refusal = pipeline.reject(head, Outcome.Kind.THROTTLED, OVERLOADED);
        }
        if (refusal == null) {
            forwardHeld(ctx, need);
        } else {
            refuse(ctx, req, head.requestId(), refusal);
        }
    }

    /** The held request is here whole: it needs only its share of the budget. */
    private void admitComplete(ChannelHandlerContext ctx) {
        long need = heldBytes;
        if (bodies.tryReserve(need)) {
            forwardHeld(ctx, need);
            return;
        }
        HttpRequest req = (HttpRequest) held.get(0);
        Exchange head = exchange(ctx, req);
        Outcome refusal = pipeline.screen(head); // overloaded: a request that cannot be valid still gets its error
        if (refusal == null) refusal = pipeline.reject(head, Outcome.Kind.THROTTLED, OVERLOADED);
        refuse(ctx, req, head.requestId(), refusal);
    }

    private void hold(Object msg) {
        held.add((HttpObject) msg);
        if (msg instanceof HttpContent c) heldBytes += c.content().readableBytes();
    }

    private void forwardHeld(ChannelHandlerContext ctx, long need) {
        reserved.add(need);
        mode = held.getLast() instanceof LastHttpContent ? Mode.IDLE : Mode.PASS;
        heldBytes = 0;
        for (int i = 0, n = held.size(); i < n; i++) ctx.fireChannelRead(held.get(i));
        held.clear();
    }

    private void forward(ChannelHandlerContext ctx, Object msg, long need) {
        if (msg instanceof HttpRequest) reserved.add(need);
        ctx.fireChannelRead(msg);
    }

    /** Answers the held request with {@code refusal} and drops its body (see the class documentation). */
    private void refuse(ChannelHandlerContext ctx, HttpRequest req, String requestId, Outcome refusal) {
        boolean bodyDone = held.getLast() instanceof LastHttpContent;
        for (HttpObject o : held) ReferenceCountUtil.release(o);
        held.clear();
        heldBytes = 0;
        long length = contentLength(req);
        boolean keepAlive = HttpUtil.isKeepAlive(req)
                && (bodyDone
                        || (!HttpUtil.is100ContinueExpected(req)
                                && !HttpUtil.isTransferEncodingChunked(req)
                                && length >= 0
                                && length <= DRAIN_LIMIT));
        ChannelPromise written = ctx.newPromise();
        ctx.writeAndFlush(ResponseWriter.build(ctx.alloc(), requestId, keepAlive, refusal), written);
        if (keepAlive) {
            mode = bodyDone ? Mode.IDLE : Mode.DISCARD;
            return;
        }
        mode = Mode.CLOSING;
        refusalWritten = written;
        if (bodyDone) {
            written.addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.channel().config().setAutoRead(false);
            linger = ctx.executor().schedule(() -> ctx.close(), LINGER_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** A response of a request this handler passed on: its reservation is given back. */
    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse r && r.status().code() >= 200 && !reserved.isEmpty()) {
            bodies.release(reserved.poll());
        }
        ctx.write(msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        for (HttpObject o : held) ReferenceCountUtil.release(o);
        held.clear();
        heldBytes = 0;
        while (!reserved.isEmpty()) bodies.release(reserved.poll());
        if (linger != null) linger.cancel(false);
        ctx.fireChannelInactive();
    }

    private Exchange exchange(ChannelHandlerContext ctx, HttpRequest req) {
        boolean tls = ctx.pipeline().get(SslHandler.class) != null;
        return HttpHandler.exchange(
                clock, HttpHandler.peerAddress(ctx), tls, req, new byte[0], HttpUtil.isKeepAlive(req));
    }

    /** The declared body length, or -1 when there is none (chunked, or no header). */
    private static long contentLength(HttpRequest req) {
        try {
            return HttpUtil.getContentLength(req, -1L);
        } catch (NumberFormatException e) { // the decoder refuses these; be safe anyway
            return -1;
        }
    }

    /** What a request's body may take: its length, the most a chunked one may be, nothing if it is refused as too large. */
    private long bodyBytes(HttpRequest req) {
        long length = contentLength(req);
        if (length < 0) return maxBody;
        return length > maxBody ? 0 : length; // the aggregator refuses it (413) without buffering
    }

    /** Bytes reserved now by this connection (tests). */
    long reservedBytes() {
        long sum = 0;
        for (int i = 0; i < reserved.size(); i++) sum += reserved.get(i);
        return sum;
    }

    /** A FIFO of longs without boxing. */
    static final class LongQueue {
        private long[] items = new long[4];
        private int head;
        private int size;

        boolean isEmpty() {
            return size == 0;
        }

        int size() {
            return size;
        }

        long get(int i) {
            return items[(head + i) & (items.length - 1)];
        }

        void add(long v) {
            if (size == items.length) {
                long[] bigger = new long[items.length * 2];
                for (int i = 0; i < size; i++) bigger[i] = get(i);
                items = bigger;
                head = 0;
            }
            items[(head + size) & (items.length - 1)] = v;
            size++;
        }

        long poll() {
            long v = items[head];
            head = (head + 1) & (items.length - 1);
            size--;
            return v;
        }
    }
}
