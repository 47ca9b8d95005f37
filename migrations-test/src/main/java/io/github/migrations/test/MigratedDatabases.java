package io.github.migrations.test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import io.github.migrations.Migrator;
import io.github.migrations.MigratorConfig;
import io.github.migrations.dialect.postgres.PostgresDialect;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Migrated databases for tests, one per test class, on one server: each {@link #create()} gives a
 * new database with every migration of the configuration applied. On PostgreSQL the migrations
 * run once per distinct set of migrations, into a <em>template database</em>, and each database
 * is a copy of it ({@code CREATE DATABASE … TEMPLATE …}), so a suite of many test classes pays for
 * its migrations once; elsewhere (MariaDB, MySQL) each database is migrated on its own.
 * <pre>
 * static final MigratedDatabases DATABASES = MigratedDatabases
 *     .builder("jdbc:postgresql://127.0.0.1:5432/postgres")
 *     .username("postgres")
 *     .config(MigratorConfig.builder().locations("classpath:db/migration").build())
 *     .build();
 *
 * try (MigratedDatabase database = DATABASES.create()) {
 *     DataSource dataSource = database.getDataSource();
 *     ...
 * }
 * </pre>
 * Templates are found again across JVMs and runs: a template is named after what it is a
 * migration of ({@code <prefix>_tpl_<lineage>_<content>}, see {@link #templateName()}), marked
 * {@code IS_TEMPLATE} with connections disallowed, and commented with the full key. The algorithm:
 * <ol>
 * <li>digest the migrations without a database: the files' text and checksums, the callbacks,
 * the placeholders and the settings that change what a migration makes (once per instance);</li>
 * <li>on the server's database, take a shared advisory lock of the set of migrations' lineage
 * (their locations and tables) and look for a template with that name, marked and commented
 * as complete;</li>
 * <li>if there is none, take the lock exclusively (so one JVM builds, the others wait), look again,
 * and build it: drop a leftover of a build that died, create the database, migrate it with a
 * {@link Migrator} on connections of its own, wait for them to end (PostgreSQL refuses to copy a
 * database with sessions), then comment it, disallow connections, and mark it a template; and
 * drop the other templates of the lineage (built from an earlier version of the files);</li>
 * <li>copy the template into a new database, still holding the lock, so that no stale template is
 * dropped while it is copied; release the lock.</li>
 * </ol>
 * Turn templates off with {@link Builder#templates(boolean)}, or for every instance with the
 * system property {@value #TEMPLATES_PROPERTY}{@code =false}.
 */
public final class MigratedDatabases {

	/**
	 * The system property that, set to {@code false}, turns templates off everywhere (each
	 * database is then migrated on its own).
	 */
	public static final String TEMPLATES_PROPERTY = "migrations.test.templates";

	/**
	 * The system property that sets how many spare copies of a template are kept ready
	 * (overriding {@link Builder#spares(int)}; {@code 0} turns them off).
	 */
	public static final String SPARES_PROPERTY = "migrations.test.spares";

	/**
	 * The default prefix of the databases' names.
	 */
	public static final String DEFAULT_PREFIX = "migrations";

	private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9_]{0,19}");

	/** Makes the spares: one daemon thread, a JVM exiting never waits for a spare. */
	private static final Executor SPARE_MAKER = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "migrations-test-spares");
		thread.setDaemon(true);
		return thread;
	});

	private final String serverUrl;

	private final String username;

	private final String password;

	private final MigratorConfig config;

	private final boolean templates;

	private final String prefix;

	private final Vendor vendor;

	private final int spares;

	private @Nullable TemplateKey key;

	/** The spare being made in the background, if any; guarded by {@code this}. */
	private @Nullable CompletableFuture<Void> spareInTheMaking;

	private MigratedDatabases(Builder builder) {
		this.serverUrl = builder.serverUrl;
		this.username = builder.username;
		this.password = builder.password;
		this.config = builder.config;
		this.prefix = builder.prefix;
		this.vendor = Vendor.of(this.serverUrl);
		this.templates = builder.templates && this.vendor == Vendor.POSTGRESQL
				&& !"false".equalsIgnoreCase(System.getProperty(TEMPLATES_PROPERTY));
		String spares = System.getProperty(SPARES_PROPERTY);
		this.spares = (spares != null) ? spares(Integer.parseInt(spares.trim())) : builder.spares;
	}

	/**
	 * Starts a builder.
	 * @param serverUrl the JDBC URL of a database on the server to make databases on, through
	 * which they are created and dropped ({@code jdbc:postgresql://host:5432/postgres},
	 * {@code jdbc:mariadb://host:3306/}); the databases' own URLs are this one with their name
	 */
	public static Builder builder(String serverUrl) {
		return new Builder(serverUrl);
	}

	/**
	 * A new database, migrated.
	 * @throws io.github.migrations.MigrationException when a migration fails (nothing of the
	 * database or of a template is left)
	 */
	public MigratedDatabase create() {
		String name = this.prefix + "_test_" + randomHex(6);
		try (Connection admin = connectToServer()) {
			if (!this.templates) {
				MigratedDatabase.execute(admin, "CREATE DATABASE " + name);
				try {
					migrate(name);
				}
				catch (RuntimeException ex) {
					try {
						drop(admin, name);
					}
					catch (SQLException dropFailure) {
						// the migration's failure is the one to report
						ex.addSuppressed(dropFailure);
					}
					throw ex;
				}
				return new MigratedDatabase(this, name, databaseUrl(name), "", false);
			}
			PostgresTemplate template = new PostgresTemplate(admin, key(), templateName(), this.prefix);
			boolean built = false;
			if (this.spares == 0 || !takeSpare(template, name)) {
				built = template.copyInto(name, this::migrate);
			}
			makeSpare();
			return new MigratedDatabase(this, name, databaseUrl(name), template.name(), built);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not make a migrated database on " + this.serverUrl + ": "
					+ ex.getMessage(), ex);
		}
	}

	/**
	 * A spare is a copy of the template made in the background after a {@code create()}, while
	 * the test class that asked runs, so that the next {@code create()} (of this JVM or another)
	 * renames it instead of waiting for a copy. One being made here is further along than a copy
	 * started now: wait for it first.
	 */
	private boolean takeSpare(PostgresTemplate template, String name) throws SQLException {
		// a spare that could not be made leaves the copy to this call
		awaitSpare();
		return template.takeSpare(name);
	}

	private synchronized void makeSpare() {
		if (this.spares == 0 || (this.spareInTheMaking != null && !this.spareInTheMaking.isDone())) {
			return;
		}
		this.spareInTheMaking = CompletableFuture.runAsync(() -> {
			try (Connection admin = connectToServer()) {
				new PostgresTemplate(admin, key(), templateName(), this.prefix).makeSpares(this.spares,
						() -> templateName() + PostgresTemplate.SPARE_INFIX + randomHex(4));
			}
			catch (SQLException ex) {
				throw new IllegalStateException("Could not make a spare of " + templateName() + ": " + ex.getMessage(),
						ex);
			}
		}, SPARE_MAKER);
	}

	/**
	 * Waits until the spare being made in the background, if any, is made (or failed).
	 */
	void awaitSpare() {
		CompletableFuture<Void> making;
		synchronized (this) {
			making = this.spareInTheMaking;
		}
		if (making != null) {
			making.exceptionally((ex) -> null).join();
		}
	}

	/**
	 * How many spare copies of the template are kept ready ({@code 0} without templates).
	 */
	public int spares() {
		return this.templates ? this.spares : 0;
	}

	/**
	 * Whether {@link #create()} copies a template database (PostgreSQL, templates not turned off).
	 */
	public boolean usesTemplates() {
		return this.templates;
	}

	/**
	 * The name of the template database of these migrations as they are now:
	 * {@code <prefix>_tpl_<lineage>_<content>}, the lineage the first 8 hex digits of a digest of
	 * the vendor, locations, tables and schema, the content the first 16 of a digest of that and
	 * every file, callback and placeholder. It scans the locations the first time.
	 */
	public String templateName() {
		TemplateKey key = key();
		return this.prefix + "_tpl_" + key.lineage().substring(0, 8) + "_" + key.content().substring(0, 16);
	}

	/**
	 * Drops every template of these migrations' lineage (this version of the files and earlier
	 * ones) that no copy is being made of; a no-op without templates.
	 * @return how many were dropped
	 */
	public int dropTemplates() {
		if (!this.templates) {
			return 0;
		}
		try (Connection admin = connectToServer()) {
			return new PostgresTemplate(admin, key(), templateName(), this.prefix).dropLineage();
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not drop the templates on " + this.serverUrl + ": "
					+ ex.getMessage(), ex);
		}
	}

	private synchronized TemplateKey key() {
		if (this.key == null) {
			this.key = TemplateKey.of(this.config, new PostgresDialect());
		}
		return this.key;
	}

	private void migrate(String database) {
		new Migrator(new DriverManagerDataSource(databaseUrl(database), this.username, this.password), this.config)
			.migrate();
	}

	void drop(String name) {
		try (Connection admin = connectToServer()) {
			drop(admin, name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not drop the database " + name + ": " + ex.getMessage(), ex);
		}
	}

	private void drop(Connection admin, String name) throws SQLException {
		if (this.vendor == Vendor.POSTGRESQL) {
			MigratedDatabase.execute(admin, "DROP DATABASE IF EXISTS " + name
					+ ((admin.getMetaData().getDatabaseMajorVersion() >= 13) ? " WITH (FORCE)" : ""));
		}
		else {
			MigratedDatabase.execute(admin, "DROP DATABASE IF EXISTS " + name);
		}
	}

	String username() {
		return this.username;
	}

	String password() {
		return this.password;
	}

	private Connection connectToServer() throws SQLException {
		return DriverManager.getConnection(this.serverUrl, this.username, this.password);
	}

	/**
	 * The server's URL with another database in it: {@code jdbc:postgresql://h:5432/postgres?ssl=true}
	 * becomes {@code jdbc:postgresql://h:5432/<database>?ssl=true}.
	 */
	String databaseUrl(String database) {
		return withDatabase(this.serverUrl, database);
	}

	static String withDatabase(String url, String database) {
		int hosts = url.indexOf("//");
		if (hosts < 0) {
			throw new IllegalArgumentException("The server URL " + url
					+ " names no host; give one like jdbc:postgresql://127.0.0.1:5432/postgres");
		}
		int query = url.indexOf('?', hosts + 2);
		int path = url.indexOf('/', hosts + 2);
		if (query >= 0 && path > query) {
			path = -1;
		}
		String parameters = (query >= 0) ? url.substring(query) : "";
		String base = (path >= 0) ? url.substring(0, path) : (query >= 0) ? url.substring(0, query) : url;
		return base + "/" + database + parameters;
	}

	private static int spares(int spares) {
		if (spares < 0) {
			throw new IllegalArgumentException("The number of spare copies of a template must be 0 or more, not "
					+ spares);
		}
		return spares;
	}

	private static String randomHex(int bytes) {
		byte[] random = new byte[bytes];
		ThreadLocalRandom.current().nextBytes(random);
		return HexFormat.of().formatHex(random);
	}

	private enum Vendor {

		POSTGRESQL, MARIADB;

		static Vendor of(String url) {
			String lower = url.toLowerCase(Locale.ROOT);
			if (lower.startsWith("jdbc:postgresql:")) {
				return POSTGRESQL;
			}
			if (lower.startsWith("jdbc:mariadb:") || lower.startsWith("jdbc:mysql:")) {
				return MARIADB;
			}
			throw new IllegalArgumentException("Migrated databases are made on PostgreSQL, MariaDB or MySQL; " + url
					+ " is none of them. Give a jdbc:postgresql:, jdbc:mariadb: or jdbc:mysql: URL");
		}

	}

	/**
	 * Builds {@link MigratedDatabases}.
	 */
	public static final class Builder {

		private final String serverUrl;

		private String username = "";

		private String password = "";

		private MigratorConfig config = MigratorConfig.builder().build();

		private boolean templates = true;

		private int spares = 1;

		private String prefix = DEFAULT_PREFIX;

		private Builder(String serverUrl) {
			this.serverUrl = serverUrl;
		}

		/**
		 * The user that creates, migrates and drops the databases (on PostgreSQL it needs
		 * {@code CREATEDB}).
		 */
		public Builder username(String username) {
			this.username = username;
			return this;
		}

		/**
		 * The user's password.
		 */
		public Builder password(String password) {
			this.password = password;
			return this;
		}

		/**
		 * The migrations and how they run; the application's own configuration, as a rule.
		 */
		public Builder config(MigratorConfig config) {
			this.config = config;
			return this;
		}

		/**
		 * Whether, on PostgreSQL, databases are copies of a template (default {@code true}); the
		 * system property {@value MigratedDatabases#TEMPLATES_PROPERTY}{@code =false} turns them
		 * off whatever this says.
		 */
		public Builder templates(boolean templates) {
			this.templates = templates;
			return this;
		}

		/**
		 * How many spare copies of the template to keep ready (default 1; {@code 0} turns them
		 * off): after each {@link MigratedDatabases#create()} a copy is made in the background
		 * while the test class runs, and the next {@code create()}, of this JVM or another,
		 * renames it rather than waiting for a copy. Spares outlive the JVM (the next run takes
		 * them) and go with their template when it is rebuilt or dropped. The system property
		 * {@value MigratedDatabases#SPARES_PROPERTY} overrides this.
		 */
		public Builder spares(int spares) {
			this.spares = MigratedDatabases.spares(spares);
			return this;
		}

		/**
		 * The prefix of the databases' names (default {@value MigratedDatabases#DEFAULT_PREFIX}):
		 * lower-case letters, digits and underscores, at most 20.
		 */
		public Builder prefix(String prefix) {
			if (!PREFIX.matcher(prefix).matches()) {
				throw new IllegalArgumentException("The prefix '" + prefix + "' must be a lower-case letter followed by"
						+ " at most 19 lower-case letters, digits or underscores");
			}
			this.prefix = prefix;
			return this;
		}

		public MigratedDatabases build() {
			return new MigratedDatabases(this);
		}

	}

}
