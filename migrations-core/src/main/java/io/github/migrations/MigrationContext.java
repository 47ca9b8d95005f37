package io.github.migrations;

import java.sql.Connection;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What a {@link JavaMigration} works with: the connection the migration runs on (inside its
 * transaction when it is transactional) and a {@link JdbcTemplate} over that same connection.
 *
 * @param connection the connection; do not close it or change its auto-commit mode (helpers such
 * as {@link io.github.migrations.backfill.Backfill} run their own transactions on it through
 * {@code runtime} and restore it)
 * @param jdbcTemplate a template bound to {@code connection}
 * @param vendor the database vendor ({@code postgresql}, {@code h2}, {@code mariadb}, {@code mysql})
 * @param runtime fenced transactions, listeners and tables of the run, or {@code null} when the
 * context was not created by the {@link Migrator}
 */
public record MigrationContext(Connection connection, JdbcTemplate jdbcTemplate, String vendor,
		@Nullable MigrationRuntime runtime) {

	/**
	 * A context without a {@link MigrationRuntime} (as before there was one).
	 */
	public MigrationContext(Connection connection, JdbcTemplate jdbcTemplate, String vendor) {
		this(connection, jdbcTemplate, vendor, null);
	}

}
