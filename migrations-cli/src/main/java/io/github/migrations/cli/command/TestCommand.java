package io.github.migrations.cli.command;

import java.io.PrintStream;
import java.util.List;

import io.github.migrations.test.MigrationReversibilityChecker;
import io.github.migrations.test.ReversibilityReport;

/**
 * {@code test}: the reversibility check of {@code migrations-test} against the configured database:
 * for each pending migration Up, snapshot, Down, compare with the schema before, Up again. It
 * changes the database (it ends with every migration applied): run it on a scratch database.
 */
public final class TestCommand {

	private TestCommand() {
	}

	/**
	 * Runs the check and prints its report (what differs, per migration).
	 * @param failOnIrreversible whether a migration without a Down section fails the check
	 * @return {@link ExitCode#FAILURE} when a migration is not reversible
	 */
	public static int run(CommandConfiguration configuration, boolean failOnIrreversible, PrintStream out) {
		ReversibilityReport report = MigrationReversibilityChecker
			.builder(configuration.dataSource(), configuration.migratorConfig(List.of()))
			.failOnIrreversible(failOnIrreversible)
			.build()
			.check();
		out.println(report.message());
		return report.isSuccessful() ? ExitCode.OK : ExitCode.FAILURE;
	}

}
