package io.github.migrations;

import io.github.migrations.testsupport.MariaDbDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link AbstractMariaDbFamilyFilesTests} on MariaDB: {@code {vendor}} is {@code mariadb}.
 */
class MigratorFilesMariaDbTests extends AbstractMariaDbFamilyFilesTests {

	@RegisterExtension
	static final MariaDbDatabase db = new MariaDbDatabase();

	@Override
	MariaDbDatabase db() {
		return db;
	}

}
