package io.github.migrations.test;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * What {@link MigratedDatabases} decides without a database: the URL of a database on the server,
 * and the settings it refuses.
 */
class MigratedDatabasesTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			jdbc:postgresql://127.0.0.1:5432/postgres            | jdbc:postgresql://127.0.0.1:5432/copy
			jdbc:postgresql://127.0.0.1:5432/postgres?ssl=true   | jdbc:postgresql://127.0.0.1:5432/copy?ssl=true
			jdbc:postgresql://host/                              | jdbc:postgresql://host/copy
			jdbc:postgresql://host                               | jdbc:postgresql://host/copy
			jdbc:postgresql://host?user=me/x                     | jdbc:postgresql://host/copy?user=me/x
			jdbc:mariadb://127.0.0.1:3306/                       | jdbc:mariadb://127.0.0.1:3306/copy
			jdbc:mysql://a:1,b:2/db?useSSL=false                 | jdbc:mysql://a:1,b:2/copy?useSSL=false
			""")
	void aDatabasesUrlIsTheServersWithItsName(String server, String database) {
		assertThat(MigratedDatabases.withDatabase(server, "copy")).isEqualTo(database);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "Upper", "1digit", "has-dash", "much_too_long_a_prefix_here" })
	void aPrefixThatWouldMakeABadDatabaseNameIsRefused(String prefix) {
		assertThatIllegalArgumentException().isThrownBy(() -> MigratedDatabases.builder("jdbc:postgresql://h/p").prefix(prefix))
			.withMessageContaining("'" + prefix + "'");
	}

	@ParameterizedTest
	@ValueSource(strings = { "jdbc:h2:mem:x", "jdbc:sqlserver://h;databaseName=x" })
	void aServerWithoutDatabasesToCreateIsRefusedNamingTheUrl(String url) {
		assertThatIllegalArgumentException().isThrownBy(() -> MigratedDatabases.builder(url).build())
			.withMessageContaining(url);
	}

	@ParameterizedTest
	@ValueSource(strings = { "jdbc:mariadb://127.0.0.1:3306/", "jdbc:mysql://127.0.0.1:3306/" })
	void mariaDbAndMySqlHaveNoTemplates(String url) {
		assertThat(MigratedDatabases.builder(url).build().usesTemplates()).isFalse();
	}

}
