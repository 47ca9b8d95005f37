package io.github.migrations.test;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.function.Supplier;

import javax.sql.DataSource;

import io.github.migrations.MigratorConfig;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * Resolves {@link MigrationReversibilityChecker} parameters of a {@link MigrationsTest} class.
 */
public class MigrationsTestExtension implements ParameterResolver {

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return parameterContext.getParameter().getType() == MigrationReversibilityChecker.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		Class<?> testClass = extensionContext.getRequiredTestClass();
		MigrationsTest settings = AnnotationSupport.findAnnotation(testClass, MigrationsTest.class)
			.orElseThrow(() -> new ParameterResolutionException(
					testClass.getName() + " needs @MigrationsTest to get a MigrationReversibilityChecker"));
		DataSource dataSource = dataSource(testClass, extensionContext.getTestInstance().orElse(null));
		MigratorConfig config = MigratorConfig.builder()
			.locations(settings.locations())
			.schema(settings.schema().isEmpty() ? null : settings.schema())
			.build();
		return MigrationReversibilityChecker.builder(dataSource, config)
			.stopAtFirstFailure(settings.stopAtFirstFailure())
			.failOnIrreversible(settings.failOnIrreversible())
			.build();
	}

	private static DataSource dataSource(Class<?> testClass, @Nullable Object testInstance) {
		List<Field> fields = AnnotationSupport.findAnnotatedFields(testClass, TestDataSource.class);
		List<Method> methods = AnnotationSupport.findAnnotatedMethods(testClass, TestDataSource.class,
				HierarchyTraversalMode.TOP_DOWN);
		if (fields.size() + methods.size() != 1) {
			throw new ParameterResolutionException(testClass.getName() + " needs exactly one @TestDataSource field or"
					+ " method (a DataSource or a Supplier<DataSource>), found " + (fields.size() + methods.size()));
		}
		Object value;
		if (!fields.isEmpty()) {
			Field field = fields.get(0);
			value = ReflectionSupport.tryToReadFieldValue(field, Modifier.isStatic(field.getModifiers()) ? null
					: testInstance).getOrThrow((ex) -> new ParameterResolutionException(
							"Could not read @TestDataSource " + field, ex));
		}
		else {
			Method method = methods.get(0);
			value = ReflectionSupport.invokeMethod(method, Modifier.isStatic(method.getModifiers()) ? null
					: testInstance);
		}
		if (value instanceof Supplier<?> supplier) {
			value = supplier.get();
		}
		if (value instanceof DataSource dataSource) {
			return dataSource;
		}
		throw new ParameterResolutionException("@TestDataSource of " + testClass.getName()
				+ " must be a DataSource or a Supplier<DataSource>, was " + value);
	}

}
