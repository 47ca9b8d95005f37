package io.github.migrations.testsupport;

import java.util.UUID;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;

/**
 * A new, empty H2 in-memory database for each call, the H2 counterpart of
 * {@link PostgresDatabase}: a name of its own, so tests never see each other's tables, kept until
 * the JVM ends ({@code DB_CLOSE_DELAY=-1}), so that connections opened one after the other see
 * the same data. User {@code sa}, no password.
 */
public final class H2Database {

	private H2Database() {
	}

	/**
	 * The JDBC URL of a new, empty in-memory database.
	 */
	public static String url() {
		return "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
	}

	/**
	 * A non-pooling DataSource on a new, empty in-memory database.
	 */
	public static DataSource dataSource() {
		return dataSource("");
	}

	/**
	 * {@link #dataSource()} with H2 settings appended to its URL ({@code ";LOCK_TIMEOUT=10000"}).
	 */
	public static DataSource dataSource(String urlOptions) {
		JdbcDataSource dataSource = new JdbcDataSource();
		dataSource.setURL(url() + urlOptions);
		dataSource.setUser("sa");
		return dataSource;
	}

}
