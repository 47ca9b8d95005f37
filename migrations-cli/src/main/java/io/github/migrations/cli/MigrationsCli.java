package io.github.migrations.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import io.github.migrations.RepairMode;
import io.github.migrations.cli.command.CommandConfiguration;
import io.github.migrations.cli.command.CommandException;
import io.github.migrations.cli.command.Commands;
import io.github.migrations.cli.command.CreateCommand;
import io.github.migrations.cli.command.DatabaseCommands;
import io.github.migrations.cli.command.GitChanges;
import io.github.migrations.cli.command.ExitCode;
import io.github.migrations.cli.command.LintCommand;
import io.github.migrations.cli.command.StatusCommand;
import io.github.migrations.cli.command.TenantCommands;
import io.github.migrations.cli.command.TestCommand;
import org.jspecify.annotations.Nullable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * The {@code migrations} command. Exit codes: 0 done, 1 the command ran and failed (a migration,
 * validation, failing lint findings, a refused rollback), 2 usage (unknown option, no database
 * configured, a file that exists).
 */
@Command(name = "migrations", mixinStandardHelpOptions = true, versionProvider = MigrationsCli.Version.class,
		description = "Database schema migrations, configured from the application's own "
				+ "application.properties / application.yml, environment variables and flags.",
		exitCodeListHeading = "%nExit codes:%n",
		exitCodeList = { "0:done", "1:the command failed (a migration, validation, lint findings, a refused rollback)",
				"2:usage error (unknown option, no database configured, a file that exists)" })
public final class MigrationsCli implements Callable<Integer> {

	// built only when asked for: picocli reads every option of a command when it is added, which
	// costs a short command (lint) a good part of its time
	private static final Map<String, Supplier<Object>> SUBCOMMANDS = subcommands();

	private final PrintStream out;

	private final PrintStream err;

	private final boolean terminal;

	private final Clock clock;

	/**
	 * Creates the command line.
	 * @param out standard output
	 * @param err standard error
	 * @param terminal whether {@code out} is a terminal
	 * @param clock the clock of {@code create}'s timestamp
	 */
	public MigrationsCli(PrintStream out, PrintStream err, boolean terminal, Clock clock) {
		this.out = out;
		this.err = err;
		this.terminal = terminal;
		this.clock = clock;
	}

	/**
	 * Runs {@code migrations} with the arguments and exits with its code.
	 */
	public static void main(String[] args) {
		System.exit(new MigrationsCli(System.out, System.err, System.console() != null, Clock.systemUTC())
			.execute(args));
	}

	/**
	 * Runs the command line in this process.
	 * @return the exit code
	 */
	public int execute(String... args) {
		CommandLine commandLine = new CommandLine(this);
		// only the command that runs, unless none is named (the help lists them all) or the
		// completion script is asked for (it names them all)
		String named = Arrays.stream(args).filter((arg) -> !arg.startsWith("-")).findFirst().orElse(null);
		boolean one = named != null && SUBCOMMANDS.containsKey(named) && !named.equals("generate-completion");
		SUBCOMMANDS.forEach((name, command) -> {
			if (!one || name.equals(named)) {
				commandLine.addSubcommand(name, command.get());
			}
		});
		commandLine.setOut(new PrintWriter(this.out, true, StandardCharsets.UTF_8));
		commandLine.setErr(new PrintWriter(this.err, true, StandardCharsets.UTF_8));
		commandLine.setCaseInsensitiveEnumValuesAllowed(true);
		return commandLine.execute(args);
	}

	private static Map<String, Supplier<Object>> subcommands() {
		Map<String, Supplier<Object>> commands = new LinkedHashMap<>();
		commands.put("create", Create::new);
		commands.put("status", Status::new);
		commands.put("validate", Validate::new);
		commands.put("lint", Lint::new);
		commands.put("migrate", Migrate::new);
		commands.put("rollback", Rollback::new);
		commands.put("baseline", Baseline::new);
		commands.put("repair", Repair::new);
		commands.put("import", Import::new);
		commands.put("sql", Sql::new);
		commands.put("test", Test::new);
		commands.put("generate-completion", AutoComplete.GenerateCompletion::new);
		return commands;
	}

	@Override
	public Integer call() {
		CommandLine commandLine = new CommandLine(this);
		SUBCOMMANDS.forEach((name, command) -> commandLine.addSubcommand(name, command.get()));
		commandLine.usage(this.out);
		return ExitCode.USAGE;
	}

	private int run(Callable<Integer> command) {
		return Commands.execute(command, this.err);
	}

	@Command(name = "create", mixinStandardHelpOptions = true,
			description = "Creates <timestamp>_<name>.sql with Up and Down sections in the first filesystem location.")
	static final class Create implements Callable<Integer> {

		@ParentCommand
		@Nullable MigrationsCli cli;

		@Mixin
		ConfigOptions config = new ConfigOptions();

		@Parameters(paramLabel = "NAME", description = "What the migration does, e.g. add_user_email.")
		String name = "";

		@Option(names = "--java", description = "A Java migration skeleton (V<timestamp>__<Name>.java) instead of SQL.")
		boolean java;

		@Option(names = "--package", defaultValue = "db.migration",
				description = "The package of a --java migration (default: db.migration).")
		String javaPackage = "db.migration";

		@Override
		public Integer call() {
			MigrationsCli cli = parent(this.cli);
			return cli.run(() -> {
				if (this.java) {
					CreateCommand.runJava(this.config.load(Map.of()), this.name, this.javaPackage, cli.clock, cli.out);
				}
				else {
					CreateCommand.run(this.config.load(Map.of()), this.name, cli.clock, cli.out);
				}
				return ExitCode.OK;
			});
		}

	}

	@Command(name = "status", mixinStandardHelpOptions = true,
			description = "Every migration and its state, as a table or as the actuator endpoint's JSON.")
	static final class Status implements Callable<Integer> {

		@ParentCommand
		@Nullable MigrationsCli cli;

		@Mixin
		ConfigOptions config = new ConfigOptions();

		@Option(names = "--format", defaultValue = "table", description = "table or json (default: table).")
		StatusCommand.Format format = StatusCommand.Format.TABLE;

		@Option(names = "--all-tenants", description = "Every tenant's state (migrations.tenants.*), one line each.")
		boolean allTenants;

		@Override
		public Integer call() {
			MigrationsCli cli = parent(this.cli);
			if (this.allTenants) {
				return cli.run(() -> new TenantCommands(allTenants(this.config), cli.out).status());
			}
			return cli.run(() -> StatusCommand.run(this.config.load(Map.of()), this.format, cli.out));
		}

	}

	@Command(name = "validate", mixinStandardHelpOptions = true,
			description = "Checks what a start with migrations.mode=validate checks; exit code 1 with the reasons.")
	static final class Validate implements Callable<Integer> {

		@ParentCommand
		@Nullable MigrationsCli cli;

		@Mixin
		ConfigOptions config = new ConfigOptions();

		@Option(names = "--allow-pending", description = "Pending migrations are no failure (before a deploy that migrates).")
		boolean allowPending;

		@Override
		public Integer call() {
			MigrationsCli cli = parent(this.cli);
			return cli.run(() -> database(cli, Map.of(), this.config).validate(this.allowPending));
		}

	}

	@Command(name = "lint", mixinStandardHelpOptions = true,
			description = "Lints migration files offline with every rule, style rules included; exit code 1 on ERROR "
					+ "or WARNING findings.")
	static final class Lint implements Callable<Integer> {

		@ParentCommand
		@Nullable MigrationsCli cli;

		@Mixin
		ConfigOptions config = new ConfigOptions();

		@Option(names = "--format", defaultValue = "text",
				description = "text, github (workflow annotations) or sarif (code scanning); default: text.")
		LintCommand.Format format = LintCommand.Format.TEXT;

		@Option(names = "--changed-since", paramLabel = "REF",
				description = "Lint only the files added or changed since the merge base with REF (git), e.g. origin/main.")
		@Nullable String changedSince;

		@Option(names = "--vendor", paramLabel = "VENDOR",
				description = "postgresql, mariadb or mysql: whose rules, and what {vendor} in the locations becomes "
						+ "(default: the configured JDBC URL's, else postgresql).")
		@Nullable String vendor;

		@Parameters(paramLabel = "PATH", arity = "0..*",
				description = "Files or directories to lint (default: the configured locations).")
		List<Path> paths = new ArrayList<>();

		@Override
		public Integer call() {
			MigrationsCli cli = parent(this.cli);
			return cli.run(() -> {
				var configuration = this.config.load(Map.of());
				Set<Path> only = (this.changedSince != null)
						? GitChanges.since(configuration.projectDirectory(), this.changedSince) : null;
				return LintCommand.run(configuration, this.vendor, this.paths, only, this.format, cli.out);
			});
		}

	}

	@Command(name = "migrate", mixinStandardHelpOptions = true, description = "Applies the pending migrations.")
	static final class Migrate implements Callable<Integer> {

		@ParentCommand
		@Nullable MigrationsCli cli;

		@Mixin
		ConfigOptions config = new ConfigOptions();

		@Option(names = "--target", paramLabel = "VERSION", description = "migrations.target: migrate up to this version.")
		@Nullable String target;

		@Option(names = "--all-tenants",
				description = "Migrate every tenant (migrations.tenants.*) in parallel; exit code 1 when one failed.")
		boolean allTenants;

		@Override
		public Integer call() {
			MigrationsCli cli = parent(this.cli);
			Map<String, String> properties = (this.target != null) ? Map.of("migrations.target", this.target) : Map.of();
			if (this.allTenants) {
				return cli.run(() -> new TenantCommands(allTenants(this.config, properties), cli.out).migrate());
			}
			return cli.run(() -> database(cli, properties, this.config).migrate());
		}

	}

	@Command(name = "rollback", mixinStandardHelpOptions = true,
			description = "Reverts applied migrations, newest first, from the Down SQL stored when they ran.")
	static final class Rollback implements Callable<Integer> {

		@ParentCommand
		@Nullable MigrationsCli cli;

		@Mixin
		ConfigOptions config = new ConfigOptions();

		@Option(names = "--steps", paramLabel = "N", description = "Revert the N newest migrations.")
		@Nullable Integer steps;

		@Option(names = "--to", paramLabel = "VERSION", description = "Revert everything newer than VERSION.")
		@Nullable String toVersion;

		@Option(names = "--last-batch", description = "Revert the newest batch.")
		boolean lastBatch;

		@Option(names = "--dry-run", description = "Print the Down SQL that would run; change nothing.")
		boolean dryRun;

		@Option(names = "--confirm",
				description = "Allow a rollback that reverts every applied migration (or say --to=0).")
		boolean confirm;

		@Override
		public Integer call() {
			MigrationsCli cli = parent(this.cli);
			return cli.run(() -> database(cli, Map.of(), this.config).rollback(this.steps, this.toVersion,
					this.lastBatch, this.dryRun, this.confirm, actor()));
		}

	}

	@Command(name = "baseline", mixinStandardHelpOptions = true,
			description = "Marks an existing database as migrated up to a version.")
	static final class Baseline implements Callable<Integer> {

		@ParentCommand
		@Nullable MigrationsCli cli;

		@Mixin
		ConfigOptions config = new ConfigOptions();

		@Option(names = "--baseline-version", paramLabel = "VERSION",
				description = "The baseline version (default: migrations.baseline-version).")
		@Nullable String version;

		@Override
		public Integer call() {
			MigrationsCli cli = parent(this.cli);
			return cli.run(() -> database(cli, Map.of(), this.config).baseline(this.version));
		}

	}

	@Command(name = "repair", mixinStandardHelpOptions = true,
			description = { "Repairs the history rows of migrations that failed part-way. By default removes them, so "
					+ "that they run again from their first statement.",
					"--resume: the next migrate runs each from the statement that failed (MariaDB, MySQL record "
							+ "which statements took effect); --mark-applied: counts them as applied (finished by "
							+ "hand)." })
	static final class Repair implements Callable<Integer> {

		@ParentCommand
		@Nullable MigrationsCli cli;

		@Mixin
		ConfigOptions config = new ConfigOptions();

		@Option(names = "--dry-run", description = "Name the failed rows that would be repaired; change nothing.")
		boolean dryRun;

		@Option(names = "--resume", description = "Let the next migrate run each failed migration from the "
				+ "statement that failed, skipping those that took effect (MariaDB, MySQL).")
		boolean resume;

		@Option(names = "--mark-applied", description = "Count the failed migrations as applied, with their "
				+ "file's checksum: their remaining statements were run by hand.")
		boolean markApplied;

		@Override
		public Integer call() {
			MigrationsCli cli = parent(this.cli);
			if (this.resume && this.markApplied) {
				throw new ParameterException(new CommandLine(this),
						"--resume and --mark-applied exclude each other: choose what was done about the failed migration");
			}
			RepairMode mode = this.resume ? RepairMode.RESUME
					: this.markApplied ? RepairMode.MARK_APPLIED : RepairMode.RERUN;
			return cli.run(() -> database(cli, Map.of(), this.config).repair(mode, this.dryRun, actor()));
		}

	}

	@Command(name = "import", mixinStandardHelpOptions = true,
			description = "Imports another tool's history (Flyway, sql-migrate, goose, golang-migrate) into a schema "
					+ "without ours, and applies nothing.")
	static final class Import implements Callable<Integer> {

		@ParentCommand
		@Nullable MigrationsCli cli;

		@Mixin
		ConfigOptions config = new ConfigOptions();

		@Option(names = "--dry-run", description = "Print the SQL the import would send; change nothing.")
		boolean dryRun;

		@Override
		public Integer call() {
			MigrationsCli cli = parent(this.cli);
			return cli.run(() -> database(cli, Map.of(), this.config).importHistory(this.dryRun));
		}

	}

	@Command(name = "sql", mixinStandardHelpOptions = true,
			description = "Prints the SQL that migrate (or, with --rollback, rollback) would send, in order: the "
					+ "lock's and the history's statements, the transactions, each statement's file and line. "
					+ "Changes nothing.")
	static final class Sql implements Callable<Integer> {

		@ParentCommand
		@Nullable MigrationsCli cli;

		@Mixin
		ConfigOptions config = new ConfigOptions();

		@Option(names = "--target", paramLabel = "VERSION", description = "migrations.target: migrate up to this version.")
		@Nullable String target;

		@Option(names = "--rollback", description = "The SQL of a rollback (with --steps, --to or --last-batch).")
		boolean rollback;

		@Option(names = "--steps", paramLabel = "N", description = "With --rollback: revert the N newest migrations.")
		@Nullable Integer steps;

		@Option(names = "--to", paramLabel = "VERSION",
				description = "With --rollback: revert everything newer than VERSION.")
		@Nullable String toVersion;

		@Option(names = "--last-batch", description = "With --rollback: revert the newest batch.")
		boolean lastBatch;

		@Option(names = "--confirm",
				description = "With --rollback: allow a rollback that reverts every applied migration.")
		boolean confirm;

		@Override
		public Integer call() {
			MigrationsCli cli = parent(this.cli);
			Map<String, String> properties = (this.target != null) ? Map.of("migrations.target", this.target) : Map.of();
			return cli.run(() -> database(cli, properties, this.config).sql(this.rollback, this.steps, this.toVersion,
					this.lastBatch, this.confirm, actor()));
		}

	}

	@Command(name = "test", mixinStandardHelpOptions = true,
			description = "Proves every pending migration reversible (Up, snapshot, Down, compare, Up) against the "
					+ "configured database, which it migrates: use a scratch database.")
	static final class Test implements Callable<Integer> {

		@ParentCommand
		@Nullable MigrationsCli cli;

		@Mixin
		ConfigOptions config = new ConfigOptions();

		@Option(names = "--fail-on-irreversible", description = "A migration without a Down section fails the check.")
		boolean failOnIrreversible;

		@Override
		public Integer call() {
			MigrationsCli cli = parent(this.cli);
			return cli.run(() -> TestCommand.run(this.config.load(Map.of()), this.failOnIrreversible, cli.out));
		}

	}

	private static CommandConfiguration allTenants(ConfigOptions config) {
		return allTenants(config, Map.of());
	}

	private static CommandConfiguration allTenants(ConfigOptions config, Map<String, String> properties) {
		if (config.tenant != null) {
			throw new CommandException("--tenant and --all-tenants exclude each other: name one tenant, or all");
		}
		return config.load(properties);
	}

	private static DatabaseCommands database(MigrationsCli cli, Map<String, String> properties,
			ConfigOptions config) {
		return new DatabaseCommands(config.load(properties), cli.out, cli.terminal);
	}

	// recorded in the rollback and repair audit
	private static String actor() {
		return "cli:" + System.getProperty("user.name", "unknown");
	}

	private static MigrationsCli parent(@Nullable MigrationsCli cli) {
		if (cli == null) {
			throw new IllegalStateException("A subcommand runs only under MigrationsCli");
		}
		return cli;
	}

	static final class Version implements CommandLine.IVersionProvider {

		@Override
		public String[] getVersion() {
			String version = MigrationsCli.class.getPackage().getImplementationVersion();
			return new String[] { "migrations " + ((version != null) ? version : "(development build)") };
		}

	}

}
