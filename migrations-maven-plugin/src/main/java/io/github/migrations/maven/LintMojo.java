package io.github.migrations.maven;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import io.github.migrations.cli.command.CommandConfiguration;
import io.github.migrations.cli.command.GitChanges;
import io.github.migrations.cli.command.LintCommand;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.jspecify.annotations.Nullable;

/**
 * {@code mvn migrations:lint}: every lint rule, offline, over the configured locations; fails the
 * build on ERROR or WARNING findings.
 */
@Mojo(name = "lint", requiresProject = true, threadSafe = true)
public class LintMojo extends AbstractMigrationsMojo {

	/** {@code text}, {@code github} or {@code sarif}. */
	@Parameter(property = "migrations.format", defaultValue = "text")
	String format = "";

	/** Lint only the files added or changed since the merge base with this git reference, e.g. {@code origin/main}. */
	@Parameter(property = "migrations.changedSince")
	@Nullable String changedSince;

	@Override
	String goal() {
		return "lint";
	}

	@Override
	int run(CommandConfiguration configuration, PrintStream out) {
		Set<Path> only = (this.changedSince != null && !this.changedSince.isBlank())
				? GitChanges.since(configuration.projectDirectory(), this.changedSince) : null;
		return LintCommand.run(configuration, List.of(), only, Formats.parse(LintCommand.Format.class, this.format),
				out);
	}

}
