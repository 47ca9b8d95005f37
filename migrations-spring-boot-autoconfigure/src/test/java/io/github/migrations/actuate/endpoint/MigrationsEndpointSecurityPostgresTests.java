package io.github.migrations.actuate.endpoint;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.sql.DataSource;

import io.github.migrations.MigrationException;
import io.github.migrations.Migrator;
import io.github.migrations.testsupport.MigrationFiles;
import io.github.migrations.testsupport.PostgresDatabase;
import io.github.migrations.testsupport.TestSchema;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static io.github.migrations.testsupport.MigrationFiles.version;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The security checklist of the {@code migrations} endpoint, in a real application on
 * PostgreSQL over HTTP and JMX:
 * <ul>
 * <li>the rollback is reachable only with the access granted (read-only by default, and
 * {@code management.endpoints.access.max-permitted} caps a granted one), over JMX as over HTTP;
 * the role over HTTP is the application's security (the sample app's tests cover it), over JMX
 * the JMX connector's own authentication;</li>
 * <li>no value of a request reaches SQL text: hostile versions and counts are refused with 400,
 * and every statement the engine sends during a rollback carries the versions as parameters;</li>
 * <li>no secret of the connection (a password in the JDBC URL or in the properties) appears in
 * the endpoint, the health, the logs, the meters or the Prometheus scrape.</li>
 * </ul>
 */
class MigrationsEndpointSecurityPostgresTests {

	private static final String URL_SECRET = "s3cretInUrl";

	private static final String PROPERTY_SECRET = "s3cretInProperty";

	@RegisterExtension
	static final PostgresDatabase database = new PostgresDatabase();

	@RegisterExtension
	final TestSchema testSchema = new TestSchema(database, "sec_");

	@TempDir
	Path directory;

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void rollbackIsRefusedOverHttpAndJmxWithDefaultAccess() throws Exception {
		String schema = this.testSchema.name();
		try (ConfigurableApplicationContext context = start(directUrl(), schema, threeMigrations(schema))) {
			assertRefusedEverywhere(context);
		}
	}

	@Test
	void rollbackIsRefusedOverHttpAndJmxWhenMaxPermittedAccessIsReadOnly() throws Exception {
		String schema = this.testSchema.name();
		try (ConfigurableApplicationContext context = start(directUrl(), schema, threeMigrations(schema),
				"management.endpoint.migrations.access=unrestricted",
				"management.endpoints.access.max-permitted=read-only")) {
			assertRefusedEverywhere(context);
		}
	}

	private void assertRefusedEverywhere(ConfigurableApplicationContext context) throws Exception {
		assertThat(post(context, "{\"steps\":1}").statusCode()).isEqualTo(405);
		assertThat(post(context, "{\"lastBatch\":true}").statusCode()).isEqualTo(405);
		ObjectName name = endpointName();
		assertThat(post(context, "/actuator/migrations/repair", "{}").statusCode()).isEqualTo(405);
		assertThat(operations(name)).containsKey("migrations").doesNotContainKey("perform");
		// not offered means not invocable either, whatever the signature
		assertThatException().isThrownBy(() -> ManagementFactory.getPlatformMBeanServer()
			.invoke(name, "perform", new Object[] { "rollback", 1, null, null, null, null },
					new String[] { String.class.getName(), Integer.class.getName(), String.class.getName(),
							Boolean.class.getName(), Boolean.class.getName(), Boolean.class.getName() }));
		assertThat(historyCount()).isEqualTo(3);
	}

	@Test
	void rollbackOverJmxWithUnrestrictedAccessRefusesHostileArgumentsAndRunsAValidRequest() throws Exception {
		String schema = this.testSchema.name();
		try (ConfigurableApplicationContext context = start(directUrl(), schema, threeMigrations(schema),
				"management.endpoint.migrations.access=unrestricted")) {
			ObjectName name = endpointName();
			List<String> parameters = operations(name).get("perform");
			assertThat(parameters).as("rollback offered over JMX").isNotNull();
			String drop = "DROP TABLE " + schema + ".step_1";
			for (Map<String, Object> hostile : List.<Map<String, Object>>of(Map.of("toVersion", "1; " + drop),
					Map.of("toVersion", version(1) + "' OR '1'='1"), Map.of("steps", -1), Map.of("steps", 0),
					Map.of("steps", Integer.MAX_VALUE), Map.of("steps", 1, "lastBatch", true))) {
				assertThatException().as(hostile.toString()).isThrownBy(() -> invokeRollback(name, parameters, hostile));
			}
			assertThat(historyCount()).isEqualTo(3);
			Object dryRun = invokeRollback(name, parameters, Map.of("steps", 2, "dryRun", true));
			assertThat(dryRun).isInstanceOfSatisfying(Map.class,
					(plan) -> assertThat(plan).containsEntry("dryRun", true));
			assertThat(historyCount()).isEqualTo(3);
			invokeRollback(name, parameters, Map.of("steps", 1));
			assertThat(historyCount()).isEqualTo(2);
		}
	}

	private static Object invokeRollback(ObjectName name, List<String> parameters, Map<String, Object> values)
			throws Exception {
		MBeanOperationInfo operation = Arrays
			.stream(ManagementFactory.getPlatformMBeanServer().getMBeanInfo(name).getOperations())
			.filter((candidate) -> candidate.getName().equals("perform"))
			.findFirst()
			.orElseThrow();
		Object[] arguments = new Object[parameters.size()];
		String[] signature = new String[parameters.size()];
		for (int i = 0; i < parameters.size(); i++) {
			String parameter = parameters.get(i);
			arguments[i] = parameter.equals("operation") ? "rollback" : values.get(parameter);
			signature[i] = operation.getSignature()[i].getType();
		}
		return ManagementFactory.getPlatformMBeanServer().invoke(name, "perform", arguments, signature);
	}

	@Test
	void hostileRollbackRequestsAreRefusedAndNoRequestValueReachesSqlText() throws Exception {
		String schema = this.testSchema.name();
		List<String> sql = Collections.synchronizedList(new ArrayList<>());
		RecordingDataSource.sql = sql;
		try (ConfigurableApplicationContext context = start(null, schema, threeMigrations(schema),
				"management.endpoint.migrations.access=unrestricted", "spring.web.error.include-message=always")) {
			// the canary the hostile requests name; made after the first run, which refuses a
			// schema with tables of its own and no history
			this.testSchema.jdbc().execute("CREATE TABLE " + schema + ".x (id int)");
			sql.clear();
			String drop = "DROP TABLE " + schema + ".x";
			List<String> hostile = List.of("{\"toVersion\":\"1; " + drop + "\"}",
					"{\"toVersion\":\"" + version(1) + "'; " + drop + "; --\"}",
					"{\"toVersion\":\"" + version(1) + " OR 1=1\"}", "{\"toVersion\":\"-1\"}",
					"{\"toVersion\":\"99999999999999999999999999999\"}", "{\"steps\":-1}", "{\"steps\":0}",
					"{\"steps\":2147483647}", "{\"steps\":99999999999}", "{\"steps\":\"1; " + drop + "\"}",
					"{\"steps\":\"1 OR 1=1\"}", "{\"lastBatch\":\"true; " + drop + "\"}",
					"{\"steps\":1,\"toVersion\":\"" + version(2) + "\"}");
			for (String body : hostile) {
				HttpResponse<String> response = post(context, body);
				assertThat(response.statusCode()).as(body + " -> " + response.body()).isIn(400, 409);
			}
			HttpResponse<String> selector = get(context,
					"/actuator/migrations/1%3B%20DROP%20TABLE%20" + schema + ".x");
			assertThat(selector.statusCode()).as(selector.body()).isIn(400, 404);
			assertThat(historyCount()).isEqualTo(3);
			assertThat(this.testSchema.tableExists("x")).isTrue();
			assertThat(sql).noneSatisfy((text) -> assertThat(text).containsAnyOf("DROP TABLE " + schema + ".x",
					"1=1", "2147483647", "99999999999"));

			// A valid rollback: the versions it names and reverts are parameters, never SQL text.
			sql.clear();
			HttpResponse<String> rollback = post(context, "{\"toVersion\":\"" + version(1) + "\"}");
			assertThat(rollback.statusCode()).as(rollback.body()).isEqualTo(200);
			assertThat(historyCount()).isEqualTo(1);
			assertThat(sql).anySatisfy((text) -> assertThat(text).contains("DELETE FROM").endsWith("WHERE version = ?"));
			assertThat(sql).anySatisfy((text) -> assertThat(text).contains("_audit").contains("VALUES (?, ?, ?, ?, ?, ?)"));
			assertThat(sql).noneSatisfy((text) -> assertThat(text).containsAnyOf(version(1), version(2), version(3)));
		}
		finally {
			RecordingDataSource.sql = null;
		}
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void noSecretAppearsInTheEndpointTheLogsOrTheMeters(CapturedOutput output) throws Exception {
		String schema = this.testSchema.name();
		MigrationFiles files = threeMigrations(schema);
		String url = database.jdbcUrl() + "?user=" + database.user() + "&password=" + URL_SECRET;
		List<String> seen = new ArrayList<>();
		try (ConfigurableApplicationContext context = start(url, schema, files,
				"spring.datasource.password=" + PROPERTY_SECRET, "migrations.url=" + url,
				"migrations.user=" + database.user(), "migrations.password=" + PROPERTY_SECRET,
				"management.endpoint.migrations.access=unrestricted", "logging.level.io.github.migrations=DEBUG",
				// JPA is on this module's test classpath only for the ordering tests; Hibernate
				// itself logs the JDBC URL verbatim at startup (HHH10001005), which no starter
				// can prevent (docs/reliability.md says so)
				"spring.autoconfigure.exclude=org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration,"
						+ "org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration",
				"management.endpoints.web.exposure.include=migrations,health,prometheus,metrics")) {
			// a failed run: its error message is in the endpoint's last run and in the logs
			files.migration(version(4) + "_broken.sql", "SELECT * FROM " + schema + ".no_such_table;", "SELECT 1;");
			assertThatExceptionOfType(MigrationException.class)
				.isThrownBy(() -> context.getBean(Migrator.class).migrate());
			seen.add(get(context, "/actuator/migrations").body());
			files.delete(version(4) + "_broken.sql");
			HttpResponse<String> rollback = post(context, "{\"steps\":1}");
			assertThat(rollback.statusCode()).as(rollback.body()).isEqualTo(200);
			seen.add(rollback.body());
			assertThat(post(context, "{\"toVersion\":\"nope\"}").statusCode()).isEqualTo(400);
			for (String path : List.of("/actuator/migrations", "/actuator/migrations/pending",
					"/actuator/migrations/" + version(1), "/actuator/health", "/actuator/health/migrations",
					"/actuator/prometheus")) {
				HttpResponse<String> response = get(context, path);
				assertThat(response.statusCode()).as(path).isEqualTo(200);
				seen.add(response.body());
			}
			seen.add(String.valueOf(ManagementFactory.getPlatformMBeanServer()
				.invoke(endpointName(), "migrations", new Object[0], new String[0])));
			for (Meter meter : context.getBean(MeterRegistry.class).getMeters()) {
				seen.add(meter.getId().toString() + " " + meter.getId().getDescription() + " "
						+ meter.getId().getBaseUnit());
			}
			assertThat(seen.get(0)).contains("no_such_table");
			assertThat(String.join("\n", seen)).contains("migrations.execution", "migrations_execution_seconds");
		}
		seen.add(output.getAll());
		assertThat(output.getAll()).contains("Applied 3 migrations", "Rollback requested", "Reverted " + version(3));
		for (String text : seen) {
			assertThat(text).doesNotContain(URL_SECRET).doesNotContain(PROPERTY_SECRET).doesNotContain("password=");
		}
	}

	private ConfigurableApplicationContext start(String datasourceUrl, String schema, MigrationFiles files,
			String... properties) {
		List<String> all = new ArrayList<>(List.of("server.port=0", "spring.jmx.enabled=true",
				"spring.jmx.unique-names=true", "management.endpoints.jmx.exposure.include=migrations",
				"management.endpoints.web.exposure.include=migrations,health",
				"management.endpoint.health.show-details=always", "migrations.schema=" + schema,
				"migrations.locations=" + files.location(), "migrations.lock.lease=2s", "migrations.lint=off"));
		if (datasourceUrl != null) {
			all.add("spring.datasource.url=" + datasourceUrl);
			all.add("spring.datasource.username=" + database.user());
		}
		all.addAll(Arrays.asList(properties));
		Class<?> application = (datasourceUrl != null) ? Application.class : RecordingApplication.class;
		return new SpringApplicationBuilder(application).properties(all.toArray(String[]::new)).run();
	}

	private String directUrl() {
		return database.jdbcUrl();
	}

	private MigrationFiles threeMigrations(String schema) {
		MigrationFiles files = new MigrationFiles(this.directory.resolve(schema));
		for (int i = 1; i <= 3; i++) {
			files.migration(version(i) + "_step_" + i + ".sql", "CREATE TABLE " + schema + ".step_" + i + " (id int);",
					"DROP TABLE " + schema + ".step_" + i + ";");
		}
		return files;
	}

	private int historyCount() {
		return this.testSchema.historyVersions().size();
	}

	private HttpResponse<String> get(ConfigurableApplicationContext context, String path)
			throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(uri(context, path)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> post(ConfigurableApplicationContext context, String body)
			throws IOException, InterruptedException {
		return post(context, "/actuator/migrations/rollback", body);
	}

	private HttpResponse<String> post(ConfigurableApplicationContext context, String path, String body)
			throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(uri(context, path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static URI uri(ConfigurableApplicationContext context, String path) {
		return URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port") + path);
	}

	private static ObjectName endpointName() throws Exception {
		MBeanServer server = ManagementFactory.getPlatformMBeanServer();
		Set<ObjectName> names = server
			.queryNames(new ObjectName("org.springframework.boot:type=Endpoint,name=Migrations,*"), null);
		assertThat(names).hasSize(1);
		return names.iterator().next();
	}

	private static Map<String, List<String>> operations(ObjectName name) throws Exception {
		Map<String, List<String>> operations = new LinkedHashMap<>();
		for (MBeanOperationInfo operation : ManagementFactory.getPlatformMBeanServer().getMBeanInfo(name).getOperations()) {
			operations.put(operation.getName(),
					Arrays.stream(operation.getSignature()).map(MBeanParameterInfo::getName).toList());
		}
		return operations;
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Application {

	}

	/**
	 * An application whose only DataSource records the SQL text of every statement.
	 */
	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class RecordingApplication {

		@org.springframework.context.annotation.Bean
		DataSource dataSource() {
			PGSimpleDataSource target = new PGSimpleDataSource();
			target.setURL(database.jdbcUrl());
			target.setUser(database.user());
			target.setPassword(database.password());
			return RecordingDataSource.wrap(target);
		}

	}

	/**
	 * Records the SQL text given to {@code prepareStatement}, {@code prepareCall} and the
	 * {@code execute*}/{@code addBatch} methods of plain statements, on every connection.
	 */
	static final class RecordingDataSource {

		static volatile List<String> sql;

		static DataSource wrap(DataSource target) {
			return proxy(DataSource.class, target);
		}

		@SuppressWarnings("unchecked")
		private static <T> T proxy(Class<T> type, T target) {
			InvocationHandler handler = (proxy, method, args) -> invoke(target, method, args);
			return (T) Proxy.newProxyInstance(RecordingDataSource.class.getClassLoader(), new Class<?>[] { type },
					handler);
		}

		private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
			List<String> recorded = sql;
			if (recorded != null && args != null && args.length > 0 && args[0] instanceof String text
					&& (method.getName().startsWith("prepare") || method.getName().startsWith("execute")
							|| method.getName().equals("addBatch"))) {
				recorded.add(text);
			}
			Object result;
			try {
				result = method.invoke(target, args);
			}
			catch (InvocationTargetException ex) {
				throw ex.getCause();
			}
			if (result instanceof Connection connection && method.getName().equals("getConnection")) {
				return proxy(Connection.class, connection);
			}
			if (result instanceof Statement statement && method.getReturnType() == Statement.class) {
				return proxy(Statement.class, statement);
			}
			return result;
		}

	}

}
