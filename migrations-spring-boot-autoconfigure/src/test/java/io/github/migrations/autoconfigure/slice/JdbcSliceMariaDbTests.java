package io.github.migrations.autoconfigure.slice;

import io.github.migrations.testsupport.MariaDbDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The slice on a real MariaDB database, created for this class.
 */
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
class JdbcSliceMariaDbTests extends AbstractJdbcSliceTests {

	@RegisterExtension
	static final MariaDbDatabase database = new MariaDbDatabase();

	@DynamicPropertySource
	static void mariadb(DynamicPropertyRegistry registry) {
		SliceDatabases.mariadb(registry, database);
	}

}
