package io.github.migrations.autoconfigure;

import io.github.migrations.Migrator;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Registers {@link MigrationsInstances} and, for each enabled instance of
 * {@code migrations.instances.<name>}, its {@link Migrator} bean {@code <name>Migrator} and its
 * {@link MigrationsInitializer} bean {@code <name>MigrationsInitializer}. The Migrator beans are
 * qualified with the instance's name ({@code @Qualifier("orders") Migrator}) and are not default
 * candidates, so that a plain {@code Migrator} injection point still gets the default instance's.
 * The initializers are {@link MigrationsInitializer} beans like the default one, so Boot orders
 * every JPA {@code EntityManagerFactory} and {@code JdbcTemplate} after all of them
 * ({@link MigrationsDatabaseInitializerDetector}).
 */
class MigrationsInstancesRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware {

	static final String INSTANCES_BEAN = "migrationsInstances";

	private Environment environment;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
		if (registry.containsBeanDefinition(INSTANCES_BEAN)) {
			return;
		}
		registry.registerBeanDefinition(INSTANCES_BEAN, new RootBeanDefinition(MigrationsInstances.class));
		for (String name : MigrationsInstances.names(this.environment)) {
			RootBeanDefinition migrator = madeBy("migrator", name, Migrator.class);
			migrator.addQualifier(new AutowireCandidateQualifier(Qualifier.class, name));
			registry.registerBeanDefinition(MigrationsInstances.beanName(name), migrator);
			registry.registerBeanDefinition(MigrationsInstances.initializerBeanName(name),
					madeBy("initializer", name, MigrationsInitializer.class));
		}
	}

	private static RootBeanDefinition madeBy(String factoryMethod, String name, Class<?> type) {
		RootBeanDefinition definition = new RootBeanDefinition();
		definition.setFactoryBeanName(INSTANCES_BEAN);
		definition.setFactoryMethodName(factoryMethod);
		definition.getConstructorArgumentValues().addGenericArgumentValue(name);
		definition.setTargetType(type);
		definition.setDefaultCandidate(false);
		return definition;
	}

}
