package io.github.migrations.sample;

import io.github.migrations.testsupport.MariaDbDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The sample application on a real MariaDB with its {@code mariadb} profile (the scripts under
 * {@code db/migration/mariadb}: JSON, ENUM, instant and online DDL), in a database created for
 * this class instead of the profile's {@code migrations_sample}.
 */
@DirtiesContext
@ActiveProfiles("mariadb")
class SampleApplicationMariaDbTests extends AbstractSampleApplicationTests {

	@RegisterExtension
	static final MariaDbDatabase database = new MariaDbDatabase();

	@DynamicPropertySource
	static void mariadb(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", database::jdbcUrl);
		registry.add("spring.datasource.username", database::user);
		registry.add("spring.datasource.password", database::password);
	}

	@Override
	String currentSchema() {
		return "DATABASE()";
	}

}
