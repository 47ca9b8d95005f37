package io.github.migrations.autoconfigure;

import java.util.stream.Stream;

import javax.sql.DataSource;

import io.github.migrations.Migrator;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.jdbc.SchemaManagement;
import org.springframework.boot.jdbc.SchemaManagementProvider;

/**
 * Tells JPA that the migrations manage the schema of their DataSource, so that Hibernate does not
 * default to {@code create-drop} on an embedded database the migrations already built.
 */
class MigrationsSchemaManagementProvider implements SchemaManagementProvider {

	private final ObjectProvider<Migrator> migrators;

	MigrationsSchemaManagementProvider(ObjectProvider<Migrator> migrators) {
		this.migrators = migrators;
	}

	@Override
	public SchemaManagement getSchemaManagement(DataSource dataSource) {
		try (Stream<Migrator> stream = this.migrators.stream()) {
			return stream.map(Migrator::getDataSource).anyMatch(dataSource::equals) ? SchemaManagement.MANAGED
					: SchemaManagement.UNMANAGED;
		}
	}

}
