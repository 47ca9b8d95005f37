package io.github.migrations.run;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;

/**
 * Who runs: {@code <applicationName>:<host>:<pid>}, the lock's holder and the application name of
 * the runner's connections, so an operator can tell runners apart in the lock row and in the
 * database's session view.
 */
final class Owner {

	private static final String HOST = resolveHost();

	private Owner() {
	}

	static String of(String applicationName) {
		return applicationName + ":" + HOST + ":" + ProcessHandle.current().pid();
	}

	private static String resolveHost() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (Exception ex) {
			String name = ManagementFactory.getRuntimeMXBean().getName();
			return name.contains("@") ? name.substring(name.indexOf('@') + 1) : "unknown-host";
		}
	}

}
