package io.github.migrations.lint;

import io.github.migrations.testsupport.MariaDbDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The MariaDB/MySQL rules' claims on MySQL 8, in Testcontainers: skipped, and said once, where no
 * Docker daemon answers.
 */
class LintRulesMySqlTests extends AbstractOnlineDdlRulesTests {

	@RegisterExtension
	static final MariaDbDatabase database = MariaDbDatabase.mysql();

	@Override
	protected MariaDbDatabase database() {
		return database;
	}

}
