package io.github.migrations.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A tool that keeps the workload's statements in memory rather than in files, and no history:
 * the yardsticks ({@link RawJdbcTool}, {@link ServerFloorTool}).
 */
abstract class InMemoryTool implements Tool {

	private final List<Workload.Migration> migrations = new ArrayList<>();

	@Override
	public boolean hasNoop() {
		return false;
	}

	@Override
	public void write(List<Workload.Migration> migrations, Path dir) {
		this.migrations.clear();
		this.migrations.addAll(migrations);
	}

	List<Workload.Migration> migrations() {
		return this.migrations;
	}

}
