package io.github.migrations.autoconfigure.slice;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jdbc.test.autoconfigure.DataJdbcTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @DataJdbcTest} runs the migrations before its repositories read the database, as it
 * runs Flyway's.
 */
@DataJdbcTest(properties = SliceDatabases.LOCATIONS)
abstract class AbstractDataJdbcSliceTests {

	@Autowired
	private NoteRepository notes;

	@Test
	void repositoryReadsTheRowTheMigrationWrote() {
		assertThat(this.notes.findById(1L)).map(Note::getBody).hasValue("written by a migration");
	}

}
