package dev.trent.server;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps open connections, in total and per client address, so that nobody without credentials can hold every file
 * handle of the process: a connection over either cap is closed as soon as it is accepted, before a byte of it is
 * read (it cannot be answered in HTTP yet: the first bytes decide whether it is TLS). Refusals are logged as one
 * warning a minute at most, with how many there were, never one line per connection.
 */
@ChannelHandler.Sharable
final class ConnectionLimits extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimits.class);
    private static final AttributeKey<InetAddress> COUNTED = AttributeKey.valueOf("trent.counted");

    private final int maxTotal;
    private final int maxPerClient;
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, AtomicInteger> perClient = new ConcurrentHashMap<>();
    private final RateLimitedWarning refusals;

    ConnectionLimits(int maxTotal, int maxPerClient, Clock clock) {
        this.maxTotal = maxTotal;
        this.maxPerClient = maxPerClient;
        this.refusals = new RateLimitedWarning(LOG, clock);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        InetAddress client = ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
        int now = total.incrementAndGet();
        AtomicInteger mine = client == null ? null : perClient.computeIfAbsent(client, c -> new AtomicInteger());
        int fromClient = mine == null ? 0 : mine.incrementAndGet();
        ctx.channel().attr(COUNTED).set(client);
        if (now > maxTotal || fromClient > maxPerClient) {
            refused(now > maxTotal ? "the server's " + maxTotal : maxPerClient + " per client address");
            ctx.close();
            return;
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel().hasAttr(COUNTED)) {
            InetAddress client = ctx.channel().attr(COUNTED).getAndSet(null);
            total.decrementAndGet();
            if (client != null) {
                perClient.computeIfPresent(client, (c, n) -> n.decrementAndGet() <= 0 ? null : n);
            }
        }
        super.channelInactive(ctx);
    }

    private void refused(String limit) {
        refusals.occurred(n -> "Refused " + n + " connection(s) over the limit of " + limit
                + " open connections (settings maxConnections, maxConnectionsPerClient)");
    }

    /** Open connections now (tests). */
    int open() {
        return total.get();
    }
}
