package io.github.migrations.cli.command;

/**
 * A command cannot run as asked: no database configured, no location to write to, a file that
 * exists. The message names what is missing and how to give it; it is printed without a stack
 * trace and the command exits with {@link ExitCode#USAGE}.
 */
public class CommandException extends RuntimeException {

	/**
	 * Creates the exception.
	 * @param message what is wrong and what to do
	 */
	public CommandException(String message) {
		super(message);
	}

}
