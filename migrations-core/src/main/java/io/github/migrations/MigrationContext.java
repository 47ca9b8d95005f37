package io.github.migrations;

import java.sql.Connection;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What a {@link JavaMigration} works with: the connection the migration runs on (inside its
 * transaction when it is transactional) and a {@link JdbcTemplate} over that same connection.
 *
 * @param connection the connection; do not close it or change its auto-commit mode
 * @param jdbcTemplate a template bound to {@code connection}
 * @param vendor the database vendor ({@code postgresql}, {@code h2}, ...)
 */
public record MigrationContext(Connection connection, JdbcTemplate jdbcTemplate, String vendor) {
}
