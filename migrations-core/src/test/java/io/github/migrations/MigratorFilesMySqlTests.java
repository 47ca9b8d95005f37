package io.github.migrations;

import io.github.migrations.testsupport.MariaDbDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link AbstractMariaDbFamilyFilesTests} on MySQL 8, in Testcontainers: {@code {vendor}} is
 * {@code mysql}. Skipped, and said once, where no Docker daemon answers.
 */
class MigratorFilesMySqlTests extends AbstractMariaDbFamilyFilesTests {

	@RegisterExtension
	static final MariaDbDatabase db = MariaDbDatabase.mysql();

	@Override
	MariaDbDatabase db() {
		return db;
	}

}
