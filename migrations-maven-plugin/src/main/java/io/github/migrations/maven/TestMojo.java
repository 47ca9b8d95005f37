package io.github.migrations.maven;

import java.io.PrintStream;

import io.github.migrations.cli.command.CommandConfiguration;
import io.github.migrations.cli.command.TestCommand;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * {@code mvn migrations:test}: proves every pending migration reversible (Up, snapshot, Down,
 * compare, Up) against the configured database, which it migrates: point it at a scratch one.
 */
@Mojo(name = "test", requiresProject = true, threadSafe = true)
public class TestMojo extends AbstractMigrationsMojo {

	/** A migration without a Down section fails the check. */
	@Parameter(property = "migrations.failOnIrreversible", defaultValue = "false")
	boolean failOnIrreversible;

	@Override
	String goal() {
		return "test";
	}

	@Override
	int run(CommandConfiguration configuration, PrintStream out) {
		return TestCommand.run(configuration, this.failOnIrreversible, out);
	}

}
