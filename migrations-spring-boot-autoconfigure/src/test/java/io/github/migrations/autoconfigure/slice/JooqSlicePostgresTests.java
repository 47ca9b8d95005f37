package io.github.migrations.autoconfigure.slice;

import io.github.migrations.testsupport.PostgresDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The slice on a real PostgreSQL database, created for this class.
 */
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
class JooqSlicePostgresTests extends AbstractJooqSliceTests {

	@RegisterExtension
	static final PostgresDatabase database = new PostgresDatabase();

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		SliceDatabases.postgres(registry, database);
	}

}
