package io.github.migrations;

/**
 * The engine on H2 in its default mode.
 */
class MigratorH2DefaultModeTests extends AbstractMigratorH2Tests {

	@Override
	String urlOptions() {
		return "";
	}

}
