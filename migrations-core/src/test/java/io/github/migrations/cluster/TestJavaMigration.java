package io.github.migrations.cluster;

import io.github.migrations.JavaMigration;
import io.github.migrations.MigrationContext;
import io.github.migrations.MigrationVersion;

/**
 * A Java migration made of a lambda, not transactional (it commits its own transactions).
 */
final class TestJavaMigration implements JavaMigration {

	private final MigrationVersion version;

	private final Up up;

	TestJavaMigration(String version, Up up) {
		this.version = MigrationVersion.parse(version);
		this.up = up;
	}

	@Override
	public MigrationVersion getVersion() {
		return this.version;
	}

	@Override
	public String getName() {
		return "cluster_test";
	}

	@Override
	public void up(MigrationContext context) throws Exception {
		this.up.run(context);
	}

	@Override
	public boolean isTransactional() {
		return false;
	}

	@FunctionalInterface
	interface Up {

		void run(MigrationContext context) throws Exception;

	}

}
