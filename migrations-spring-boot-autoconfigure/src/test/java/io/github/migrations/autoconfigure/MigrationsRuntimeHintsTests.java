package io.github.migrations.autoconfigure;

import java.lang.reflect.Method;

import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MigrationsRuntimeHints}: what a native image of an application on the starter
 * must keep.
 */
class MigrationsRuntimeHintsTests {

	private final RuntimeHints hints = new RuntimeHints();

	@Test
	void registrarIsListedInAotFactories() {
		assertThat(SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories")
			.load(RuntimeHintsRegistrar.class)).hasAtLeastOneElementOfType(MigrationsRuntimeHints.class);
	}

	@Test
	void migrationFilesOfTheDefaultLocationAreIncluded() {
		new MigrationsRuntimeHints().registerHints(this.hints, getClass().getClassLoader());
		assertThat(RuntimeHintsPredicates.resource().forResource("db/migration/20240101090000_create_greeting.sql"))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.resource().forResource("db/migration/postgresql/1_init.sql"))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.resource().forResource("db/other/1_create_other.sql")).rejects(this.hints);
	}

	@Test
	void theShortLintFormCanBeBoundInANativeImage() {
		new MigrationsRuntimeHints().registerHints(this.hints, getClass().getClassLoader());
		Method valueOf = ReflectionUtils.findMethod(MigrationsProperties.Lint.class, "valueOf", String.class);
		assertThat(valueOf).isNotNull();
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(valueOf)).accepts(this.hints);
	}

}
