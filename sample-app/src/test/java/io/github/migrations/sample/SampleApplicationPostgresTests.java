package io.github.migrations.sample;

import io.github.migrations.testsupport.PostgresDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The sample application on a real PostgreSQL, in a database created for this class: the
 * PostgreSQL variants of the migrations (JSONB, enum type, CREATE INDEX CONCURRENTLY) run.
 */
@DirtiesContext
class SampleApplicationPostgresTests extends AbstractSampleApplicationTests {

	@RegisterExtension
	static final PostgresDatabase database = new PostgresDatabase();

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", database::jdbcUrl);
		registry.add("spring.datasource.username", database::user);
		registry.add("spring.datasource.password", database::password);
	}

}
