package dev.trent.server;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import java.util.Locale;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty I/O transport the event loops run on: {@code nio} (any platform), or the native {@code epoll} or
 * {@code io_uring} transports (Linux x86-64; their libraries ship with trent-server).
 *
 * <p>The setting {@code transport} is one of {@code auto|nio|epoll|io_uring}: {@link ServerConfig#transport()}
 * (a config file's {@code "transport"}), which defaults to the system property {@value #PROPERTY}, else the
 * environment variable {@value #ENV}, else {@code auto}. {@code auto} takes the fastest that loads: io_uring, else
 * epoll, else NIO (measured in docs/benchmarks.md: io_uring serves about 25% more Encrypts than epoll); naming a native transport that does not load is an error, not a silent fallback (a benchmark must
 * measure what it says). {@link #select} logs one INFO line with the transport used.
 */
public enum Transport {
    NIO {
        @Override
        public Throwable unavailabilityCause() {
            return null;
        }

        @Override
        public IoHandlerFactory ioHandlerFactory() {
            return NioIoHandler.newFactory();
        }

        @Override
        public Class<? extends ServerSocketChannel> serverChannelClass() {
            return NioServerSocketChannel.class;
        }

        @Override
        public Class<? extends SocketChannel> socketChannelClass() {
            return NioSocketChannel.class;
        }
    },
    EPOLL {
        @Override
        public Throwable unavailabilityCause() {
            try {
                return Epoll.unavailabilityCause();
            } catch (LinkageError e) { // the classes jar is not on the class path
                return e;
            }
        }

        @Override
        public IoHandlerFactory ioHandlerFactory() {
            return EpollIoHandler.newFactory();
        }

        @Override
        public Class<? extends ServerSocketChannel> serverChannelClass() {
            return EpollServerSocketChannel.class;
        }

        @Override
        public Class<? extends SocketChannel> socketChannelClass() {
            return EpollSocketChannel.class;
        }
    },
    IO_URING {
        @Override
        public Throwable unavailabilityCause() {
            try {
                return IoUring.unavailabilityCause();
            } catch (LinkageError e) {
                return e;
            }
        }

        @Override
        public IoHandlerFactory ioHandlerFactory() {
            return IoUringIoHandler.newFactory();
        }

        @Override
        public Class<? extends ServerSocketChannel> serverChannelClass() {
            return IoUringServerSocketChannel.class;
        }

        @Override
        public Class<? extends SocketChannel> socketChannelClass() {
            return IoUringSocketChannel.class;
        }
    };

    /** The system property naming the transport. */
    public static final String PROPERTY = "trent.transport";
    /** The environment variable naming the transport (when the system property is not set). */
    public static final String ENV = "TRENT_TRANSPORT";
    /** The setting that picks the fastest transport available. */
    public static final String AUTO = "auto";

    private static final Logger LOG = LoggerFactory.getLogger(Transport.class);

    /** Why this transport cannot be used here, or {@code null} when it can. */
    public abstract Throwable unavailabilityCause();

    public abstract IoHandlerFactory ioHandlerFactory();

    public abstract Class<? extends ServerSocketChannel> serverChannelClass();

    /** The client-side channel class (for load generators). */
    public abstract Class<? extends SocketChannel> socketChannelClass();

    public boolean isAvailable() {
        return unavailabilityCause() == null;
    }

    /** The setting's name of this transport: {@code nio}, {@code epoll} or {@code io_uring}. */
    public String settingName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** An event-loop group of {@code threads} threads (0: Netty's default, twice the available processors). */
    public EventLoopGroup newEventLoopGroup(int threads) {
        return new MultiThreadIoEventLoopGroup(threads, ioHandlerFactory());
    }

    public EventLoopGroup newEventLoopGroup(int threads, ThreadFactory threadFactory) {
        return new MultiThreadIoEventLoopGroup(threads, threadFactory, ioHandlerFactory());
    }

    /** The setting from the system property, else the environment variable, else {@code auto}. */
    public static String configured() {
        String v = System.getProperty(PROPERTY);
        if (v == null || v.isBlank()) v = System.getenv(ENV);
        return v == null || v.isBlank() ? AUTO : v.trim();
    }

    /**
     * Checks a setting's spelling.
     *
     * @return the transport it names, or {@code null} for {@code auto}
     * @throws IllegalArgumentException for anything but {@code auto|nio|epoll|io_uring} (any case)
     */
    public static Transport parse(String setting) {
        String s = setting == null ? "" : setting.trim().toLowerCase(Locale.ROOT);
        if (s.equals(AUTO)) return null;
        for (Transport t : values()) {
            if (t.settingName().equals(s)) return t;
        }
        throw new IllegalArgumentException(
                "transport must be one of auto, nio, epoll, io_uring, not '" + setting + "'");
    }

    /**
     * The transport for a setting: the one named, or for {@code auto} the fastest that loads here: io_uring, else
     * epoll, else NIO (docs/benchmarks.md has the measurements behind that order).
     *
     * @throws IllegalArgumentException for an unknown setting
     * @throws IllegalStateException    when the transport named does not load here
     */
    public static Transport resolve(String setting) {
        Transport wanted = parse(setting);
        if (wanted == null) return IO_URING.isAvailable() ? IO_URING : EPOLL.isAvailable() ? EPOLL : NIO;
        Throwable cause = wanted.unavailabilityCause();
        if (cause != null) {
            throw new IllegalStateException(
                    "the " + wanted.settingName() + " transport is not available here: " + cause, cause);
        }
        return wanted;
    }

    /** As {@link #resolve}, and logs the transport used in one INFO line. */
    public static Transport select(String setting) {
        Transport t = resolve(setting);
        if (parse(setting) != null) {
            LOG.info("Netty transport: {}", t.settingName());
        } else if (t != IO_URING) {
            LOG.info(
                    "Netty transport: {} (auto; io_uring unavailable: {})",
                    t.settingName(),
                    String.valueOf(IO_URING.unavailabilityCause()));
        } else {
            LOG.info("Netty transport: {} (auto)", t.settingName());
        }
        return t;
    }
}
