package io.github.migrations.lint;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.github.migrations.dialect.mariadb.MariaDbLexicalRules;
import io.github.migrations.parse.SqlStatement;
import io.github.migrations.parse.StatementSplitter;
import io.github.migrations.testsupport.MigrationFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The MariaDB/MySQL linter as a whole: waivers in {@code #} and {@code --} comments, rules of
 * another database in waivers and selections, the linter for a vendor and its {@code {vendor}},
 * and files only MariaDB's splitter reads.
 */
class MariaDbMigrationLinterTests {

	private final MigrationLinter linter = MigrationLinter.mariadb();

	private List<LintViolation> lint(String up) {
		return this.linter.lint("V1__test.sql", "-- +migrate Up\n" + up);
	}

	@Test
	void waiverInAHashCommentSuppressesTheNamedRule() {
		List<LintViolation> found = lint("""
				# migrations:allow column-type-change the table has 40 rows and is written once a day
				ALTER TABLE countries MODIFY code CHAR(3) NOT NULL;
				""");
		assertThat(found).isEmpty();
	}

	@Test
	void waiverInADashDashCommentSuppressesTheNamedRule() {
		List<LintViolation> found = lint("""
				-- migrations:allow column-type-change the table has 40 rows and is written once a day
				ALTER TABLE countries MODIFY code CHAR(3) NOT NULL;
				""");
		assertThat(found).isEmpty();
	}

	@Test
	void hashAndDashDashWaiversTogetherAmongOtherCommentsWaiveSeveralRules() {
		List<LintViolation> found = lint("""
				# Contract step of the address split.
				-- migrations:allow drop no release reads street since 4.2
				#migrations:allow rename the view 'addresses_v1' keeps the old name for 4.1
				ALTER TABLE addresses DROP COLUMN street, RENAME COLUMN line1 TO street_line;
				""");
		assertThat(found).isEmpty();
	}

	@Test
	void waiverInAHashCommentAppliesOnlyToTheStatementBelowIt() {
		List<LintViolation> found = lint("""
				# migrations:allow optimize-table a nightly job, 200 rows
				OPTIMIZE TABLE countries;
				OPTIMIZE TABLE orders;
				""");
		assertThat(found).extracting(LintViolation::line, LintViolation::ruleId)
			.containsExactly(tuple(4, "optimize-table"));
	}

	@Test
	void hashWaiverWithoutReasonIsReportedAndWaivesNothing() {
		List<LintViolation> found = lint("""
				# migrations:allow optimize-table
				OPTIMIZE TABLE countries;
				""");
		assertThat(found).extracting(LintViolation::line, LintViolation::ruleId)
			.containsExactly(tuple(2, MigrationLinter.WAIVER_WITHOUT_REASON), tuple(3, "optimize-table"));
		assertThat(found.get(0).message()).contains("migrations:allow optimize-table <reason>");
	}

	@Test
	void waiverOfAPostgresRuleIsNoUnknownWaiverButATypoIs() {
		List<LintViolation> found = lint("""
				-- migrations:allow index-not-concurrent shared file: PostgreSQL builds this index concurrently
				# migrations:allow optimise-table typo
				UPDATE settings SET value = 'x' WHERE name = 'y';
				""");
		assertThat(found).extracting(LintViolation::line, LintViolation::ruleId)
			.containsExactly(tuple(3, MigrationLinter.UNKNOWN_WAIVER));
		assertThat(found.get(0).message()).contains("'optimise-table'").contains("optimize-table");
	}

	@Test
	void theLinterForAVendorIsThatDatabasesLinter() {
		assertThat(MigrationLinter.forVendor("postgresql").ruleIds()).isEqualTo(MigrationLinter.postgres().ruleIds());
		assertThat(MigrationLinter.forVendor("mariadb").ruleIds()).isEqualTo(this.linter.ruleIds())
			.contains("algorithm-copy", "add-column-not-instant", "drop", "rename");
		assertThat(MigrationLinter.forVendor("mysql").ruleIds()).isEqualTo(this.linter.ruleIds());
		assertThatIllegalArgumentException().isThrownBy(() -> MigrationLinter.forVendor("h2"))
			.withMessageContaining("'h2'")
			.withMessageContaining("postgresql, mariadb and mysql");
	}

	@Test
	void selectingRulesOfAnotherDatabaseRunsNoneOfThemAndAnUnknownIdFails() {
		assertThat(this.linter.only(List.of("index-not-concurrent", "drop")).ruleIds()).containsExactly("drop");
		assertThat(MigrationLinter.postgres().only(List.of("algorithm-copy")).ruleIds()).isEmpty();
		assertThatIllegalArgumentException().isThrownBy(() -> this.linter.only(List.of("algorithm-kopy")))
			.withMessageContaining("[algorithm-kopy]");
		assertThat(MigrationLinter.allRuleIds()).contains("index-not-concurrent", "algorithm-copy")
			.doesNotHaveDuplicates();
	}

	@Test
	void lintsTheLocationsOfItsVendor(@TempDir Path directory) {
		MigrationFiles files = new MigrationFiles(directory);
		files.migration("mariadb/1_optimize.sql", "OPTIMIZE TABLE orders;", "");
		files.migration("mysql/1_copy.sql", "ALTER TABLE orders MODIFY note TEXT, ALGORITHM=COPY;", "");
		files.migration("postgresql/1_index.sql", "CREATE INDEX idx ON users (a);", "DROP INDEX idx;");
		String location = files.location() + "/{vendor}";
		assertThat(MigrationLinter.mariadb().lintLocations(List.of(location))).extracting(LintViolation::ruleId)
			.containsExactly("optimize-table");
		assertThat(MigrationLinter.forVendor("mysql").lintLocations(List.of(location)))
			.extracting(LintViolation::ruleId)
			.containsExactly("algorithm-copy");
		assertThat(MigrationLinter.forVendor("postgresql").lintLocations(List.of(location)))
			.extracting(LintViolation::ruleId)
			.containsExactly("index-not-concurrent");
	}

	@Test
	void neverThrowsOnAnyStatementOfTheMariaDbCasesNorOnAnyPrefixOfOne() {
		List<SqlStatement> corpus = corpus();
		assertThat(corpus).hasSizeGreaterThan(140);
		assertThat(this.linter.lint("corpus.sql", corpus, true, new String[0], 1)).isNotEmpty();
		for (SqlStatement statement : corpus) {
			String sql = statement.sql();
			// cut anywhere: inside backticks, strings, comments, executable comments, parentheses
			int step = Math.max(1, sql.length() / 80);
			for (int end = 0; end <= sql.length(); end += step) {
				this.linter.lint("prefix.sql",
						List.of(new SqlStatement(sql.substring(0, end), 1, null, MariaDbLexicalRules.DEFAULT)), true,
						new String[0], 1);
			}
		}
	}

	/**
	 * The statements of the MariaDB splitter's cases (their input) and of the rule cases.
	 */
	private static List<SqlStatement> corpus() {
		StatementSplitter splitter = new StatementSplitter(MariaDbLexicalRules.DEFAULT);
		List<SqlStatement> statements = new ArrayList<>();
		for (String resource : List.of("/parse/splitter-cases-mariadb.txt", "/lint/mariadb-rule-cases.txt")) {
			StringBuilder input = null;
			for (String line : (resource(resource) + "\n### end").split("\n")) {
				if (line.startsWith("### ") || line.startsWith(">>> ") || line.startsWith("!!! ")) {
					if (input != null) {
						try {
							statements.addAll(splitter.split("case.sql", input.toString(), 1));
						}
						catch (RuntimeException ex) {
							// a case the splitter refuses (its error cases): nothing to lint
						}
					}
					input = line.startsWith("### ") ? new StringBuilder() : null;
				}
				else if (input != null && !line.startsWith("-- +migrate")) {
					input.append(line).append('\n');
				}
			}
		}
		return statements;
	}

	private static String resource(String name) {
		try (InputStream in = MariaDbMigrationLinterTests.class.getResourceAsStream(name)) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Test
	void readsFilesWithMariaDbsLexicalRules() {
		List<LintViolation> found = lint("""
				# a hash comment; ' an unbalanced quote in it
				DELIMITER //
				CREATE PROCEDURE touch_all()
				BEGIN
				  UPDATE orders SET touched = 1;
				  DELETE FROM carts;
				END //
				DELIMITER ;
				INSERT INTO notes (body) VALUES ('it\\'s -- no comment; ALGORITHM=COPY');
				ALTER TABLE `order lines` ALGORITHM=COPY, ADD COLUMN `note` TEXT;
				""");
		assertThat(found).extracting(LintViolation::line, LintViolation::ruleId)
			.containsExactly(tuple(11, "algorithm-copy"));
		assertThat(found.get(0).message()).contains("existing table order lines");
	}

}
