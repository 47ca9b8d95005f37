package io.github.migrations;

import java.nio.file.Path;
import java.time.Duration;

import io.github.migrations.testsupport.H2Database;
import io.github.migrations.testsupport.MigrationFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code failOnMissingLocations}: a location that does not exist (a typo, a resource folder left
 * out of the jar) fails the run instead of quietly contributing no migrations.
 */
class MigratorMissingLocationsH2Tests {

	@TempDir
	Path directory;

	@Test
	void missingLocationsFailTheRunNamingEachWhenAskedTo() {
		MigrationFiles files = new MigrationFiles(this.directory);
		files.migration("1_create_t.sql", "CREATE TABLE t (id BIGINT PRIMARY KEY);", "DROP TABLE t;");
		Migrator migrator = new Migrator(H2Database.dataSource(), MigratorConfig.builder()
			.locations(files.location(), "classpath:db/nowhere", "filesystem:" + this.directory.resolve("gone"))
			.failOnMissingLocations(true)
			.lockLease(Duration.ofSeconds(2))
			.build());
		assertThatExceptionOfType(MigrationException.class).isThrownBy(migrator::migrate)
			.withMessageContaining("Migration locations classpath:db/nowhere, filesystem:"
					+ this.directory.resolve("gone") + " do not exist")
			.withMessageContaining("turn off fail-on-missing-locations");
	}

	@Test
	void existingLocationsPassTheCheckWithTheVendorFilledIn() {
		MigrationFiles files = new MigrationFiles(this.directory.resolve("h2"));
		files.migration("1_create_t.sql", "CREATE TABLE t (id BIGINT PRIMARY KEY);", "DROP TABLE t;");
		Migrator migrator = new Migrator(H2Database.dataSource(), MigratorConfig.builder()
			.locations("filesystem:" + this.directory + "/{vendor}")
			.failOnMissingLocations(true)
			.lockLease(Duration.ofSeconds(2))
			.build());
		assertThat(migrator.migrate().migrations()).hasSize(1);
	}

	@Test
	void byDefaultAMissingLocationContributesNoMigrations() {
		assertThat(MigratorConfig.DEFAULT_FAIL_ON_MISSING_LOCATIONS).isFalse();
		Migrator migrator = new Migrator(H2Database.dataSource(), MigratorConfig.builder()
			.locations("classpath:db/nowhere")
			.lockLease(Duration.ofSeconds(2))
			.build());
		assertThat(migrator.migrate().migrations()).isEmpty();
	}

}
