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
 * {@code mvn migrations:lint}: every lint rule of the vendor, offline, over the configured
 * locations; fails the build on ERROR or WARNING findings. The vendor is {@code vendor}
 * ({@code -Dmigrations.vendor=mariadb}), else the configured JDBC URL's, else {@code postgresql}.
 */
@Mojo(name = "lint", requiresProject = true, threadSafe = true)
public class LintMojo extends AbstractMigrationsMojo {

	/** {@code text}, {@code github} or {@code sarif}. */
	@Parameter(property = "migrations.format", defaultValue = "text")
	String format = "";

	/** Lint only the files added or changed since the merge base with this git reference, e.g. {@code origin/main}. */
	@Parameter(property = "migrations.changedSince")
	@Nullable String changedSince;

	/**
	 * {@code postgresql}, {@code mariadb} or {@code mysql}: whose rules, and what {@code {vendor}}
	 * in the locations becomes; by default the configured JDBC URL's, else {@code postgresql}.
	 */
	@Parameter(property = "migrations.vendor")
	@Nullable String vendor;

	@Override
	String goal() {
		return "lint";
	}

	@Override
	int run(CommandConfiguration configuration, PrintStream out) {
		Set<Path> only = (this.changedSince != null && !this.changedSince.isBlank())
				? GitChanges.since(configuration.projectDirectory(), this.changedSince) : null;
		return LintCommand.run(configuration, this.vendor, List.of(), only,
				Formats.parse(LintCommand.Format.class, this.format), out);
	}

}
