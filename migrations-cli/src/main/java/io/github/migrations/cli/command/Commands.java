package io.github.migrations.cli.command;

import java.io.PrintStream;
import java.util.concurrent.Callable;

import io.github.migrations.MigrationException;

/**
 * Runs a command and turns what it throws into an exit code and a message without a stack trace:
 * a {@link CommandException} (asked wrongly) is {@link ExitCode#USAGE}, a
 * {@link MigrationException} (the engine said no) is {@link ExitCode#FAILURE} with its description
 * and action. Anything else is a bug or an outage and propagates.
 */
public final class Commands {

	private Commands() {
	}

	/**
	 * Runs the command.
	 * @param command the command, answering its exit code
	 * @param err where to print the reason of a failure
	 * @return the exit code
	 */
	public static int execute(Callable<Integer> command, PrintStream err) {
		try {
			return command.call();
		}
		catch (CommandException ex) {
			err.println("Error: " + ex.getMessage());
			return ExitCode.USAGE;
		}
		catch (MigrationException ex) {
			err.println(ex.getDescription());
			err.println("Action: " + ex.getAction());
			return ExitCode.FAILURE;
		}
		catch (RuntimeException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
