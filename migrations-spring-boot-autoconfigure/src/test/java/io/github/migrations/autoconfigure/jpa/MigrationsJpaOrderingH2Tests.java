package io.github.migrations.autoconfigure.jpa;

import io.github.migrations.autoconfigure.MigrationsInitializer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hibernate validates its mapping against a table that only a migration creates: it can only
 * start if the migrations ran before the {@code EntityManagerFactory} was built.
 */
@SpringBootTest(properties = { "spring.jpa.hibernate.ddl-auto=validate", "spring.datasource.generate-unique-name=true",
		"migrations.lock.lease=2s" })
class MigrationsJpaOrderingH2Tests {

	@Autowired
	private GreetingRepository greetings;

	@Autowired
	private ConfigurableApplicationContext context;

	@Test
	void entityManagerFactoryIsBuiltAfterTheMigrationsRan() {
		assertThat(this.greetings.findById(1L)).map(Greeting::getMessage).hasValue("hello from a migration");
	}

	@Test
	void entityManagerFactoryDependsOnTheMigrationsInitializer() {
		String[] initializers = this.context.getBeanNamesForType(MigrationsInitializer.class);
		assertThat(initializers).hasSize(1);
		assertThat(this.context.getBeanFactory().getBeanDefinition("entityManagerFactory").getDependsOn())
			.contains(initializers[0]);
	}

	@SpringBootApplication
	static class JpaApplication {

	}

}
