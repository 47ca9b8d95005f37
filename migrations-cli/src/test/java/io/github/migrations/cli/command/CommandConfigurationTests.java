package io.github.migrations.cli.command;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.migrations.MigratorConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The application's configuration read as Spring Boot reads it, flags on top.
 */
class CommandConfigurationTests {

	@TempDir
	Path project;

	@Test
	void readsSpringDatasourceAndMigrationsPropertiesFromApplicationYml() throws IOException {
		write("src/main/resources/application.yml", """
				spring.datasource:
				  url: jdbc:postgresql://db/app
				  username: app
				migrations:
				  table: history
				  lock-timeout: 7s
				""");
		CommandConfiguration configuration = CommandConfiguration.load(this.project, List.of(), Map.of());
		assertThat(configuration.url()).isEqualTo("jdbc:postgresql://db/app");
		assertThat(configuration.describe()).contains("user=app").doesNotContain("password");
		MigratorConfig config = configuration.migratorConfig(List.of());
		assertThat(config.getTable()).isEqualTo("history");
		assertThat(config.getLockTimeout()).isEqualTo(Duration.ofSeconds(7));
	}

	@Test
	void aProfileOverridesTheDefaultFile() throws IOException {
		write("src/main/resources/application.properties", "spring.datasource.url=jdbc:h2:mem:dev\n");
		write("src/main/resources/application-prod.yml", "spring.datasource.url: jdbc:postgresql://prod/app\n");
		assertThat(CommandConfiguration.load(this.project, List.of(), Map.of()).url()).isEqualTo("jdbc:h2:mem:dev");
		assertThat(CommandConfiguration.load(this.project, List.of("prod"), Map.of()).url())
			.isEqualTo("jdbc:postgresql://prod/app");
	}

	@Test
	void theProfileActiveInTheFileIsHonoured() throws IOException {
		write("src/main/resources/application.yml", """
				spring.profiles.active: staging
				spring.datasource.url: jdbc:h2:mem:dev
				---
				spring.config.activate.on-profile: staging
				spring.datasource.url: jdbc:postgresql://staging/app
				""");
		assertThat(CommandConfiguration.load(this.project, List.of(), Map.of()).url())
			.isEqualTo("jdbc:postgresql://staging/app");
	}

	@Test
	void migrationsUrlWinsOverTheApplicationsDatasource() throws IOException {
		write("src/main/resources/application.properties", """
				spring.datasource.url=jdbc:postgresql://db/app
				migrations.url=jdbc:postgresql://db/app?options=-c%20role=owner
				""");
		assertThat(CommandConfiguration.load(this.project, List.of(), Map.of()).url())
			.isEqualTo("jdbc:postgresql://db/app?options=-c%20role=owner");
	}

	@Test
	void flagsWinOverEveryFile() throws IOException {
		write("src/main/resources/application.properties", "migrations.table=from_file\n");
		write("config/application.properties", "migrations.schema=from_config_dir\n");
		CommandConfiguration configuration = CommandConfiguration.load(this.project, List.of(),
				Map.of("migrations.table", "from_flag"));
		assertThat(configuration.migratorConfig(List.of()).getTable()).isEqualTo("from_flag");
		assertThat(configuration.migratorConfig(List.of()).getSchema()).isEqualTo("from_config_dir");
	}

	@Test
	void classpathLocationsAreTheProjectsResourcesAndRelativeDirectoriesTheProjects() {
		CommandConfiguration configuration = CommandConfiguration.load(this.project, List.of(),
				Map.of("migrations.locations", "classpath:db/migration,filesystem:sql"));
		Path root = this.project.toAbsolutePath().normalize();
		assertThat(configuration.locations()).containsExactly(
				"filesystem:" + root.resolve("src/main/resources/db/migration"), "filesystem:" + root.resolve("sql"));
		assertThat(configuration.firstDirectory()).isEqualTo(root.resolve("src/main/resources/db/migration"));
	}

	@Test
	void theDefaultsAreTheStartersDefaults() {
		MigratorConfig config = CommandConfiguration.load(this.project, List.of(), Map.of()).migratorConfig(List.of());
		assertThat(config.getTable()).isEqualTo(MigratorConfig.DEFAULT_TABLE);
		assertThat(config.getLockTable()).isEqualTo(MigratorConfig.DEFAULT_LOCK_TABLE);
		assertThat(config.getLockTimeout()).isEqualTo(MigratorConfig.DEFAULT_LOCK_TIMEOUT);
	}

	@Test
	void aMalformedPropertyNamesItself() throws IOException {
		write("src/main/resources/application.properties", "migrations.lock-timeout=soon\n");
		assertThatExceptionOfType(RuntimeException.class)
			.isThrownBy(() -> CommandConfiguration.load(this.project, List.of(), Map.of()))
			.withMessageContaining("migrations.lock-timeout");
	}

	@Test
	void aConfigLocationGivenAsAFlagIsReadWhenTheProjectHasNoFileOfItsOwn() throws IOException {
		write("elsewhere/settings.properties", "spring.datasource.url=jdbc:h2:mem:elsewhere\nmigrations.table=t\n");
		CommandConfiguration configuration = CommandConfiguration.load(this.project, List.of(),
				Map.of("spring.config.location", "file:" + this.project.resolve("elsewhere/settings.properties")));
		assertThat(configuration.url()).isEqualTo("jdbc:h2:mem:elsewhere");
		assertThat(configuration.migratorConfig(List.of()).getTable()).isEqualTo("t");
	}

	@Test
	void aProfileOnlyFileIsReadToo() throws IOException {
		write("config/application-ci.yml", "migrations.url: jdbc:h2:mem:ci\n");
		assertThat(CommandConfiguration.load(this.project, List.of("ci"), Map.of()).url()).isEqualTo("jdbc:h2:mem:ci");
	}

	@Test
	void aUrlOfItsOwnIsNeverPairedWithTheApplicationsLoginAsTheStarterConnects() throws IOException {
		write("src/main/resources/application.properties", """
				spring.datasource.url=jdbc:postgresql://db/app
				spring.datasource.username=app
				spring.datasource.password=app-secret
				migrations.url=jdbc:postgresql://db/owner
				""");
		assertThat(CommandConfiguration.load(this.project, List.of(), Map.of()).describe())
			.contains("url=jdbc:postgresql://db/owner").contains("user=null");
		write("src/main/resources/application.properties", """
				spring.datasource.url=jdbc:postgresql://db/app
				spring.datasource.username=app
				migrations.user=owner
				""");
		assertThat(CommandConfiguration.load(this.project, List.of(), Map.of()).describe())
			.contains("url=jdbc:postgresql://db/app").contains("user=owner");
		write("src/main/resources/application.properties", """
				spring.datasource.url=jdbc:postgresql://db/app
				spring.datasource.username=app
				""");
		assertThat(CommandConfiguration.load(this.project, List.of(), Map.of()).describe()).contains("user=app");
	}

	@Test
	void aMySqlUrlNoDriverTakesAsItIsGetsMariaDbsPermissionForTheSchemeAndEveryOtherUrlIsKept() {
		// the test class path has MariaDB's driver and not MySQL's, as the executable jar
		assertThat(CommandConfiguration.connectable("jdbc:mysql://db:3306/app"))
			.isEqualTo("jdbc:mysql://db:3306/app?permitMysqlScheme");
		assertThat(CommandConfiguration.connectable("jdbc:mysql://db/app?useSSL=false"))
			.isEqualTo("jdbc:mysql://db/app?useSSL=false&permitMysqlScheme");
		assertThat(CommandConfiguration.connectable("jdbc:mysql://db/app?"))
			.isEqualTo("jdbc:mysql://db/app?permitMysqlScheme");
		assertThat(CommandConfiguration.connectable("jdbc:mysql://db/app?permitMysqlScheme&useSSL=false"))
			.isEqualTo("jdbc:mysql://db/app?permitMysqlScheme&useSSL=false");
		for (String url : List.of("jdbc:mariadb://db/app", "jdbc:postgresql://db/app", "jdbc:h2:mem:app")) {
			assertThat(CommandConfiguration.connectable(url)).isEqualTo(url);
		}
	}

	private void write(String path, String content) throws IOException {
		Path file = this.project.resolve(path);
		Files.createDirectories(file.getParent());
		Files.writeString(file, content);
	}

}
