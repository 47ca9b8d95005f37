package io.github.migrations.test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One template database on a PostgreSQL server, worked through a connection to another database
 * of that server (the algorithm is in {@link MigratedDatabases}). Advisory locks are taken on
 * that connection's session, so a JVM that dies releases them with its connection.
 */
final class PostgresTemplate {

	/** The first key of our advisory locks ('MTPL'); the second is the lineage's. */
	private static final int LOCK_CLASS = 0x4d54504c;

	private static final String COMMENT = "migrations-test template ";

	private static final String FIND = "SELECT d.datistemplate, shobj_description(d.oid, 'pg_database')"
			+ " FROM pg_database d WHERE d.datname = ?";

	private static final String SESSIONS = "SELECT count(*) FROM pg_stat_activity WHERE datname = ?";

	private static final String LINEAGE = "SELECT datname FROM pg_database WHERE starts_with(datname, ?)";

	private static final String SPARES = "SELECT datname FROM pg_database WHERE starts_with(datname, ?) ORDER BY datname";

	/** What a spare's name adds to the template's: {@code _s} and 8 hex digits (63 at most in all). */
	static final String SPARE_INFIX = "_s";

	/** {@code ALTER DATABASE … RENAME} on a spare another JVM claimed, or is dropping, first. */
	private static final Set<String> SPARE_TAKEN = Set.of("3D000", "55006", "42501");

	/** How long to wait for the sessions of the migration to end before copying. */
	private static final long SESSIONS_END_MILLIS = 10_000;

	private final Connection admin;

	private final TemplateKey key;

	private final String name;

	private final String lineagePrefix;

	private final boolean force;

	PostgresTemplate(Connection admin, TemplateKey key, String name, String prefix) throws SQLException {
		this.admin = admin;
		this.key = key;
		this.name = name;
		this.lineagePrefix = prefix + "_tpl_" + key.lineage().substring(0, 8) + "_";
		this.force = admin.getMetaData().getDatabaseMajorVersion() >= 13;
	}

	String name() {
		return this.name;
	}

	/**
	 * Copies the template into a new database, building the template first if no complete one
	 * exists.
	 * @param copy the new database's name
	 * @param migrate migrates the database of the given name
	 * @return whether this call built the template
	 */
	boolean copyInto(String copy, Consumer<String> migrate) throws SQLException {
		boolean built = false;
		try {
			advisory("pg_advisory_lock_shared");
			if (!isReady()) {
				advisory("pg_advisory_unlock_shared");
				advisory("pg_advisory_lock");
				if (!isReady()) {
					build(migrate);
					built = true;
					dropOthers();
				}
			}
			MigratedDatabase.execute(this.admin, "CREATE DATABASE " + copy + " TEMPLATE " + this.name);
			return built;
		}
		finally {
			unlockAll();
		}
	}

	/**
	 * Takes a spare copy of the template, made before by {@link #makeSpares}, if there is one: it
	 * becomes the database {@code copy}. A spare is named after the template and so after its
	 * full content key's digits; any JVM may take any spare, and {@code ALTER DATABASE … RENAME}
	 * lets only one take each.
	 * @return whether a spare was taken
	 */
	boolean takeSpare(String copy) throws SQLException {
		for (String spare : spares()) {
			try {
				MigratedDatabase.execute(this.admin, "ALTER DATABASE " + spare + " RENAME TO " + copy);
				return true;
			}
			catch (SQLException ex) {
				if (!SPARE_TAKEN.contains(ex.getSQLState())) {
					throw ex;
				}
			}
		}
		return false;
	}

	/**
	 * Copies the complete template into spares for later {@link #takeSpare}s until there are
	 * {@code wanted}, unless there is no complete template (another JVM is rebuilding it). A spare
	 * is visible only once complete: {@code CREATE DATABASE} commits at its end.
	 * @param names a new spare's name each time it is asked
	 */
	void makeSpares(int wanted, Supplier<String> names) throws SQLException {
		try {
			advisory("pg_advisory_lock_shared");
			if (!isReady()) {
				return;
			}
			for (int there = spares().size(); there < wanted; there++) {
				MigratedDatabase.execute(this.admin, "CREATE DATABASE " + names.get() + " TEMPLATE " + this.name);
			}
		}
		finally {
			unlockAll();
		}
	}

	/**
	 * The spare copies of this template there are now, by name.
	 */
	private List<String> spares() throws SQLException {
		List<String> spares = new ArrayList<>();
		try (PreparedStatement find = this.admin.prepareStatement(SPARES)) {
			find.setString(1, this.name + SPARE_INFIX);
			try (ResultSet rs = find.executeQuery()) {
				while (rs.next()) {
					spares.add(rs.getString(1));
				}
			}
		}
		return spares;
	}

	/**
	 * Drops every template of the lineage, and every spare copy of one, under the exclusive lock.
	 */
	int dropLineage() throws SQLException {
		try {
			advisory("pg_advisory_lock");
			return dropAll(false);
		}
		finally {
			unlockAll();
		}
	}

	private void build(Consumer<String> migrate) throws SQLException {
		// a build that died left a database that is not (yet) a template
		dropDatabase(this.name);
		MigratedDatabase.execute(this.admin, "CREATE DATABASE " + this.name);
		try {
			migrate.accept(this.name);
			awaitNoSessions();
			MigratedDatabase.execute(this.admin,
					"COMMENT ON DATABASE " + this.name + " IS '" + COMMENT + this.key.content() + "'");
			MigratedDatabase.execute(this.admin, "ALTER DATABASE " + this.name + " WITH ALLOW_CONNECTIONS false");
			// the last step: a template marked so is complete
			MigratedDatabase.execute(this.admin, "ALTER DATABASE " + this.name + " WITH IS_TEMPLATE true");
		}
		catch (RuntimeException | SQLException ex) {
			try {
				dropDatabase(this.name);
			}
			catch (SQLException dropFailed) {
				ex.addSuppressed(dropFailed);
			}
			throw ex;
		}
	}

	/**
	 * Complete: marked a template (the last step of a build) and commented with this full key,
	 * not only its first hex digits.
	 */
	private boolean isReady() throws SQLException {
		try (PreparedStatement find = this.admin.prepareStatement(FIND)) {
			find.setString(1, this.name);
			try (ResultSet rs = find.executeQuery()) {
				return rs.next() && rs.getBoolean(1) && (COMMENT + this.key.content()).equals(rs.getString(2));
			}
		}
	}

	/**
	 * The migration's connections are closed, but a server process may still be ending, and
	 * {@code CREATE DATABASE … TEMPLATE} refuses a database with sessions.
	 */
	private void awaitNoSessions() throws SQLException {
		long deadline = System.currentTimeMillis() + SESSIONS_END_MILLIS;
		try (PreparedStatement sessions = this.admin.prepareStatement(SESSIONS)) {
			sessions.setString(1, this.name);
			while (true) {
				try (ResultSet rs = sessions.executeQuery()) {
					rs.next();
					if (rs.getInt(1) == 0) {
						return;
					}
				}
				if (System.currentTimeMillis() > deadline) {
					throw new IllegalStateException("The template " + this.name + " still has sessions "
							+ SESSIONS_END_MILLIS + " ms after its migration; see pg_stat_activity");
				}
				try {
					Thread.sleep(20);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException("Interrupted while waiting for the template's sessions to end", ex);
				}
			}
		}
	}

	/**
	 * The lineage's other templates are of an earlier (or later) version of the files: no longer
	 * wanted here, nor their spare copies (named after them). Nobody copies them now (we hold the
	 * lock exclusively).
	 */
	private void dropOthers() throws SQLException {
		dropAll(true);
	}

	/**
	 * @return how many templates were dropped (their spares are dropped with them, not counted)
	 */
	private int dropAll(boolean keepOurs) throws SQLException {
		List<String> names = new ArrayList<>();
		try (PreparedStatement lineage = this.admin.prepareStatement(LINEAGE)) {
			lineage.setString(1, this.lineagePrefix);
			try (ResultSet rs = lineage.executeQuery()) {
				while (rs.next()) {
					names.add(rs.getString(1));
				}
			}
		}
		int dropped = 0;
		for (String each : names) {
			if (!keepOurs || !each.equals(this.name)) {
				dropDatabase(each);
				// templates counted, not their spares (a template's name, and more)
				if (each.length() == this.name.length()) {
					dropped++;
				}
			}
		}
		return dropped;
	}

	private void dropDatabase(String database) throws SQLException {
		try (PreparedStatement find = this.admin.prepareStatement(FIND)) {
			find.setString(1, database);
			try (ResultSet rs = find.executeQuery()) {
				if (!rs.next()) {
					return;
				}
			}
		}
		// PostgreSQL refuses to drop a database marked a template
		MigratedDatabase.execute(this.admin, "ALTER DATABASE " + database + " WITH IS_TEMPLATE false");
		MigratedDatabase.execute(this.admin, "DROP DATABASE IF EXISTS " + database + (this.force ? " WITH (FORCE)" : ""));
	}

	/**
	 * Calls one of PostgreSQL's advisory lock functions with the lineage's key.
	 */
	private void advisory(String function) throws SQLException {
		try (PreparedStatement lock = this.admin.prepareStatement("SELECT " + function + "(?, ?)")) {
			lock.setInt(1, LOCK_CLASS);
			lock.setInt(2, lineageLockKey());
			lock.execute();
		}
	}

	private void unlockAll() throws SQLException {
		MigratedDatabase.execute(this.admin, "SELECT pg_advisory_unlock_all()");
	}

	private int lineageLockKey() {
		return (int) Long.parseLong(this.key.lineage().substring(0, 8), 16);
	}

}
