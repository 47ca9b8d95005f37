package io.github.migrations.discovery;

import io.github.migrations.MigrationCallback;
import io.github.migrations.MigrationParseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class MigrationFileNameTests {

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = { "20240115120000_add_user_preferences.sql|20240115120000|add_user_preferences",
			"1_init.sql|1|init", "007_x.sql|007|x", "V1__init.sql|1|init", "V1_2__add_email.sql|1.2|add_email",
			"V1.2.3__three_parts.sql|1.2.3|three_parts", "20240101000000_with spaces.sql|20240101000000|with spaces",
			"20240101000000_ünïcødé_名前.sql|20240101000000|ünïcødé_名前",
			"20240101000000_two_under__scores.sql|20240101000000|two_under__scores" })
	void readsVersionAndName(String fileName, String version, String name) {
		MigrationFileName parsed = MigrationFileName.parse(fileName, "classpath:db/migration/" + fileName).orElseThrow();
		assertThat(parsed.version()).hasToString(version);
		assertThat(parsed.name()).isEqualTo(name);
	}

	@ParameterizedTest
	@ValueSource(strings = { "README.md", "notes.txt", "1_init.sql.bak", "1_init.SQL~", "V1__init.sql.conf",
			"schema.ddl" })
	void ignoresFilesThatAreNotSql(String fileName) {
		assertThat(MigrationFileName.parse(fileName, fileName)).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "init.sql", "add_users_20240101.sql", "V__nothing.sql", "1.sql", "1_.sql", "v1__lower.sql",
			"-1_negative.sql", "1-init.sql" })
	void rejectsSqlFilesWithoutAVersionNamingTheFileAndTheFix(String fileName) {
		assertThatExceptionOfType(MigrationParseException.class)
			.isThrownBy(() -> MigrationFileName.parse(fileName, "classpath:db/migration/" + fileName))
			.satisfies((ex) -> {
				assertThat(ex.getScript()).isEqualTo("classpath:db/migration/" + fileName);
				assertThat(ex.getMessage()).contains("<version>_<name>.sql");
			});
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = { "V2__x.sql|VERSIONED|2|x", "B3__base.sql|BASELINE|3|base",
			"U2_1__undo_it.sql|UNDO|2.1|undo_it", "R__refresh_views.sql|REPEATABLE||refresh_views" })
	void readsFlywaysTypes(String fileName, MigrationFileName.Type type, String version, String name) {
		MigrationFileName parsed = MigrationFileName.parse(fileName, fileName).orElseThrow();
		assertThat(parsed.type()).isEqualTo(type);
		assertThat((parsed.version() != null) ? parsed.version().toString() : null).isEqualTo(version);
		assertThat(parsed.name()).isEqualTo(name);
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', value = { "V1__x.SQL|V1__x.sql|versioned migration 1 (x)",
			"2_users.Sql|2_users.sql|versioned migration 2 (users)", "v1__lower.sql|V1__lower.sql|versioned migration 1",
			"r__views.sql|R__views.sql|repeatable migration views", "V1_x.sql|V1__x.sql|versioned migration 1 (x)",
			"V1_2_add_email.sql|V1_2__add_email.sql|versioned migration 1.2 (add_email)",
			"V3-add-email.sql|V3__add-email.sql|versioned migration 3", "U2_x.sql|U2__x.sql|the undo (Down) of version 2",
			"1-init.sql|1_init.sql|versioned migration 1 (init)",
			"2024-01-01-x.sql|20240101_x.sql|versioned migration 20240101 (x)",
			"2024-01-15_12-30-00_users.sql|20240115123000_users.sql|versioned migration 20240115123000 (users)",
			"R1__views.sql|R__views.sql|repeatable migration views" })
	void namesTheFileWhatItWouldBeReadAsAndTheRename(String fileName, String renamed, String readAs) {
		assertThatExceptionOfType(MigrationParseException.class)
			.isThrownBy(() -> MigrationFileName.parse(fileName, "classpath:db/migration/" + fileName))
			.satisfies((ex) -> {
				assertThat(ex.getScript()).isEqualTo("classpath:db/migration/" + fileName);
				assertThat(ex.getSummary()).contains("'" + fileName + "' matches no migration pattern")
					.contains("named " + renamed + " it would be read as " + readAs);
				assertThat(ex.getAction()).startsWith("Rename it to " + renamed).contains("V<version>__<name>.sql");
			});
	}

	@Test
	void saysWhyAnUpperCaseExtensionIsNotAMigration() {
		assertThatExceptionOfType(MigrationParseException.class)
			.isThrownBy(() -> MigrationFileName.parse("V1__init.SQL", "V1__init.SQL"))
			.withMessageContaining("'.sql' in lower case");
	}

	@Test
	void namesTheRenameOfACallbackWithAnUpperCaseExtension() {
		assertThatExceptionOfType(MigrationParseException.class)
			.isThrownBy(() -> MigrationFileName.parse("afterMigrate.SQL", "db/migration/afterMigrate.SQL"))
			.withMessageContaining("it would be read as a callback")
			.satisfies((ex) -> assertThat(ex.getAction()).startsWith("Rename it to afterMigrate.sql"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "init.sql", "V__nothing.sql", "-1_negative.sql", "1.sql" })
	void listsThePatternsWhenNoRenameFits(String fileName) {
		assertThatExceptionOfType(MigrationParseException.class)
			.isThrownBy(() -> MigrationFileName.parse(fileName, fileName))
			.satisfies((ex) -> assertThat(ex.getAction()).startsWith("Name it after one of the patterns")
				.contains("V<version>__<name>.sql", "R__<name>.sql", "afterMigrate.sql"));
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = { "beforeMigrate.sql|BEFORE_MIGRATE", "afterMigrate__grants.sql|AFTER_MIGRATE",
			"beforeEachMigrate.sql|BEFORE_EACH_MIGRATE", "afterEachMigrate.sql|AFTER_EACH_MIGRATE",
			"afterMigrateError.sql|AFTER_MIGRATE_ERROR", "afterMigrateApplied.sql|AFTER_MIGRATE_APPLIED" })
	void readsCallbackNamesAsFlywayWritesThem(String fileName, MigrationCallback.Event event) {
		assertThat(CallbackFileName.parse(fileName, fileName)).contains(event);
	}

	@ParameterizedTest
	@ValueSource(strings = { "1_init.sql", "V1__init.sql", "after_all.sql", "beforehand.sql", "afterMigrate.txt" })
	void readsOtherFilesAsNoCallback(String fileName) {
		assertThat(CallbackFileName.parse(fileName, fileName)).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "beforeValidate.sql", "afterClean__x.sql", "beforeEachMigrateStatement.sql" })
	void rejectsFlywayCallbacksThatNeverRunHere(String fileName) {
		assertThatExceptionOfType(MigrationParseException.class)
			.isThrownBy(() -> CallbackFileName.parse(fileName, "db/migration/" + fileName))
			.withMessageContaining(fileName)
			.withMessageContaining("does not run")
			.withMessageContaining("afterMigrate.sql");
	}

}
