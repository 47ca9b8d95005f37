package io.github.migrations.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line without a database: help, usage errors, completion, {@code create}.
 */
class MigrationsCliTests {

	@TempDir
	Path directory;

	@ParameterizedTest
	@ValueSource(strings = { "create", "status", "validate", "lint", "migrate", "rollback", "baseline", "repair", "import", "sql", "test" })
	void everyCommandHasHelp(String command) {
		Cli.Result result = new Cli(this.directory).run(command, "--help");
		assertThat(result.exitCode()).isZero();
		assertThat(result.out()).startsWith("Usage: migrations " + command).contains("--project-dir=DIR");
	}

	@Test
	void theTopLevelHelpListsTheCommandsAndTheExitCodes() {
		Cli.Result result = new Cli(this.directory).run("--help");
		assertThat(result.exitCode()).isZero();
		assertThat(result.out()).contains("migrate ", "rollback ", "lint ", "generate-completion")
			.contains("Exit codes:")
			.containsPattern("2\\s+usage error");
	}

	@Test
	void anUnknownOptionIsAUsageError() {
		Cli.Result result = new Cli(this.directory).run("migrate", "--no-such-option");
		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err()).contains("Unknown option: '--no-such-option'");
	}

	@Test
	void aDatabaseCommandWithoutAUrlSaysWhereItLookedAndWhatToDo() {
		Cli.Result result = new Cli(this.directory).run("status");
		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err()).contains("neither migrations.url nor spring.datasource.url is set")
			.contains(this.directory.resolve("src/main/resources").toString())
			.contains("--url=");
	}

	@Test
	void generateCompletionWritesABashScript() {
		Cli.Result result = new Cli(this.directory).run("generate-completion");
		assertThat(result.exitCode()).isZero();
		assertThat(result.out()).contains("complete -F").contains("rollback");
	}

	@Test
	void createWritesATimestampedFileWithUpAndDownInTheFirstLocation() throws Exception {
		Cli cli = new Cli(this.directory);
		Cli.Result result = cli.run("create", "Add user-email");
		assertThat(result.exitCode()).as(result.err()).isZero();
		Path file = this.directory.resolve("src/main/resources/db/migration/20260102030405_add_user_email.sql");
		assertThat(result.out()).isEqualTo("Created " + file + "\n");
		assertThat(Files.readString(file)).contains("-- +migrate Up").contains("-- +migrate Down");
		// until its SQL is written, the new file is what lint (and a migrate run) refuses
		Cli.Result lint = cli.run("lint");
		assertThat(lint.exitCode()).isEqualTo(1);
		assertThat(lint.out()).contains("20260102030405_add_user_email.sql:1 parse (ERROR) The Up section has no statement");
		Cli.Result again = cli.run("create", "add_user_email");
		assertThat(again.exitCode()).isEqualTo(2);
		assertThat(again.err()).contains("exists already");
	}

	@Test
	void createUsesTheFirstFilesystemLocation() {
		Cli cli = new Cli(this.directory);
		Cli.Result result = cli.run("create", "init", "--locations=filesystem:db/changes,classpath:db/migration");
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(this.directory.resolve("db/changes/20260102030405_init.sql")).exists();
	}

	@Test
	void createJavaWritesABaseJavaMigrationSkeletonNamedForItsVersion() throws Exception {
		Cli.Result result = new Cli(this.directory).run("create", "move addresses", "--java",
				"--package=com.example.migration");
		assertThat(result.exitCode()).as(result.err()).isZero();
		Path file = this.directory
			.resolve("src/main/java/com/example/migration/V20260102030405__MoveAddresses.java");
		assertThat(Files.readString(file)).contains("package com.example.migration;")
			.contains("public class V20260102030405__MoveAddresses extends BaseJavaMigration")
			.contains("public void up(MigrationContext context)")
			.contains("public void down(MigrationContext context)");
		// it compiles against the engine and Spring as it is
		int compiled = javax.tools.ToolProvider.getSystemJavaCompiler()
			.run(null, null, null, "-d", this.directory.resolve("classes").toString(), "-cp",
					System.getProperty("java.class.path"), file.toString());
		assertThat(compiled).isZero();
	}

	@Test
	void createRefusesANameThatCannotBeAFileName() {
		Cli.Result result = new Cli(this.directory).run("create", "drop/users");
		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err()).contains("'drop/users' must be letters, digits and underscores");
	}

}
