package io.github.migrations.autoconfigure;

import io.github.migrations.JavaMigration;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;

/**
 * What a native image needs that AOT processing cannot see: the migration files under the
 * default location ({@code db/migration/**}, scanned at run time), the short form
 * {@code migrations.lint=fail} (bound through {@code Lint.valueOf}, found reflectively) and the
 * Java migrations' types (their version and name come from the class name). Registered in
 * {@code META-INF/spring/aot.factories}. Other locations need a hint of the application's:
 * {@code hints.resources().registerPattern("db/other/**")}.
 */
final class MigrationsRuntimeHints implements RuntimeHintsRegistrar {

	/** The default location, as a resource pattern. */
	static final String DEFAULT_LOCATION_PATTERN = "db/migration/**";

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		hints.resources().registerPattern(DEFAULT_LOCATION_PATTERN);
		hints.reflection()
			.registerType(TypeReference.of(MigrationsProperties.Lint.class), MemberCategory.INVOKE_PUBLIC_METHODS);
		hints.reflection().registerType(JavaMigration.class, MemberCategory.INVOKE_PUBLIC_METHODS);
	}

}
