package io.github.migrations.autoconfigure.jpa;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hibernate validates its mapping against a table that only a named instance's migration creates
 * (the default instance migrates another database): the {@code EntityManagerFactory} can only
 * start if it waited for that instance.
 */
@SpringBootTest(properties = { "spring.jpa.hibernate.ddl-auto=validate", "spring.datasource.generate-unique-name=true",
		"migrations.lock.lease=2s", "migrations.url=jdbc:h2:mem:instances-jpa-default;DB_CLOSE_DELAY=-1",
		"migrations.user=sa", "migrations.locations=classpath:db/other",
		"migrations.instances.main.locations=classpath:db/migration" })
class MigrationsInstancesJpaOrderingH2Tests {

	@Autowired
	private GreetingRepository greetings;

	@Autowired
	private ConfigurableApplicationContext context;

	@Test
	void theEntityManagerFactoryWaitsForTheInstanceThatCreatesItsTables() {
		assertThat(this.greetings.findById(1L)).map(Greeting::getMessage).hasValue("hello from a migration");
		assertThat(this.context.getBeanFactory().getBeanDefinition("entityManagerFactory").getDependsOn())
			.contains("migrationsInitializer", "mainMigrationsInitializer");
	}

	@SpringBootApplication
	static class JpaApplication {

	}

}
