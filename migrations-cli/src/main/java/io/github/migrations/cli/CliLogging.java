package io.github.migrations.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.LayoutBase;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The log of the command line, set up in code (found by logback through
 * {@code META-INF/services}) rather than from a {@code logback.xml}: the commands print their own
 * progress and results on standard output, and the log adds only warnings and errors, on standard
 * error, as {@code LEVEL Logger: message}. Reading an XML configuration costs a short command
 * such as {@code lint} a noticeable part of its time.
 */
public final class CliLogging extends ContextAwareBase implements Configurator {

	@Override
	public ExecutionStatus configure(LoggerContext context) {
		LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
		encoder.setContext(context);
		encoder.setLayout(new Line());
		encoder.start();
		ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
		appender.setContext(context);
		appender.setName("STDERR");
		appender.setTarget("System.err");
		appender.setEncoder(encoder);
		appender.start();
		Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
		root.setLevel(Level.WARN);
		root.addAppender(appender);
		// the MariaDB driver logs every error the server answers with, expected ones too (a status
		// reading a history table not created yet); the engine reports those that matter
		context.getLogger("org.mariadb.jdbc").setLevel(Level.ERROR);
		return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
	}

	/**
	 * {@code LEVEL Logger: message}, then the stack trace of a throwable.
	 */
	static final class Line extends LayoutBase<ILoggingEvent> {

		@Override
		public String doLayout(ILoggingEvent event) {
			String logger = event.getLoggerName();
			StringBuilder line = new StringBuilder().append(event.getLevel())
				.append(' ')
				.append(logger.substring(logger.lastIndexOf('.') + 1))
				.append(": ")
				.append(event.getFormattedMessage())
				.append(System.lineSeparator());
			IThrowableProxy throwable = event.getThrowableProxy();
			if (throwable != null) {
				line.append(ThrowableProxyUtil.asString(throwable)).append(System.lineSeparator());
			}
			return line.toString();
		}

	}

}
