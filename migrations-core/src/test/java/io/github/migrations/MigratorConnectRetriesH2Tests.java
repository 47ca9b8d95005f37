package io.github.migrations;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import io.github.migrations.testsupport.H2Database;
import io.github.migrations.testsupport.MigrationFiles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code connectRetries}: a run whose database is not reachable yet (a container starting beside
 * it) waits and tries again instead of failing at once.
 */
class MigratorConnectRetriesH2Tests {

	@TempDir
	Path directory;

	private MigrationFiles files;

	@BeforeEach
	void oneMigration() {
		this.files = new MigrationFiles(this.directory);
		this.files.migration("1_create_t.sql", "CREATE TABLE t (id BIGINT PRIMARY KEY);", "DROP TABLE t;");
	}

	private MigratorConfig.Builder config() {
		return MigratorConfig.builder().locations(this.files.location()).lockLease(Duration.ofSeconds(2));
	}

	@Test
	void aDatabaseThatAnswersAfterTwoFailedAttemptsIsMigratedWithTwoRetries() {
		StartingDatabase database = new StartingDatabase(H2Database.dataSource(), 2);
		Migrator migrator = new Migrator(database,
				config().connectRetries(2).connectRetriesInterval(Duration.ofMillis(20)).build());
		assertThat(migrator.migrate().migrations()).hasSize(1);
		assertThat(database.attempts.get()).isGreaterThanOrEqualTo(3);
	}

	@Test
	void withoutRetriesTheFirstFailedConnectionFailsTheRun() {
		StartingDatabase database = new StartingDatabase(H2Database.dataSource(), 1);
		Migrator migrator = new Migrator(database, config().build());
		assertThatExceptionOfType(MigrationException.class).isThrownBy(migrator::migrate)
			.withMessageContaining("Database access failed: the database is starting up");
		assertThat(database.attempts.get()).isEqualTo(1);
	}

	@Test
	void retriesRunOutWithTheLastFailure() {
		StartingDatabase database = new StartingDatabase(H2Database.dataSource(), 5);
		Migrator migrator = new Migrator(database,
				config().connectRetries(2).connectRetriesInterval(Duration.ofMillis(10)).build());
		assertThatExceptionOfType(MigrationException.class).isThrownBy(migrator::migrate)
			.withMessageContaining("the database is starting up");
		assertThat(database.attempts.get()).isEqualTo(3);
	}

	@Test
	void negativeRetriesAndANonPositiveIntervalAreRefused() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> MigratorConfig.builder().connectRetries(-1).build())
			.withMessageContaining("connect retries must not be negative, was -1");
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> MigratorConfig.builder().connectRetriesInterval(Duration.ZERO).build())
			.withMessageContaining("connect retries interval must be positive");
	}

	@Test
	void defaultsAreNoRetriesAndFlywaysInterval() {
		MigratorConfig config = MigratorConfig.builder().build();
		assertThat(config.getConnectRetries()).isZero();
		assertThat(config.getConnectRetriesInterval()).isEqualTo(Duration.ofSeconds(120));
		assertThat(config.toBuilder().connectRetries(3).build().toBuilder().build().getConnectRetries()).isEqualTo(3);
	}

	/**
	 * A database whose first connection attempts fail, as one still starting up.
	 */
	static final class StartingDatabase extends DelegatingDataSource {

		final AtomicInteger attempts = new AtomicInteger();

		private final int failures;

		StartingDatabase(DataSource dataSource, int failures) {
			super(dataSource);
			this.failures = failures;
		}

		@Override
		public Connection getConnection() throws SQLException {
			if (this.attempts.incrementAndGet() <= this.failures) {
				throw new SQLTransientConnectionException("the database is starting up", "08001");
			}
			return super.getConnection();
		}

	}

}
