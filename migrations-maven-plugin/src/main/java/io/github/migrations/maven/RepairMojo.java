package io.github.migrations.maven;

import java.io.PrintStream;

import io.github.migrations.RepairMode;
import io.github.migrations.cli.command.CommandConfiguration;
import io.github.migrations.cli.command.CommandException;
import io.github.migrations.cli.command.DatabaseCommands;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * {@code mvn migrations:repair}: repairs the history rows of migrations that failed part-way; by
 * default removes them, so that they run again ({@code -Dmigrations.repairMode=resume} lets the
 * next migrate run each from its failed statement, {@code mark-applied} counts them as applied).
 */
@Mojo(name = "repair", requiresProject = true, threadSafe = true)
public class RepairMojo extends AbstractMigrationsMojo {

	/** Name the failed rows that would be repaired; change nothing. */
	@Parameter(property = "migrations.dryRun", defaultValue = "false")
	boolean dryRun;

	/**
	 * What to do with the failed rows: {@code rerun} (remove them: the migrations run again from
	 * their first statement), {@code resume} (the next migrate runs each from the statement that
	 * failed; MariaDB and MySQL record which took effect) or {@code mark-applied} (they were
	 * finished by hand).
	 */
	@Parameter(property = "migrations.repairMode", defaultValue = "rerun")
	String repairMode = "rerun";

	@Override
	String goal() {
		return "repair";
	}

	@Override
	int run(CommandConfiguration configuration, PrintStream out) {
		RepairMode mode;
		try {
			mode = RepairMode.of(this.repairMode);
		}
		catch (IllegalArgumentException ex) {
			throw new CommandException(ex.getMessage());
		}
		return new DatabaseCommands(configuration, out, false).repair(mode, this.dryRun,
				"maven:" + System.getProperty("user.name", "unknown"));
	}

}
