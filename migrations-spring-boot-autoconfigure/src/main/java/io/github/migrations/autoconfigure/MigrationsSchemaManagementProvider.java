package io.github.migrations.autoconfigure;

import javax.sql.DataSource;

import io.github.migrations.Migrator;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.jdbc.SchemaManagement;
import org.springframework.boot.jdbc.SchemaManagementProvider;

/**
 * Tells JPA that the migrations manage the schema of their DataSource, so that Hibernate does not
 * default to {@code create-drop} on an embedded database the migrations already built.
 */
class MigrationsSchemaManagementProvider implements SchemaManagementProvider {

	private final ListableBeanFactory beanFactory;

	MigrationsSchemaManagementProvider(ListableBeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	// every Migrator bean: those of named instances are no default candidates, which a plain
	// ObjectProvider stream leaves out
	@Override
	public SchemaManagement getSchemaManagement(DataSource dataSource) {
		return this.beanFactory.getBeansOfType(Migrator.class)
			.values()
			.stream()
			.map(Migrator::getDataSource)
			.anyMatch(dataSource::equals) ? SchemaManagement.MANAGED : SchemaManagement.UNMANAGED;
	}

}
