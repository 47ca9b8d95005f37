package io.github.migrations.parse;

/**
 * The Up or the Down section of a migration file, not yet split into statements.
 *
 * @param text the section's text as written (marker line excluded)
 * @param firstLine the 1-based file line of the section's first text line
 * @param transactional {@code false} when the marker carries {@code notransaction}
 */
public record ScriptSection(String text, int firstLine, boolean transactional) {
}
