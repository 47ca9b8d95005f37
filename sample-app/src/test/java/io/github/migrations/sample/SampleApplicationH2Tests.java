package io.github.migrations.sample;

import org.springframework.test.context.TestPropertySource;

/**
 * The sample application on its default database, embedded H2 (in memory here, so that each run
 * starts from an empty schema).
 */
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:sample-e2e;DB_CLOSE_DELAY=-1")
class SampleApplicationH2Tests extends AbstractSampleApplicationTests {

}
