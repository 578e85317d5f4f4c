package io.github.mqttkafkabridge.mqtt.testutil;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

import java.io.StringWriter;

/** Everything logged at {@code level} or above while open, as text: to check what a log file would show. */
public final class LogCapture implements AutoCloseable {
    private final StringWriter buffer = new StringWriter();
    private final LoggerContext context;
    private final WriterAppender appender;
    private final Level previousRootLevel;

    private LogCapture(Level level) {
        context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        appender = WriterAppender.newBuilder().setName("capture-" + System.nanoTime()).setTarget(buffer)
                .setLayout(PatternLayout.newBuilder().withPattern("%c - %m%n%throwable").build()).build();
        appender.start();
        config.addAppender(appender);
        LoggerConfig root = config.getRootLogger();
        previousRootLevel = root.getLevel();
        root.setLevel(level);
        root.addAppender(appender, level, null);
        context.updateLoggers();
    }

    public static LogCapture start(Level level) {
        return new LogCapture(level);
    }

    public synchronized String text() {
        return buffer.toString();
    }

    @Override
    public void close() {
        LoggerConfig root = context.getConfiguration().getRootLogger();
        root.removeAppender(appender.getName());
        root.setLevel(previousRootLevel);
        context.updateLoggers();
        appender.stop();
    }
}
