package io.github.migrations.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.beans.factory.annotation.Qualifier;

/**
 * Qualifier for the {@link javax.sql.DataSource} the migrations run on, when the application has
 * several (or wants a dedicated one). Put it on the {@code @Bean} method of that DataSource; mark
 * the application's main DataSource {@code @Primary} so that the rest of the application keeps it.
 * <p>
 * Without a value it names the DataSource of the default instance ({@code migrations.*}); with a
 * value, the DataSource of the instance of that name ({@code migrations.instances.<name>.*}), for
 * example {@code @MigrationsDataSource("orders")}.
 */
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Qualifier
public @interface MigrationsDataSource {

	/**
	 * The name of the instance ({@code migrations.instances.<name>}) this DataSource is for; empty
	 * for the default instance.
	 */
	String value() default "";

}
