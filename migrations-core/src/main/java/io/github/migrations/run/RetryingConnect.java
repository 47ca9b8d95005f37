package io.github.migrations.run;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The first connection of a run, retried while the database cannot be reached (a container
 * started beside its database): up to {@code retries} more attempts, the waits starting at one
 * second (or the interval, if shorter) and doubling up to the interval. Only opening the
 * connection is retried, never work done on it.
 */
final class RetryingConnect extends DelegatingDataSource {

	private static final Logger logger = LoggerFactory.getLogger(RetryingConnect.class);

	private static final Duration FIRST_WAIT = Duration.ofSeconds(1);

	private final int retries;

	private final Duration interval;

	RetryingConnect(DataSource dataSource, int retries, Duration interval) {
		super(dataSource);
		this.retries = retries;
		this.interval = interval;
	}

	@Override
	public Connection getConnection() throws SQLException {
		Duration wait = (FIRST_WAIT.compareTo(this.interval) < 0) ? FIRST_WAIT : this.interval;
		for (int attempt = 1;; attempt++) {
			try {
				return obtainTargetDataSource().getConnection();
			}
			catch (SQLException ex) {
				if (attempt > this.retries) {
					throw ex;
				}
				// expected while the database starts: INFO, without the stack trace
				logger.info("Database not reachable yet ({}); retry {} of {} in {} ms", ex.getMessage(), attempt,
						this.retries, wait.toMillis());
				sleep(wait, ex);
				wait = wait.multipliedBy(2);
				if (wait.compareTo(this.interval) > 0) {
					wait = this.interval;
				}
			}
		}
	}

	private static void sleep(Duration wait, SQLException failure) throws SQLException {
		try {
			Thread.sleep(wait.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			failure.addSuppressed(ex);
			throw failure;
		}
	}

}
