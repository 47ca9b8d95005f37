package io.github.migrations.autoconfigure.slice;

import io.github.migrations.Migrator;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @DataJpaTest} runs the migrations before Hibernate validates its mapping, as it runs
 * Flyway's: the {@code note} table exists only because a migration created it.
 */
@DataJpaTest(properties = { SliceDatabases.LOCATIONS, "spring.jpa.hibernate.ddl-auto=validate" })
abstract class AbstractDataJpaSliceTests {

	@Autowired
	private NoteRepository notes;

	@Autowired
	private Migrator migrator;

	@Test
	void repositoryReadsTheRowTheMigrationWrote() {
		assertThat(this.notes.findById(1L)).map(Note::getBody).hasValue("written by a migration");
	}

	@Test
	void nothingIsPendingOnceTheSliceStarted() {
		assertThat(this.migrator.status().pending()).isEmpty();
	}

}
