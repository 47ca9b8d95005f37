package io.github.migrations.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A JUnit 5 test class of migrations: test methods may take a {@link MigrationReversibilityChecker}
 * parameter, configured from this annotation and bound to the class's {@link TestDataSource}.
 * <pre>
 * &#64;MigrationsTest(locations = "classpath:db/migration/{vendor}")
 * class MigrationsReversibleTests {
 *
 *     &#64;TestDataSource
 *     static DataSource dataSource = ...;
 *
 *     &#64;Test
 *     void everyMigrationIsReversible(MigrationReversibilityChecker checker) {
 *         checker.assertReversible();
 *     }
 * }
 * </pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(MigrationsTestExtension.class)
public @interface MigrationsTest {

	/**
	 * Where the migrations are ({@code {vendor}} is replaced by {@code postgresql} or {@code h2}).
	 */
	String[] locations() default { "classpath:db/migration" };

	/**
	 * The schema of the engine's tables and of the snapshots; empty for the connection's current
	 * schema.
	 */
	String schema() default "";

	/**
	 * Whether the check stops at the first failing migration.
	 */
	boolean stopAtFirstFailure() default false;

	/**
	 * Whether an irreversible migration fails the check instead of being skipped.
	 */
	boolean failOnIrreversible() default false;

}
