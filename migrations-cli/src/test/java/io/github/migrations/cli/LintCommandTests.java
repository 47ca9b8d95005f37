package io.github.migrations.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code lint} offline: no database is configured in these projects.
 */
class LintCommandTests {

	@TempDir
	Path directory;

	private Cli cli;

	@BeforeEach
	void project() {
		this.cli = new Cli(this.directory);
	}

	@Test
	void anIndexBuiltWithoutConcurrentlyFailsWithFileAndLine() {
		this.cli.migration("20250101000000_index.sql", "\nCREATE INDEX users_email ON users (email);",
				"DROP INDEX users_email;");
		Cli.Result result = this.cli.run("lint");
		assertThat(result.exitCode()).isEqualTo(1);
		assertThat(result.out())
			.contains("src/main/resources/db/migration/20250101000000_index.sql:3 index-not-concurrent (ERROR)")
			.contains("1 file, 1 finding, 1 failing");
	}

	@Test
	void styleRulesRunTooButDoNotFail() {
		this.cli.migration("20250101000000_table.sql", "CREATE TABLE IF NOT EXISTS t (id int PRIMARY KEY, at timestamp);",
				"DROP TABLE t;");
		Cli.Result result = this.cli.run("lint");
		assertThat(result.exitCode()).as(result.out()).isZero();
		assertThat(result.out()).contains("prefer-timestamptz (ADVICE)").contains("prefer-bigint-pk (ADVICE)")
			.contains("0 failing");
	}

	@Test
	void aCleanProjectPasses() {
		this.cli.migration("20250101000000_table.sql", "CREATE TABLE IF NOT EXISTS t (id bigint PRIMARY KEY);",
				"DROP TABLE t;");
		Cli.Result result = this.cli.run("lint");
		assertThat(result.exitCode()).as(result.out()).isZero();
		assertThat(result.out()).isEqualTo("1 file, 0 findings, 0 failing (ERROR or WARNING)\n");
	}

	@Test
	void githubFormatWritesOneWorkflowCommandPerFinding() {
		this.cli.migration("20250101000000_index.sql", "CREATE INDEX users_email ON users (email);",
				"DROP INDEX users_email;");
		Cli.Result result = this.cli.run("lint", "--format=github");
		assertThat(result.exitCode()).isEqualTo(1);
		assertThat(result.out()).startsWith("::error file=src/main/resources/db/migration/20250101000000_index.sql,"
				+ "line=2,title=index-not-concurrent (ERROR)::");
	}

	@Test
	void sarifFormatNamesTheRuleTheFileAndTheLine() {
		this.cli.migration("20250101000000_index.sql", "CREATE INDEX users_email ON users (email);",
				"DROP INDEX users_email;");
		Cli.Result result = this.cli.run("lint", "--format=sarif");
		assertThat(result.exitCode()).isEqualTo(1);
		assertThat(result.out()).contains("\"version\": \"2.1.0\"")
			.contains("\"ruleId\": \"index-not-concurrent\"")
			.contains("\"level\": \"error\"")
			.contains("\"uri\": \"src/main/resources/db/migration/20250101000000_index.sql\"")
			.contains("\"startLine\": 2")
			.contains("\"id\": \"prefer-text\"");
	}

	@Test
	void aMalformedFileIsAFailingFinding() {
		this.cli.write("src/main/resources/db/migration/20250101000000_bad.sql",
				"-- +migrate Down\nDROP TABLE t;\n-- +migrate Up\nCREATE TABLE t (id bigint);\n");
		Cli.Result result = this.cli.run("lint");
		assertThat(result.exitCode()).isEqualTo(1);
		assertThat(result.out()).contains("20250101000000_bad.sql:").contains(" parse (ERROR) ");
	}

	@Test
	void givenPathsAreLintedInsteadOfTheLocations() {
		this.cli.migration("20250101000000_index.sql", "CREATE INDEX users_email ON users (email);", "");
		this.cli.write("other/20250101000000_ok.sql", "-- +migrate Up\nCREATE TABLE IF NOT EXISTS t (id bigint);\n");
		Cli.Result result = this.cli.run("lint", "other");
		assertThat(result.exitCode()).as(result.out()).isZero();
		assertThat(this.cli.run("lint", "missing").exitCode()).isEqualTo(2);
	}

	@Test
	void changedSinceLintsOnlyWhatTheBranchAddsOrChanges() throws Exception {
		this.cli.migration("20250101000000_old.sql", "CREATE INDEX old_index ON users (email);", "");
		git("init", "-q", "-b", "main");
		git("add", ".");
		git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "old");
		git("checkout", "-q", "-b", "feature");
		this.cli.migration("20250102000000_new.sql", "CREATE INDEX new_index ON users (name);", "");
		Cli.Result result = this.cli.run("lint", "--changed-since=main");
		assertThat(result.exitCode()).isEqualTo(1);
		assertThat(result.out()).contains("20250102000000_new.sql").doesNotContain("20250101000000_old.sql")
			.contains("1 file, 1 finding");
		Cli.Result unknownRef = this.cli.run("lint", "--changed-since=no-such-ref");
		assertThat(unknownRef.exitCode()).isEqualTo(2);
		assertThat(unknownRef.err()).contains("--changed-since needs git").contains("fetch-depth: 0");
	}

	@Test
	void vendorMariadbLintsWithTheMariaDbRules() {
		this.cli.migration("20250101000000_total.sql", "# the amounts need cents\nALTER TABLE orders MODIFY total DECIMAL(12,2);",
				"ALTER TABLE orders MODIFY total INT;");
		// PostgreSQL's rules know no MODIFY
		Cli.Result postgres = this.cli.run("lint");
		assertThat(postgres.exitCode()).as(postgres.out()).isZero();
		Cli.Result result = this.cli.run("lint", "--vendor=mariadb");
		assertThat(result.exitCode()).as(result.out()).isEqualTo(1);
		assertThat(result.out()).contains("20250101000000_total.sql:3 column-type-change (ERROR)")
			.contains("ALGORITHM=INPLACE, LOCK=NONE")
			.contains("1 file, 1 finding, 1 failing");
	}

	@Test
	void theVendorOfTheConfiguredUrlPicksTheRulesAndTheVendorLocation() {
		this.cli.write("src/main/resources/application.properties", """
				spring.datasource.url=jdbc:mysql://db.example.org:3306/shop
				migrations.locations=classpath:db/migration/{vendor}
				""");
		this.cli.write("src/main/resources/db/migration/mysql/20250101000000_copy.sql",
				"-- +migrate Up\nALTER TABLE orders ADD COLUMN note TEXT, ALGORITHM=COPY;\n");
		this.cli.write("src/main/resources/db/migration/postgresql/20250101000000_index.sql",
				"-- +migrate Up\nCREATE INDEX users_email ON users (email);\n");
		Cli.Result result = this.cli.run("lint");
		assertThat(result.exitCode()).as(result.out()).isEqualTo(1);
		assertThat(result.out()).contains("db/migration/mysql/20250101000000_copy.sql:2 algorithm-copy (ERROR)")
			.doesNotContain("index-not-concurrent")
			.contains("1 file, 1 finding");
		Cli.Result postgres = this.cli.run("lint", "--vendor=postgresql");
		assertThat(postgres.out()).contains("index-not-concurrent").doesNotContain("algorithm-copy");
	}

	@Test
	void aVendorWithoutLinterIsAUsageError() {
		Cli.Result result = this.cli.run("lint", "--vendor=h2");
		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err()).contains("'h2'").contains("--vendor=mariadb");
	}

	private void git(String... arguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("git", "-C", this.directory.toString()));
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).inheritIO().start();
		assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).isZero();
	}

}
