package io.github.migrations.autoconfigure.quiet;

import java.nio.file.Path;
import java.util.List;

import io.github.migrations.autoconfigure.quiet.QuietStart.ClassPath;
import io.github.migrations.autoconfigure.quiet.QuietStart.Output;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A plain JPA application on H2 (a file database, so the second start is a restart) logs no WARN
 * and no ERROR line on its first start and on a restart, with Actuator and Micrometer and without.
 */
class QuietStartH2Tests {

	@TempDir
	Path directory;

	@ParameterizedTest
	@EnumSource(ClassPath.class)
	void firstStartAndRestartLogNoWarning(ClassPath classPath) throws Exception {
		List<String> database = List.of("--spring.datasource.url=jdbc:h2:file:" + this.directory.resolve("app"),
				"--spring.datasource.username=sa");
		Output first = QuietStart.run(classPath, database);
		first.assertQuietStart(1);
		assertThat(first.mentions("20240301090000")).isTrue();
		QuietStart.run(classPath, database).assertQuietStart(1);
	}

	@ParameterizedTest
	@EnumSource(ClassPath.class)
	void anApplicationWithASecondDatabaseStartsAndRestartsQuietlyToo(ClassPath classPath) throws Exception {
		List<String> databases = List.of("--spring.datasource.url=jdbc:h2:file:" + this.directory.resolve("app"),
				"--spring.datasource.username=sa",
				"--migrations.instances.other.url=jdbc:h2:file:" + this.directory.resolve("other"),
				"--migrations.instances.other.user=sa", "--migrations.instances.other.locations=classpath:db/other");
		Output first = QuietStart.run(classPath, databases);
		first.assertQuietStart(1);
		assertThat(first.mentions("other_thing") || first.mentions("create_other")).isTrue();
		QuietStart.run(classPath, databases).assertQuietStart(1);
	}

}
