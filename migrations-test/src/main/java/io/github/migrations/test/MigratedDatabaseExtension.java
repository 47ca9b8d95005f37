package io.github.migrations.test;

import java.util.function.Supplier;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A migrated database for a test class: made by {@link MigratedDatabases#create()} before its
 * first test (a copy of the template on PostgreSQL) and dropped after its last. Register it on a
 * static field; test methods may also take the {@link MigratedDatabase} as a parameter.
 * <pre>
 * &#64;RegisterExtension
 * static final MigratedDatabaseExtension database = new MigratedDatabaseExtension(TestDatabases.DATABASES);
 *
 * &#64;Test
 * void findsTheUsers() {
 *     JdbcTemplate jdbc = new JdbcTemplate(database.getDataSource());
 *     ...
 * }
 * </pre>
 * Share the {@link MigratedDatabases} among the classes (a static field of a class of its own), so
 * that the migrations are scanned and digested once per JVM.
 */
public final class MigratedDatabaseExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

	private final Supplier<MigratedDatabases> databases;

	private @Nullable MigratedDatabase database;

	private @Nullable String owner;

	public MigratedDatabaseExtension(MigratedDatabases databases) {
		this.databases = () -> databases;
	}

	/**
	 * For a server known only once the class runs (a Testcontainers container started by an
	 * extension registered before this one): the supplier is called before the class's first test.
	 */
	public MigratedDatabaseExtension(Supplier<MigratedDatabases> databases) {
		this.databases = databases;
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		// a @Nested class shares its outer class's database
		if (this.database == null) {
			this.database = this.databases.get().create();
			this.owner = context.getUniqueId();
		}
	}

	@Override
	public void afterAll(ExtensionContext context) {
		if (this.database != null && context.getUniqueId().equals(this.owner)) {
			this.database.close();
			this.database = null;
			this.owner = null;
		}
	}

	/**
	 * The class's database.
	 * @throws IllegalStateException outside the class's tests, or when the extension is not on a
	 * static field
	 */
	public MigratedDatabase getDatabase() {
		if (this.database == null) {
			throw new IllegalStateException("No migrated database yet: register the MigratedDatabaseExtension on a"
					+ " static field with @RegisterExtension, and use it from the class's tests");
		}
		return this.database;
	}

	/**
	 * {@link MigratedDatabase#getDataSource()} of the class's database.
	 */
	public DataSource getDataSource() {
		return getDatabase().getDataSource();
	}

	/**
	 * {@link MigratedDatabase#getJdbcUrl()} of the class's database (for
	 * {@code spring.datasource.url} in a {@code @DynamicPropertySource}).
	 */
	public String getJdbcUrl() {
		return getDatabase().getJdbcUrl();
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return parameterContext.getParameter().getType() == MigratedDatabase.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return getDatabase();
	}

}
