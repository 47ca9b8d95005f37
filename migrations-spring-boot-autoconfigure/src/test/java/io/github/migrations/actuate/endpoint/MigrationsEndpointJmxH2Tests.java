package io.github.migrations.actuate.endpoint;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;

import javax.management.MBeanOperationInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import io.github.migrations.Migrator;
import io.github.migrations.autoconfigure.MigrationsEndpointAutoConfiguration;
import io.github.migrations.autoconfigure.testsupport.TestMigrators;
import io.github.migrations.testsupport.H2Database;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.jackson.JacksonEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.jmx.JmxEndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jmx.JmxAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code migrations} endpoint over JMX: the same operations, the same access rules.
 */
class MigrationsEndpointJmxH2Tests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JmxAutoConfiguration.class, EndpointAutoConfiguration.class,
				JacksonEndpointAutoConfiguration.class, JmxEndpointAutoConfiguration.class,
				MigrationsEndpointAutoConfiguration.class))
		.withPropertyValues("spring.jmx.enabled=true", "spring.jmx.unique-names=true",
				"management.endpoints.jmx.exposure.include=migrations")
		.withBean(Migrator.class, () -> TestMigrators.migrator(H2Database.dataSource(), "base"));

	@Test
	void statusIsReadOverJmxAndRollbackIsNotOfferedWithDefaultAccess() {
		this.contextRunner.run((context) -> {
			context.getBean(Migrator.class).migrate();
			ObjectName name = endpointName(context);
			Object status = server(context).invoke(name, "migrations", new Object[0], new String[0]);
			assertThat(status).isInstanceOfSatisfying(Map.class, (map) -> assertThat(map)
				.containsEntry("currentVersion", "3")
				.containsKeys("lock", "lastRun", "migrations", "counts"));
			assertThat(operations(context, name)).contains("migrations", "migration").doesNotContain("perform");
		});
	}

	@Test
	void rollbackIsOfferedOverJmxWithUnrestrictedAccess() {
		this.contextRunner.withPropertyValues("management.endpoint.migrations.access=UNRESTRICTED")
			.run((context) -> assertThat(operations(context, endpointName(context))).contains("perform"));
	}

	private static MBeanServer server(AssertableApplicationContext context) {
		return context.getBean(MBeanServer.class);
	}

	private static ObjectName endpointName(AssertableApplicationContext context) throws Exception {
		Set<ObjectName> names = server(context)
			.queryNames(new ObjectName("org.springframework.boot:type=Endpoint,name=Migrations,*"), null);
		assertThat(names).hasSize(1);
		return names.iterator().next();
	}

	private static Set<String> operations(AssertableApplicationContext context, ObjectName name) throws Exception {
		return Set.copyOf(Arrays.stream(server(context).getMBeanInfo(name).getOperations())
			.map(MBeanOperationInfo::getName)
			.toList());
	}

}
