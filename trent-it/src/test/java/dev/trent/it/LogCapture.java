package dev.trent.it;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Captures what an in-process Trent logs (through Logback, as the real server does) while it is open, with Trent's
 * own loggers ({@code dev.trent}) set to {@code level}; restores the level on close.
 */
final class LogCapture implements AutoCloseable {
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger root;
    private final Logger trent;
    private final Level previous;

    LogCapture(Level level) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        trent = context.getLogger("dev.trent");
        previous = trent.getLevel();
        trent.setLevel(level);
        appender.setContext(context);
        appender.start();
        root.addAppender(appender);
    }

    /** The events so far. */
    List<ILoggingEvent> events() {
        synchronized (appender) {
            return List.copyOf(appender.list);
        }
    }

    /** The events so far at {@code level} or above. */
    List<ILoggingEvent> atLeast(Level level) {
        return events().stream()
                .filter(e -> e.getLevel().isGreaterOrEqual(level))
                .toList();
    }

    /** The events so far that carry a stack trace. */
    List<ILoggingEvent> withStackTraces() {
        return events().stream().filter(e -> e.getThrowableProxy() != null).toList();
    }

    static String lines(List<ILoggingEvent> events) {
        StringBuilder s = new StringBuilder();
        for (ILoggingEvent e : events.subList(0, Math.min(events.size(), 10)))
            s.append(e.getLevel())
                    .append(' ')
                    .append(e.getLoggerName())
                    .append(" - ")
                    .append(e.getFormattedMessage())
                    .append('\n');
        return s.toString();
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
        trent.setLevel(previous);
    }
}
