package io.github.migrations.maven;

import java.io.PrintStream;
import java.time.Clock;

import io.github.migrations.cli.command.CommandConfiguration;
import io.github.migrations.cli.command.CommandException;
import io.github.migrations.cli.command.CreateCommand;
import io.github.migrations.cli.command.ExitCode;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.jspecify.annotations.Nullable;

/**
 * {@code mvn migrations:create -Dmigrations.name=add_user_email}: a new migration file with Up and
 * Down sections in the first filesystem location.
 */
@Mojo(name = "create", requiresProject = true, threadSafe = true)
public class CreateMojo extends AbstractMigrationsMojo {

	/** What the migration does, e.g. {@code add_user_email}. */
	@Parameter(property = "migrations.name")
	@Nullable String name;

	@Override
	String goal() {
		return "create";
	}

	@Override
	int run(CommandConfiguration configuration, PrintStream out) {
		if (this.name == null || this.name.isBlank()) {
			throw new CommandException("Name the migration: mvn migrations:create -Dmigrations.name=add_user_email");
		}
		CreateCommand.run(configuration, this.name, Clock.systemUTC(), out);
		return ExitCode.OK;
	}

}
