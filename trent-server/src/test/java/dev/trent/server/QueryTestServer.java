package dev.trent.server;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.trent.core.Caller;
import dev.trent.server.auth.SecretLookup;
import dev.trent.server.auth.SigV4Verifier;
import dev.trent.server.auth.SignedRequest;
import dev.trent.server.auth.VerifiedCaller;
import dev.trent.server.pipeline.Pipeline;
import dev.trent.server.pipeline.QueryTestServices;
import dev.trent.server.pipeline.ServiceRegistry;
import dev.trent.server.pipeline.Stages;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The real HTTP stack (Netty's codec, {@link BoundedAggregator}, {@link HttpHandler}) and the real {@link Pipeline}
 * with real SigV4 verification, serving the {@link QueryTestServices} STS and IAM on a loopback port, for clients
 * that speak the Query protocol themselves (the AWS SDK for Java v2, botocore). One access key is known.
 */
final class QueryTestServer implements AutoCloseable {
    static final String ACCESS_KEY = "AKIAQUERYTEST0000001";
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYQUERYTESTKEY";

    private final EventLoopGroup group = Transport.NIO.newEventLoopGroup(1);
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final Channel channel;

    QueryTestServer() {
        SigV4Verifier verifier = new SigV4Verifier(
                id -> id.equals(ACCESS_KEY)
                        ? SecretLookup.known(SECRET.getBytes(StandardCharsets.UTF_8))
                        : SecretLookup.unknown(),
                Clock.systemUTC());
        Stages.Authentication authentication = (exchange, service) -> {
            VerifiedCaller v = verifier.verify(
                    new SignedRequest(
                            exchange.method(),
                            exchange.path(),
                            exchange.query(),
                            exchange.headers().entries(),
                            exchange.body()),
                    service.signingName(),
                    service.signingRules());
            return new Caller(
                    QueryTestServices.ACCOUNT,
                    v.region(),
                    "arn:aws:iam::" + QueryTestServices.ACCOUNT + ":user/alice",
                    v.accessKeyId());
        };
        Pipeline pipeline = new Pipeline(
                new ServiceRegistry(List.of(QueryTestServices.sts(), QueryTestServices.iam())),
                authentication,
                Stages.Quota.UNLIMITED,
                Stages.Access.ALLOW_ALL,
                Stages.AuditSink.NONE,
                workers,
                () -> JsonNodeFactory.instance.objectNode().put("status", "ok"));
        Clock clock = Clock.systemUTC();
        channel = new ServerBootstrap()
                .group(group)
                .channel(Transport.NIO.serverChannelClass())
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(new HttpServerCodec())
                                .addLast(new HttpServerKeepAliveHandler())
                                .addLast(new BoundedAggregator(1 << 20, pipeline, clock))
                                .addLast(new HttpHandler(pipeline, clock));
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0))
                .syncUninterruptibly()
                .channel();
    }

    int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    String endpoint() {
        return "http://127.0.0.1:" + port();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownNow();
    }
}
