package io.github.migrations.maven;

import java.io.PrintStream;
import java.util.Map;

import io.github.migrations.cli.command.CommandConfiguration;
import io.github.migrations.cli.command.DatabaseCommands;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.jspecify.annotations.Nullable;

/**
 * {@code mvn migrations:sql}: prints the SQL that {@code migrate} (or, with
 * {@code -Dmigrations.rollback}, a rollback) would send, in order, with the lock's and the
 * history's statements and the transactions marked; changes nothing.
 */
@Mojo(name = "sql", requiresProject = true, threadSafe = true)
public class SqlMojo extends AbstractMigrationsMojo {

	/** {@code migrations.target}: migrate up to this version. */
	@Parameter(property = "migrations.target")
	@Nullable String target;

	/** The SQL of a rollback (with {@code migrations.steps}, {@code migrations.to} or {@code migrations.lastBatch}). */
	@Parameter(property = "migrations.rollback", defaultValue = "false")
	boolean rollback;

	/** With {@code migrations.rollback}: revert the N newest migrations. */
	@Parameter(property = "migrations.steps")
	@Nullable Integer steps;

	/** With {@code migrations.rollback}: revert everything newer than this version. */
	@Parameter(property = "migrations.to")
	@Nullable String to;

	/** With {@code migrations.rollback}: revert the newest batch. */
	@Parameter(property = "migrations.lastBatch", defaultValue = "false")
	boolean lastBatch;

	/** With {@code migrations.rollback}: allow a rollback that reverts every applied migration. */
	@Parameter(property = "migrations.confirm", defaultValue = "false")
	boolean confirm;

	@Override
	String goal() {
		return "sql";
	}

	@Override
	Map<String, String> goalProperties() {
		return (this.target != null && !this.target.isBlank()) ? Map.of("migrations.target", this.target) : Map.of();
	}

	@Override
	int run(CommandConfiguration configuration, PrintStream out) {
		return new DatabaseCommands(configuration, out, false).sql(this.rollback, this.steps, this.to, this.lastBatch,
				this.confirm, "maven:" + System.getProperty("user.name", "unknown"));
	}

}
