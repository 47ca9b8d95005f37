package io.github.migrations.maven;

import java.util.Arrays;
import java.util.Locale;

import io.github.migrations.cli.command.CommandException;

final class Formats {

	private Formats() {
	}

	static <E extends Enum<E>> E parse(Class<E> type, String text) {
		try {
			return Enum.valueOf(type, text.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new CommandException("migrations.format=" + text + " is not a format; use one of "
					+ Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT));
		}
	}

}
