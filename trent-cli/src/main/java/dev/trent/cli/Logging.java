package dev.trent.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import dev.trent.server.ServerConfig;
import java.util.Map;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * Trent's log level: {@code error}, {@code warn}, {@code info} (the default), {@code debug} or {@code trace}, from
 * {@code --log-level}, else the {@code logLevel} setting of {@code trent server}'s config file, else the
 * {@code TRENT_LOG_LEVEL} environment variable. Logs go to standard error (see {@code logback.xml}).
 */
final class Logging {
    static final String ENV = "TRENT_LOG_LEVEL";

    private Logging() {}

    /**
     * Applies {@code TRENT_LOG_LEVEL} from {@code env}.
     *
     * @return the one-line error when it is set to something that is not a level
     */
    static Optional<String> fromEnvironment(Map<String, String> env) {
        String v = env.get(ENV);
        if (v == null || v.isBlank()) return Optional.empty();
        try {
            setLevel(ServerConfig.parseLogLevel(v, ENV));
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * Sets the level of Trent's loggers (the root logger). Netty, which is chatty below warn, logs at warn, at error
     * for {@code error}, and at debug for {@code trace}.
     */
    static void setLevel(String level) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) return;
        Level l = Level.toLevel(level, Level.INFO);
        ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(l);
        Logger netty = ctx.getLogger("io.netty");
        netty.setLevel(l == Level.ERROR ? Level.ERROR : l == Level.TRACE ? Level.DEBUG : Level.WARN);
    }
}
