package io.github.migrations.autoconfigure.quiet;

import java.util.List;

import io.github.migrations.autoconfigure.quiet.QuietStart.ClassPath;
import io.github.migrations.autoconfigure.quiet.QuietStart.Output;
import io.github.migrations.testsupport.PostgresDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A plain JPA application on PostgreSQL, whose migration has the columns a new user writes
 * ({@code varchar(255)}, {@code timestamp}): the linter's style rules do not speak at startup, so
 * the first start and the restart log no WARN and no ERROR line, with Actuator and Micrometer and
 * without.
 */
class QuietStartPostgresTests {

	@ParameterizedTest
	@EnumSource(ClassPath.class)
	void firstStartAndRestartLogNoWarning(ClassPath classPath) throws Exception {
		PostgresDatabase database = new PostgresDatabase();
		database.create();
		try {
			List<String> arguments = List.of("--spring.datasource.url=" + database.jdbcUrl(),
					"--spring.datasource.username=" + database.user(),
					"--spring.datasource.password=" + database.password());
			Output first = QuietStart.run(classPath, arguments);
			first.assertQuietStart(1);
			assertThat(first.mentions("20240301090000")).isTrue();
			QuietStart.run(classPath, arguments).assertQuietStart(1);
		}
		finally {
			database.drop();
		}
	}

}
