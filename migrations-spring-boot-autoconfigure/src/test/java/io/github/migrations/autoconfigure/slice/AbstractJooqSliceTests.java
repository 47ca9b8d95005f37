package io.github.migrations.autoconfigure.slice;

import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jooq.test.autoconfigure.JooqTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @JooqTest} runs the migrations before the test reads the database, as it runs Flyway's.
 */
@JooqTest(properties = SliceDatabases.LOCATIONS)
abstract class AbstractJooqSliceTests {

	@Autowired
	private DSLContext dsl;

	@Test
	void dslContextReadsTheRowTheMigrationWrote() {
		// plain names: unquoted, they fit H2's upper case and PostgreSQL's lower case alike
		assertThat(this.dsl.select(DSL.field("body", String.class))
			.from(DSL.table("note"))
			.where(DSL.field("id").eq(1L))
			.fetchOne(0, String.class)).isEqualTo("written by a migration");
	}

}
