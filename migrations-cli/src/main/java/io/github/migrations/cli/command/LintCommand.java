package io.github.migrations.cli.command;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

import io.github.migrations.MigrationParseException;
import io.github.migrations.lint.LintViolation;
import io.github.migrations.lint.MigrationLinter;
import io.github.migrations.lint.Severity;
import org.jspecify.annotations.Nullable;

/**
 * {@code lint}: every rule of the vendor's linter ({@link MigrationLinter#forVendor(String)}), the
 * style rules included, over the SQL files of the locations (or the files given), offline. The
 * vendor is the one given ({@code --vendor}), else the configured JDBC URL's
 * ({@code jdbc:mariadb:}, {@code jdbc:mysql:}, {@code jdbc:postgresql:}), else {@code postgresql};
 * it is also what {@code {vendor}} in the locations becomes. File names in the output are relative
 * to the project directory, so GitHub can place annotations on them. Fails on findings of
 * {@link Severity#ERROR} and {@link Severity#WARNING} (as {@code migrations.lint=fail} does) and on
 * malformed files; {@link Severity#ADVICE} is reported only.
 */
public final class LintCommand {

	/** Output formats. */
	public enum Format {

		/** {@code file:line rule-id (SEVERITY) message [statement]}, then a count. */
		TEXT,

		/** GitHub Actions workflow commands: {@code ::error file=…,line=…,title=…::message}. */
		GITHUB,

		/** SARIF 2.1.0, for code scanning. */
		SARIF

	}

	private LintCommand() {
	}

	/**
	 * Lints and prints the findings, with the vendor of the configured URL (else PostgreSQL's
	 * rules).
	 * @param files files or directories to lint; empty for every {@code filesystem:} location
	 * @param only the files to keep (absolute, e.g. those a branch changed), or {@code null} for all
	 * @return {@link ExitCode#FAILURE} when a finding fails, else {@link ExitCode#OK}
	 */
	public static int run(CommandConfiguration configuration, List<Path> files, @Nullable Set<Path> only,
			Format format, PrintStream out) {
		return run(configuration, null, files, only, format, out);
	}

	/**
	 * Lints and prints the findings.
	 * @param vendor {@code postgresql}, {@code mariadb} or {@code mysql}; {@code null} for the
	 * configured URL's, else {@code postgresql}
	 * @param files files or directories to lint; empty for every {@code filesystem:} location
	 * @param only the files to keep (absolute, e.g. those a branch changed), or {@code null} for all
	 * @return {@link ExitCode#FAILURE} when a finding fails, else {@link ExitCode#OK}
	 * @throws CommandException when the vendor has no linter
	 */
	public static int run(CommandConfiguration configuration, @Nullable String vendor, List<Path> files,
			@Nullable Set<Path> only, Format format, PrintStream out) {
		String effectiveVendor = vendor(vendor, configuration.url());
		Path project = configuration.projectDirectory();
		List<Path> scripts = sqlFiles(configuration, effectiveVendor, files);
		if (only != null) {
			scripts = scripts.stream().filter((file) -> only.contains(file.toAbsolutePath().normalize())).toList();
		}
		MigrationLinter linter;
		try {
			linter = MigrationLinter.forVendor(effectiveVendor);
		}
		catch (IllegalArgumentException ex) {
			throw new CommandException(ex.getMessage() + ". Pass --vendor=postgresql, --vendor=mariadb or "
					+ "--vendor=mysql.");
		}
		if (!configuration.properties().getLint().getRules().isEmpty()) {
			linter = linter.only(configuration.properties().getLint().getRules());
		}
		Charset encoding = configuration.properties().getEncoding();
		List<LintViolation> violations = new ArrayList<>();
		for (Path file : scripts) {
			String name = relative(project, file);
			try {
				violations.addAll(linter.lint(name, Files.readString(file, encoding)));
			}
			catch (MigrationParseException ex) {
				violations.add(new LintViolation(name, Math.max(ex.getLine(), 1), "parse", Severity.ERROR,
						ex.getSummary() + ". " + ex.getAction(), ""));
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not read " + file + ": " + ex.getMessage(), ex);
			}
		}
		out.print(switch (format) {
			case TEXT -> LintReports.text(violations, scripts.size());
			case GITHUB -> LintReports.github(violations);
			case SARIF -> LintReports.sarif(violations, linter.ruleIds());
		});
		return violations.stream().anyMatch((v) -> v.severity().failsRun()) ? ExitCode.FAILURE : ExitCode.OK;
	}

	/**
	 * The vendor to lint for: the one given, else the JDBC URL's ({@code jdbc:mariadb:},
	 * {@code jdbc:mysql:}, {@code jdbc:postgresql:}, also behind Testcontainers' {@code jdbc:tc:}),
	 * else {@code postgresql}.
	 */
	static String vendor(@Nullable String given, @Nullable String url) {
		if (given != null && !given.isBlank()) {
			return given.strip().toLowerCase(Locale.ROOT);
		}
		String lower = (url != null) ? url.toLowerCase(Locale.ROOT) : "";
		String driver = lower.startsWith("jdbc:tc:") ? lower.substring("jdbc:tc:".length())
				: lower.startsWith("jdbc:") ? lower.substring("jdbc:".length()) : "";
		for (String vendor : List.of("mariadb", "mysql", "postgresql")) {
			if (driver.startsWith(vendor + ":")) {
				return vendor;
			}
		}
		return "postgresql";
	}

	private static List<Path> sqlFiles(CommandConfiguration configuration, String vendor, List<Path> given) {
		List<Path> roots = new ArrayList<>();
		if (given.isEmpty()) {
			for (String location : configuration.locations()) {
				if (location.startsWith("filesystem:")) {
					roots.add(Path.of(location.substring("filesystem:".length()).replace("{vendor}", vendor)));
				}
			}
		}
		else {
			given.forEach((path) -> roots.add(configuration.projectDirectory().resolve(path)));
		}
		List<Path> files = new ArrayList<>();
		for (Path root : roots) {
			if (Files.isRegularFile(root)) {
				files.add(root);
			}
			else if (Files.isDirectory(root)) {
				try (Stream<Path> walk = Files.walk(root)) {
					walk.filter((p) -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".sql"))
						.sorted(Comparator.comparing(Path::toString))
						.forEach(files::add);
				}
				catch (IOException ex) {
					throw new UncheckedIOException("Could not list " + root + ": " + ex.getMessage(), ex);
				}
			}
			else if (!given.isEmpty()) {
				throw new CommandException(root + " does not exist: give SQL files or directories to lint");
			}
		}
		return files.stream().map((p) -> p.toAbsolutePath().normalize()).distinct().toList();
	}

	private static String relative(Path project, Path file) {
		return file.startsWith(project) ? project.relativize(file).toString().replace('\\', '/') : file.toString();
	}

}
