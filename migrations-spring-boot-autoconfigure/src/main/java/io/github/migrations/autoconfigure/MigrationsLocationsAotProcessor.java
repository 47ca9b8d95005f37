package io.github.migrations.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import io.github.migrations.MigratorConfig;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * At AOT processing, includes the files of the configured {@code migrations.locations} and
 * {@code migrations.instances.<name>.locations} (the classpath ones; {@code {vendor}} matches any vendor) in a native image: they are scanned at run
 * time, where the image can no longer list the class path. The default location is in
 * {@link MigrationsRuntimeHints} already. Registered in {@code META-INF/spring/aot.factories}.
 */
final class MigrationsLocationsAotProcessor implements BeanFactoryInitializationAotProcessor {

	private static final String CLASSPATH = "classpath:";

	@Override
	public @Nullable BeanFactoryInitializationAotContribution processAheadOfTime(
			ConfigurableListableBeanFactory beanFactory) {
		if (!beanFactory.containsBean("environment")) {
			return null;
		}
		Environment environment = beanFactory.getBean("environment", Environment.class);
		Binder binder = Binder.get(environment);
		List<String> locations = new ArrayList<>(binder.bind("migrations.locations", Bindable.listOf(String.class))
			.orElse(MigratorConfig.DEFAULT_LOCATIONS));
		// and those of every instance of migrations.instances (an instance without its own has the above)
		for (String instance : MigrationsInstances.names(environment)) {
			locations.addAll(binder.bind(MigrationsInstances.PREFIX + "." + instance + ".locations",
					Bindable.listOf(String.class))
				.orElse(List.of()));
		}
		List<String> patterns = locations.stream()
			.filter((location) -> location.startsWith(CLASSPATH))
			.map(MigrationsLocationsAotProcessor::pattern)
			.distinct()
			.toList();
		if (patterns.isEmpty()) {
			return null;
		}
		return (generationContext, code) -> patterns
			.forEach((pattern) -> generationContext.getRuntimeHints().resources().registerPattern(pattern));
	}

	/**
	 * The resource pattern of a classpath location: its path, {@code {vendor}} as a wildcard, and
	 * everything below it.
	 */
	static String pattern(String location) {
		String path = location.substring(CLASSPATH.length()).replace("{vendor}", "*");
		while (path.startsWith("/")) {
			path = path.substring(1);
		}
		while (path.endsWith("/")) {
			path = path.substring(0, path.length() - 1);
		}
		return path.isEmpty() ? "**" : path + "/**";
	}

}
