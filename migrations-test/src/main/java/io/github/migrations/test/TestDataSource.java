package io.github.migrations.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the field or no-argument method of a {@link MigrationsTest} class that gives the database
 * to check: a {@link javax.sql.DataSource}, or a {@link java.util.function.Supplier} of one.
 * Static or not.
 */
@Target({ ElementType.FIELD, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface TestDataSource {

}
