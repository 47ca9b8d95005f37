package io.github.migrations.discovery;

import io.github.migrations.MigrationParseException;
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
	@ValueSource(strings = { "README.md", "notes.txt", "1_init.sql.bak", "1_init.SQL~" })
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

}
