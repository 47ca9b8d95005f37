package io.github.migrations;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@link JavaMigration} whose version and name come from its class name:
 * {@code V20240115120000__MoveAddresses} or {@code V1_2__Seed_data} (as Flyway names them), or
 * {@code M20240115120000_MoveAddresses}.
 */
public abstract class BaseJavaMigration implements JavaMigration {

	private static final Pattern CLASS_NAME = Pattern.compile("[VM](\\d+(?:_\\d+)*?)__?(.+)");

	private final MigrationVersion version;

	private final String name;

	protected BaseJavaMigration() {
		String simpleName = getClass().getSimpleName();
		Matcher matcher = CLASS_NAME.matcher(simpleName);
		if (!matcher.matches()) {
			throw new MigrationException("Java migration class " + getClass().getName()
					+ " is not named V<version>__<Name> or M<version>_<Name>",
					"Rename it (for example V20240115120000__MoveAddresses) or implement JavaMigration directly.");
		}
		this.version = MigrationVersion.parse(matcher.group(1));
		this.name = matcher.group(2);
	}

	@Override
	public MigrationVersion getVersion() {
		return this.version;
	}

	@Override
	public String getName() {
		return this.name;
	}

}
