package dev.trent.it.bench;

import dev.trent.server.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * A lean closed-loop HTTP/1.1 load generator on Netty (on the {@link Transport} the servers use): N keep-alive
 * connections, each with exactly one request in flight; the next request goes out as soon as the previous response
 * is complete. Every request of a connection is the same precomputed byte sequence (given several, connection i
 * replays number i mod n), written from one direct buffer: no copy, no encoding. Responses are parsed only for status and {@code Content-Length} (see
 * {@link HttpResponseParser}).
 *
 * <p>Timing: the warmup and the measured window are fixed deadlines from the start of the run. A response counts
 * (throughput and latency, which is from the write of the request to the last byte of the response) when it
 * completes inside the measured window. Any status other than 200, and any dropped connection, is an error at any
 * time; the first few error responses are kept for printing. With a closed loop the latency is the service time
 * under the offered concurrency (Little's law: concurrency = throughput × mean latency); there is no coordinated
 * omission to correct because no request is ever scheduled on a timer.
 *
 * <p>A {@link Session} ({@link #start}) is the long-running form, for soak tests: several {@link Stream}s of requests,
 * each on its own connections and either closed-loop or paced (at most so many requests per second per connection,
 * still one in flight), snapshots of what completed since the last one, requests replaced while it runs (re-signed
 * before SigV4's 15 minutes are up) and paces changed.
 */
final class LoadClient implements AutoCloseable {

    record Result(
            long requests,
            double seconds,
            LatencyHistogram latency,
            long errors,
            long reconnects,
            List<String> errorSamples,
            double clientCpuCores,
            double serverCpuCores,
            double machineCpuCores) {
        /** CPU used by everything else on the machine (other processes) during the measured window, in cores. */
        double otherCpuCores() {
            return machineCpuCores - clientCpuCores - serverCpuCores;
        }

        double requestsPerSecond() {
            return requests / seconds;
        }
    }

    private final Transport transport;
    private final EventLoopGroup group;
    private final int threads;

    LoadClient(int threads) {
        this.threads = threads;
        this.transport = Transport.select(Transport.configured());
        this.group = transport.newEventLoopGroup(threads, new DefaultThreadFactory("bench-client", true));
    }

    int threads() {
        return threads;
    }

    /** The Netty transport the client runs on (the same setting as the servers'). */
    Transport transport() {
        return transport;
    }

    /**
     * Runs one scenario against {@code target}.
     *
     * @param server the server process, to report its CPU use during the measured window (may be null)
     */
    Result run(
            InetSocketAddress target,
            byte[] request,
            int connections,
            Duration warmup,
            Duration duration,
            ProcessHandle server)
            throws InterruptedException {
        return run(target, List.of(request), connections, warmup, duration, server);
    }

    /** As {@link #run(InetSocketAddress, byte[], int, Duration, Duration, ProcessHandle)}, with a mix of requests. */
    Result run(
            InetSocketAddress target,
            List<byte[]> requests,
            int connections,
            Duration warmup,
            Duration duration,
            ProcessHandle server)
            throws InterruptedException {
        return run(List.of(target), requests, connections, warmup, duration, server);
    }

    /**
     * As {@link #run(InetSocketAddress, List, int, Duration, Duration, ProcessHandle)} against several servers (the
     * nodes of a cluster behind one client): the connections go to them in turn. {@code server} is the process
     * whose CPU is reported (one of them).
     */
    Result run(
            List<InetSocketAddress> targets,
            List<byte[]> requests,
            int connections,
            Duration warmup,
            Duration duration,
            ProcessHandle server)
            throws InterruptedException {
        List<ByteBuf> direct = new ArrayList<>();
        for (byte[] r : requests) direct.add(Unpooled.directBuffer(r.length).writeBytes(r));
        try {
            long start = System.nanoTime();
            Slot[] mix = new Slot[direct.size()];
            for (int i = 0; i < mix.length; i++) mix[i] = new Slot(i, Unpooled.unreleasableBuffer(direct.get(i)), 0);
            Slot[] slots = new Slot[connections];
            for (int i = 0; i < connections; i++) slots[i] = mix[i % mix.length]; // round robin over the mix
            Run run = new Run(slots, start + warmup.toNanos(), start + warmup.toNanos() + duration.toNanos());
            run.bootstrap = bootstrap(run);
            run.targets = List.copyOf(targets);
            for (int i = 0; i < connections; i++) run.connect();

            sleepUntil(run.measureStart);
            long cpu0 = clientCpuNanos();
            long srv0 = serverCpuNanos(server);
            long all0 = machineBusyNanos();
            sleepUntil(run.measureEnd);
            long cpu1 = clientCpuNanos();
            long srv1 = serverCpuNanos(server);
            long all1 = machineBusyNanos();
            run.stopped = true;
            if (!run.drained.await(30, TimeUnit.SECONDS)) {
                run.errorSample("some connections still had a request in flight 30 s after the end of the run");
            }
            for (Channel ch : run.channels) ch.close().awaitUninterruptibly(5, TimeUnit.SECONDS);

            LatencyHistogram merged = new LatencyHistogram();
            // every connection is closed (awaited above), so its event loop is done with its histogram
            for (Conn c : run.conns) merged.add(c.histogram);
            double seconds = duration.toNanos() / 1e9;
            double clientCores = cpu0 < 0 || cpu1 < 0 ? Double.NaN : (cpu1 - cpu0) / 1e9 / seconds;
            double serverCores = srv0 < 0 || srv1 < 0 ? Double.NaN : (srv1 - srv0) / 1e9 / seconds;
            double machineCores = all0 < 0 || all1 < 0 ? Double.NaN : (all1 - all0) / 1e9 / seconds;
            return new Result(
                    merged.count(),
                    seconds,
                    merged,
                    run.errors.sum(),
                    run.reconnects.sum(),
                    List.copyOf(run.samples),
                    clientCores,
                    serverCores,
                    machineCores);
        } finally {
            direct.forEach(ByteBuf::release);
        }
    }

    private Bootstrap bootstrap(Run run) {
        return new Bootstrap()
                .group(group)
                .channel(transport.socketChannelClass())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        Conn c = new Conn(run, run.nextSlot(), ch);
                        run.conns.add(c);
                        ch.pipeline().addLast(c);
                    }
                });
    }

    // ------------------------------------------------------------------------------------------------ sessions

    /**
     * Requests of one kind in a {@link Session}.
     *
     * @param name              for reports
     * @param request           the request bytes (replaceable with {@link Session#replace})
     * @param connections       how many connections send it, each with one request in flight
     * @param ratePerConnection requests per second each connection sends at most; 0 for as fast as responses come
     */
    record Stream(String name, byte[] request, int connections, double ratePerConnection) {}

    /** What a session completed since the previous snapshot. */
    record Snapshot(
            double seconds,
            List<String> names,
            List<LatencyHistogram> perStream,
            LatencyHistogram all,
            long errors,
            long reconnects,
            List<String> errorSamples,
            double serverCpuCores) {
        long requests() {
            return all.count();
        }

        double requestsPerSecond() {
            return all.count() / seconds;
        }

        double requestsPerSecond(int stream) {
            return perStream.get(stream).count() / seconds;
        }
    }

    /** Starts a session against {@code target}; {@code server} (may be null) is the process whose CPU is reported. */
    Session start(InetSocketAddress target, List<Stream> streams, ProcessHandle server) {
        return new Session(target, streams, server);
    }

    /** A long-running load: see the class documentation. Not thread-safe (one controlling thread). */
    final class Session implements AutoCloseable {
        private final Run run;
        private final Slot[] byStream;
        private final List<String> names;
        private final List<ByteBuf> buffers = new ArrayList<>();
        private final ProcessHandle server;
        private long lastSnapshot = System.nanoTime();
        private long lastServerCpu;

        private Session(InetSocketAddress target, List<Stream> streams, ProcessHandle server) {
            this.server = server;
            this.names = streams.stream().map(Stream::name).toList();
            byStream = new Slot[streams.size()];
            List<Slot> slots = new ArrayList<>();
            for (int i = 0; i < streams.size(); i++) {
                Stream st = streams.get(i);
                byStream[i] = new Slot(i, buffer(st.request()), interval(st.ratePerConnection()));
                for (int c = 0; c < st.connections(); c++) slots.add(byStream[i]);
            }
            run = new Run(slots.toArray(Slot[]::new), Long.MIN_VALUE, Long.MAX_VALUE);
            run.bootstrap = bootstrap(run);
            run.targets = List.of(target);
            lastServerCpu = serverCpuNanos(server);
            for (int i = 0; i < slots.size(); i++) run.connect();
        }

        private ByteBuf buffer(byte[] request) {
            ByteBuf b = Unpooled.directBuffer(request.length).writeBytes(request);
            buffers.add(b);
            return Unpooled.unreleasableBuffer(b);
        }

        private static long interval(double ratePerConnection) {
            return ratePerConnection <= 0 ? 0 : Math.max(1, (long) (1e9 / ratePerConnection));
        }

        /** From the next request of each connection on, stream {@code i} sends {@code request}. */
        void replace(int i, byte[] request) {
            byStream[i].request = buffer(request); // the old buffer is released at close: a request may use it now
        }

        /** From the next request of each connection on, stream {@code i} is paced at {@code ratePerConnection}/s. */
        void pace(int i, double ratePerConnection) {
            byStream[i].intervalNanos = interval(ratePerConnection);
        }

        /** What completed since the previous snapshot (or the start). */
        Snapshot snapshot() throws InterruptedException {
            long now = System.nanoTime();
            long cpu = serverCpuNanos(server);
            List<LatencyHistogram> per = new ArrayList<>();
            for (int i = 0; i < byStream.length; i++) per.add(new LatencyHistogram());
            LatencyHistogram all = new LatencyHistogram();
            for (Conn c : run.conns) {
                try {
                    LatencyHistogram h =
                            c.channel.eventLoop().submit(c::takeHistogram).get(10, TimeUnit.SECONDS);
                    per.get(c.slot.stream).add(h);
                    all.add(h);
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    run.errorSample("snapshot of a connection failed: " + e);
                }
            }
            List<String> samples;
            synchronized (run) {
                samples = List.copyOf(run.samples);
                run.samples.clear();
            }
            double seconds = (now - lastSnapshot) / 1e9;
            double serverCores = cpu < 0 || lastServerCpu < 0 ? Double.NaN : (cpu - lastServerCpu) / 1e9 / seconds;
            lastSnapshot = now;
            lastServerCpu = cpu;
            return new Snapshot(
                    seconds,
                    names,
                    per,
                    all,
                    run.errors.sumThenReset(),
                    run.reconnects.sumThenReset(),
                    samples,
                    serverCores);
        }

        @Override
        public void close() {
            run.stopped = true;
            try {
                run.drained.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (Channel ch : run.channels) ch.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
            buffers.forEach(ByteBuf::release);
        }
    }

    static long clientCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    static long serverCpuNanos(ProcessHandle server) {
        if (server == null) return -1;
        return server.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }

    /**
     * CPU time all processes on the machine have used (Linux {@code /proc/stat}: user, nice, system, irq, softirq,
     * steal), in nanoseconds, or -1 elsewhere. Tells how quiet the machine was during a measurement.
     */
    static long machineBusyNanos() {
        try {
            String cpu = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat"))
                    .getFirst();
            String[] f = cpu.trim().split("\\s+");
            if (!f[0].equals("cpu")) return -1;
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) busy += Long.parseLong(f[i]);
            return busy * (1_000_000_000L / 100); // USER_HZ is 100 on Linux
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
    }

    private static void sleepUntil(long deadline) {
        for (long left; (left = deadline - System.nanoTime()) > 0; ) LockSupport.parkNanos(left);
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    // ------------------------------------------------------------------------------------------------ one run

    /** The request one or more connections send, and their pace; both may change while they run. */
    private static final class Slot {
        final int stream;
        volatile ByteBuf request;
        /** Nanoseconds between the requests of one connection at least; 0: as soon as the response is in. */
        volatile long intervalNanos;

        Slot(int stream, ByteBuf request, long intervalNanos) {
            this.stream = stream;
            this.request = request;
            this.intervalNanos = intervalNanos;
        }
    }

    private static final class Run {
        final Slot[] slots;
        /** Slots of connections that were lost, for the connections that replace them. */
        final java.util.concurrent.ConcurrentLinkedQueue<Slot> orphans =
                new java.util.concurrent.ConcurrentLinkedQueue<>();

        final long measureStart;
        final long measureEnd;
        final CountDownLatch drained;
        final List<Conn> conns = new CopyOnWriteArrayList<>();
        final List<Channel> channels = new CopyOnWriteArrayList<>();
        final LongAdder errors = new LongAdder();
        final LongAdder reconnects = new LongAdder();
        final List<String> samples = new ArrayList<>();
        Bootstrap bootstrap;
        List<InetSocketAddress> targets;
        private final java.util.concurrent.atomic.AtomicInteger nextTarget =
                new java.util.concurrent.atomic.AtomicInteger();
        volatile boolean stopped;
        private int opened;

        Run(Slot[] slots, long measureStart, long measureEnd) {
            this.slots = slots;
            this.drained = new CountDownLatch(slots.length);
            this.measureStart = measureStart;
            this.measureEnd = measureEnd;
        }

        /** Opens a connection that takes one slot of the concurrency; if it cannot, the slot is released. */
        void connect() {
            ChannelFuture f =
                    bootstrap.connect(targets.get(Math.floorMod(nextTarget.getAndIncrement(), targets.size())));
            channels.add(f.channel());
            f.addListener(done -> {
                if (!done.isSuccess()) {
                    errors.increment();
                    errorSample("connect failed: " + done.cause());
                    drained.countDown();
                }
            });
        }

        /** Opens a connection that takes over the slot of a lost one. */
        void reconnect(Slot slot) {
            orphans.add(slot);
            connect();
        }

        /** The slot of the next connection opened: a lost connection's, else the next in order. */
        synchronized Slot nextSlot() {
            Slot orphan = orphans.poll();
            return orphan != null ? orphan : slots[opened++ % slots.length];
        }

        synchronized void errorSample(String s) {
            if (samples.size() < 5) samples.add(s);
        }
    }

    /** One connection: sends, waits for the whole response, records, sends again. Runs on its event loop only. */
    private static final class Conn extends ChannelInboundHandlerAdapter {
        private final Run run;
        final Slot slot;
        final Channel channel;
        LatencyHistogram histogram = new LatencyHistogram();
        /** Paced: when the next request is due (0: now). */
        private long nextDue;

        private byte[] buf = new byte[16 * 1024];
        private int len;
        private int scanFrom;
        private long sentAt;
        private boolean inFlight;
        private boolean released;

        Conn(Run run, Slot slot, Channel channel) {
            this.run = run;
            this.slot = slot;
            this.channel = channel;
        }

        /** The latencies recorded since the last call (on the event loop). */
        LatencyHistogram takeHistogram() {
            LatencyHistogram h = histogram;
            histogram = new LatencyHistogram();
            return h;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            send(ctx);
        }

        private void send(ChannelHandlerContext ctx) {
            long interval = slot.intervalNanos;
            if (interval > 0 && !run.stopped) {
                long now = System.nanoTime();
                long due = nextDue == 0 ? now : nextDue;
                if (due - now > 20_000) {
                    nextDue = due + interval;
                    ctx.executor().schedule(() -> fire(ctx), due - now, TimeUnit.NANOSECONDS);
                    return;
                }
                nextDue = Math.max(due, now - interval) + interval; // behind: catch up by one interval at most
            } else {
                nextDue = 0;
            }
            fire(ctx);
        }

        private void fire(ChannelHandlerContext ctx) {
            if (run.stopped) {
                release();
                return;
            }
            if (!ctx.channel().isActive()) return; // lost while waiting: channelInactive has replaced it
            inFlight = true;
            sentAt = System.nanoTime();
            ctx.writeAndFlush(slot.request.duplicate(), ctx.voidPromise());
        }

        private void release() {
            if (!released) {
                released = true;
                run.drained.countDown();
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            try {
                int n = in.readableBytes();
                if (len + n > buf.length) buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
                in.readBytes(buf, len, n);
                len += n;
            } finally {
                in.release();
            }
            while (true) {
                int headEnd = HttpResponseParser.indexOfHeaderEnd(buf, scanFrom, len);
                if (headEnd < 0) {
                    scanFrom = Math.max(0, len - 3);
                    return;
                }
                int status = HttpResponseParser.status(buf);
                int length = HttpResponseParser.contentLength(buf, headEnd);
                if (status < 0 || length < 0) {
                    fail(
                            ctx,
                            "unparseable response: "
                                    + new String(buf, 0, Math.min(len, 300), StandardCharsets.US_ASCII));
                    return;
                }
                int total = headEnd + 4 + length;
                if (len < total) {
                    scanFrom = headEnd; // the head is complete; wait for the body
                    return;
                }
                long now = System.nanoTime();
                if (!inFlight) {
                    fail(ctx, "a response arrived with no request in flight");
                    return;
                }
                inFlight = false;
                if (status == 200) {
                    if (now >= run.measureStart && now < run.measureEnd) {
                        histogram.record(now - sentAt);
                    }
                } else {
                    run.errors.increment();
                    run.errorSample("HTTP " + status + ": "
                            + new String(buf, headEnd + 4, Math.min(length, 400), StandardCharsets.UTF_8));
                }
                System.arraycopy(buf, total, buf, 0, len - total);
                len -= total;
                scanFrom = 0;
                send(ctx);
            }
        }

        private void fail(ChannelHandlerContext ctx, String why) {
            run.errors.increment();
            run.errorSample(why);
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (released) return;
            if (run.stopped) {
                release();
                return;
            }
            // lost the connection mid-run: an error; a new connection takes over this slot of the concurrency
            run.errors.increment();
            run.reconnects.increment();
            run.errorSample("connection closed by the server" + (inFlight ? " with a request in flight" : ""));
            released = true;
            run.reconnect(slot);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            run.errorSample("connection error: " + cause);
            ctx.close();
        }
    }
}
