package dev.trent.it.bench;

import dev.trent.server.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The machine's HTTP ceiling: a Netty server with Trent's threading and pipeline shape (one boss thread, Netty's
 * default worker count, {@code TCP_NODELAY}; {@code HttpServerCodec(8192, 16384, 16384)}, keep-alive handler,
 * {@code HttpObjectAggregator(1 MiB)}) whose handler does no work: it answers every request 200 with a small fixed
 * JSON body. Run as a child JVM by {@link KmsLoadBenchmark}; prints {@code BARE NETTY READY port=N} when listening.
 * It runs on the same Netty transport as Trent would ({@link Transport}: the {@code trent.transport} system property
 * or {@code TRENT_TRANSPORT}, else auto), so the ceiling is measured on the transport the server uses.
 *
 * <p>{@code java -cp ... dev.trent.it.bench.BareNettyServer [port]} (default 0: any free port).
 */
public final class BareNettyServer {
    static final String READY = "BARE NETTY READY port=";
    private static final byte[] BODY = "{\"ok\":true}".getBytes(StandardCharsets.US_ASCII);

    private BareNettyServer() {}

    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        Transport transport = Transport.select(Transport.configured());
        EventLoopGroup boss = transport.newEventLoopGroup(1);
        EventLoopGroup workers = transport.newEventLoopGroup(0);
        NoWork handler = new NoWork();
        Channel ch = new ServerBootstrap()
                .group(boss, workers)
                .channel(transport.serverChannelClass())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel c) {
                        ChannelPipeline p = c.pipeline();
                        p.addLast(new HttpServerCodec(8192, 16384, 16384));
                        p.addLast(new HttpServerKeepAliveHandler());
                        p.addLast(new HttpObjectAggregator(1 << 20, true));
                        p.addLast(handler);
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", port))
                .sync()
                .channel();
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            ch.close().syncUninterruptibly();
                            boss.shutdownGracefully();
                            workers.shutdownGracefully();
                        },
                        "bare-netty-shutdown"));
        System.out.println(READY + ((InetSocketAddress) ch.localAddress()).getPort());
        System.out.flush();
        ch.closeFuture().sync();
    }

    @ChannelHandler.Sharable
    private static final class NoWork extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            FullHttpResponse res = new DefaultFullHttpResponse(
                    HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.wrappedBuffer(BODY));
            res.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, SignedHttpRequest.CONTENT_TYPE)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, BODY.length)
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(res, ctx.voidPromise());
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
