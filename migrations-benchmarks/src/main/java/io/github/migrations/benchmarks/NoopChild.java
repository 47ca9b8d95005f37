package io.github.migrations.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;

import com.zaxxer.hikari.HikariDataSource;

/**
 * The NOOP run in a fresh JVM: one tool migrates a database that is already up to date
 * (arguments: tool, database, directory, {@link Server}). Prints
 * one line, {@code NOOP-RESULT <call microseconds> <peak RSS kB>}: the call as timed inside, and
 * the process's peak resident set (VmHWM) read at the end. The parent times the whole process.
 */
public final class NoopChild {

	static final String RESULT = "NOOP-RESULT";

	private NoopChild() {
	}

	public static void main(String[] args) throws Exception {
		if (args[0].equals(LiquibaseTool.NAME)) {
			LiquibaseTool.quiet();
		}
		Databases.use(Server.valueOf(args[3]));
		Tool tool = Tool.named(args[0]);
		Path dir = Path.of(args[2]);
		long call;
		try (HikariDataSource dataSource = Databases.pool(args[1])) {
			long started = System.nanoTime();
			int applied = tool.migrate(dataSource, dir);
			call = (System.nanoTime() - started) / 1_000;
			if (applied > 0) {
				throw new IllegalStateException(tool.name() + " applied " + applied + " migrations in a NOOP run");
			}
		}
		System.out.println(RESULT + " " + call + " " + peakRssKb());
		System.exit(0);
	}

	private static long peakRssKb() throws Exception {
		for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
			if (line.startsWith("VmHWM:")) {
				return Long.parseLong(line.substring(6).replace("kB", "").trim());
			}
		}
		return -1;
	}

}
