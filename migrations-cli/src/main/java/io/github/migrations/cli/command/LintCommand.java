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
import java.util.Set;
import java.util.stream.Stream;

import io.github.migrations.MigrationParseException;
import io.github.migrations.lint.LintViolation;
import io.github.migrations.lint.MigrationLinter;
import io.github.migrations.lint.Severity;
import org.jspecify.annotations.Nullable;

/**
 * {@code lint}: every rule of {@link MigrationLinter#postgres()}, the style rules included, over the
 * SQL files of the locations (or the files given), offline. File names in the output are relative to
 * the project directory, so GitHub can place annotations on them. Fails on findings of
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
	 * Lints and prints the findings.
	 * @param files files or directories to lint; empty for every {@code filesystem:} location
	 * @param only the files to keep (absolute, e.g. those a branch changed), or {@code null} for all
	 * @return {@link ExitCode#FAILURE} when a finding fails, else {@link ExitCode#OK}
	 */
	public static int run(CommandConfiguration configuration, List<Path> files, @Nullable Set<Path> only,
			Format format, PrintStream out) {
		Path project = configuration.projectDirectory();
		List<Path> scripts = sqlFiles(configuration, files);
		if (only != null) {
			scripts = scripts.stream().filter((file) -> only.contains(file.toAbsolutePath().normalize())).toList();
		}
		MigrationLinter linter = MigrationLinter.postgres();
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

	private static List<Path> sqlFiles(CommandConfiguration configuration, List<Path> given) {
		List<Path> roots = new ArrayList<>();
		if (given.isEmpty()) {
			for (String location : configuration.locations()) {
				if (location.startsWith("filesystem:")) {
					roots.add(Path.of(location.substring("filesystem:".length()).replace("{vendor}", "postgresql")));
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
