package io.github.migrations.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;

/**
 * The restart of {@link TenantBenchmark} in a fresh JVM: one tool migrates tenants that are all up
 * to date (arguments: tool, database, directory, tenant count, parallelism). Prints one line,
 * {@code TENANT-NOOP <call microseconds> <peak RSS kB>}.
 */
public final class TenantNoopChild {

	static final String RESULT = "TENANT-NOOP";

	private TenantNoopChild() {
	}

	public static void main(String[] args) throws Exception {
		String tool = args[0];
		List<String> tenants = TenantBenchmark.tenants(Integer.parseInt(args[3]));
		long call;
		try (HikariDataSource dataSource = Databases.pool(args[1], Integer.parseInt(args[4]) * 2 + 1)) {
			long started = System.nanoTime();
			int applied = TenantTools.migrate(tool, dataSource, Path.of(args[2]), tenants, Integer.parseInt(args[4]));
			call = (System.nanoTime() - started) / 1_000;
			if (applied > 0) {
				throw new IllegalStateException(tool + " applied " + applied + " migrations in a NOOP run");
			}
		}
		System.out.println(RESULT + " " + call + " " + peakRssKb());
		System.exit(0);
	}

	static long peakRssKb() throws Exception {
		for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
			if (line.startsWith("VmHWM:")) {
				return Long.parseLong(line.substring(6).replace("kB", "").trim());
			}
		}
		return -1;
	}

}
