package io.github.migrations.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Assigns a bean that the migrations pick up ({@link io.github.migrations.JavaMigration},
 * {@link io.github.migrations.MigrationCallback}, {@link io.github.migrations.MigrationListener},
 * {@link io.github.migrations.preflight.PreflightCheck}, {@link MigratorConfigCustomizer}) to one
 * instance of {@code migrations.instances.<name>}, or, with {@value MigrationsInstances#DEFAULT},
 * to the default instance only. Without it, Java migrations and callbacks belong to the default
 * instance (they change one database), and listeners, pre-flight checks and customizers to every
 * instance.
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface MigrationsInstance {

	/**
	 * The instance's name, as in {@code migrations.instances.<name>}, or
	 * {@value MigrationsInstances#DEFAULT} for the default instance.
	 */
	String value();

}
