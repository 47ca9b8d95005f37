package io.github.migrations.maven;

import java.io.PrintStream;
import java.util.List;

import io.github.migrations.cli.command.CommandConfiguration;
import io.github.migrations.cli.command.LintCommand;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * {@code mvn migrations:lint}: every lint rule, offline, over the configured locations; fails the
 * build on ERROR or WARNING findings.
 */
@Mojo(name = "lint", requiresProject = true, threadSafe = true)
public class LintMojo extends AbstractMigrationsMojo {

	/** {@code text}, {@code github} or {@code sarif}. */
	@Parameter(property = "migrations.format", defaultValue = "text")
	String format;

	@Override
	String goal() {
		return "lint";
	}

	@Override
	int run(CommandConfiguration configuration, PrintStream out) {
		return LintCommand.run(configuration, List.of(), null, Formats.parse(LintCommand.Format.class, this.format),
				out);
	}

}
