package io.github.migrations.testsupport;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Says once, at the end of a test run, which MySQL 8 test classes did not run for want of Docker
 * ({@link MariaDbDatabase#mysql()}), so that a build never passes over them in silence. Registered
 * with the JUnit Platform through {@code META-INF/services}, in this test-jar, so every module
 * whose tests use the fixtures has it. The line goes to the JVM's own standard error, which
 * Surefire shows on the console even where it sends the tests' output to files.
 */
public final class MySqlNotRunReport implements TestExecutionListener {

	private final List<String> notRun = new ArrayList<>();

	private String reason = "";

	@Override
	public void executionSkipped(TestIdentifier identifier, String reason) {
		if (reason != null && reason.startsWith(MariaDbDatabase.MYSQL_NOT_RUN)) {
			TestSource source = identifier.getSource().orElse(null);
			synchronized (this.notRun) {
				this.notRun.add((source instanceof ClassSource classSource) ? classSource.getClassName()
						.substring(classSource.getClassName().lastIndexOf('.') + 1) : identifier.getDisplayName());
				this.reason = reason;
			}
		}
	}

	@Override
	public void testPlanExecutionFinished(TestPlan testPlan) {
		synchronized (this.notRun) {
			if (this.notRun.isEmpty()) {
				return;
			}
			@SuppressWarnings("resource") // the JVM's stderr stays open
			PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
			err.println("[WARNING] " + this.reason + ": " + this.notRun.size() + " test class"
					+ ((this.notRun.size() == 1) ? "" : "es") + " NOT RUN (" + String.join(", ", this.notRun)
					+ "). Start Docker to run them.");
			this.notRun.clear();
		}
	}

}
