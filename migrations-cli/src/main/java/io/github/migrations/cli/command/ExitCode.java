package io.github.migrations.cli.command;

/**
 * The exit codes of every command, the same in the command line and the Maven plugin (which
 * fails the build on any but {@link #OK}).
 */
public final class ExitCode {

	/** Done: migrated, valid, no failing lint finding. */
	public static final int OK = 0;

	/**
	 * The command ran and the answer is no: a migration failed, validation found problems, lint
	 * found findings that fail, a rollback was refused, the lock was not acquired.
	 */
	public static final int FAILURE = 1;

	/**
	 * The command could not run as asked: unknown option, missing database URL, a file that
	 * already exists.
	 */
	public static final int USAGE = 2;

	private ExitCode() {
	}

}
