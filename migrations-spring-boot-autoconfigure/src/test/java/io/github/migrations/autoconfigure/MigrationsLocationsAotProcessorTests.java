package io.github.migrations.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.GenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.javapoet.ClassName;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MigrationsLocationsAotProcessor}: the configured classpath locations are in a
 * native image.
 */
class MigrationsLocationsAotProcessorTests {

	@Test
	void configuredClasspathLocationsBecomeResourceHintsWithTheVendorAsWildcard() {
		GenerationContext generation = process(new MockEnvironment().withProperty("migrations.locations",
				"classpath:db/common,classpath:/db/{vendor}/,filesystem:/opt/sql"));
		assertThat(RuntimeHintsPredicates.resource().forResource("db/common/1_init.sql"))
			.accepts(generation.getRuntimeHints());
		assertThat(RuntimeHintsPredicates.resource().forResource("db/postgresql/2_more.sql"))
			.accepts(generation.getRuntimeHints());
		assertThat(RuntimeHintsPredicates.resource().forResource("scripts/1_x.sql"))
			.rejects(generation.getRuntimeHints());
	}

	@Test
	void theLocationsOfEveryInstanceAreIncluded() {
		GenerationContext generation = process(new MockEnvironment()
			.withProperty("migrations.instances.orders.locations", "classpath:db/orders")
			.withProperty("migrations.instances.audit.url", "jdbc:h2:mem:audit"));
		assertThat(RuntimeHintsPredicates.resource().forResource("db/orders/1_init.sql"))
			.accepts(generation.getRuntimeHints());
		// an instance without locations of its own has the default instance's
		assertThat(RuntimeHintsPredicates.resource().forResource("db/migration/1_init.sql"))
			.accepts(generation.getRuntimeHints());
	}

	@Test
	void withoutLocationsTheDefaultOneIsIncluded() {
		GenerationContext generation = process(new MockEnvironment());
		assertThat(RuntimeHintsPredicates.resource().forResource("db/migration/1_init.sql"))
			.accepts(generation.getRuntimeHints());
	}

	@Test
	void onlyFilesystemLocationsContributeNothing() {
		DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
		beanFactory.registerSingleton("environment",
				new MockEnvironment().withProperty("migrations.locations", "filesystem:/opt/sql"));
		assertThat(new MigrationsLocationsAotProcessor().processAheadOfTime(beanFactory)).isNull();
	}

	@Test
	void processorIsListedInAotFactories() {
		assertThat(SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories")
			.load(BeanFactoryInitializationAotProcessor.class))
			.hasAtLeastOneElementOfType(MigrationsLocationsAotProcessor.class);
	}

	private static GenerationContext process(MockEnvironment environment) {
		DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
		beanFactory.registerSingleton("environment", environment);
		BeanFactoryInitializationAotContribution contribution = new MigrationsLocationsAotProcessor()
			.processAheadOfTime(beanFactory);
		assertThat(contribution).isNotNull();
		GenerationContext generation = new DefaultGenerationContext(
				new ClassNameGenerator(ClassName.get(MigrationsLocationsAotProcessorTests.class)),
				new InMemoryGeneratedFiles());
		contribution.applyTo(generation, null);
		return generation;
	}

}
