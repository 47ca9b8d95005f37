package io.github.migrations.maven;

import java.io.PrintStream;

import io.github.migrations.cli.command.CommandConfiguration;
import io.github.migrations.cli.command.DatabaseCommands;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.jspecify.annotations.Nullable;

/**
 * {@code mvn migrations:rollback -Dmigrations.steps=1}: reverts applied migrations, newest first.
 */
@Mojo(name = "rollback", requiresProject = true, threadSafe = true)
public class RollbackMojo extends AbstractMigrationsMojo {

	/** Revert the N newest migrations. */
	@Parameter(property = "migrations.steps")
	@Nullable Integer steps;

	/** Revert everything newer than this version. */
	@Parameter(property = "migrations.to")
	@Nullable String to;

	/** Revert the newest batch. */
	@Parameter(property = "migrations.lastBatch", defaultValue = "false")
	boolean lastBatch;

	/** Print the Down SQL that would run; change nothing. */
	@Parameter(property = "migrations.dryRun", defaultValue = "false")
	boolean dryRun;

	/** Allow a rollback that reverts every applied migration (or give {@code migrations.to=0}). */
	@Parameter(property = "migrations.confirm", defaultValue = "false")
	boolean confirm;

	@Override
	String goal() {
		return "rollback";
	}

	@Override
	int run(CommandConfiguration configuration, PrintStream out) {
		return new DatabaseCommands(configuration, out, false).rollback(this.steps, this.to, this.lastBatch,
				this.dryRun, this.confirm, "maven:" + System.getProperty("user.name", "unknown"));
	}

}
