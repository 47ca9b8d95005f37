package io.github.migrations.parse;

import org.jspecify.annotations.Nullable;

/**
 * The sections of a migration file.
 *
 * @param up the Up section
 * @param down the Down section, or {@code null} when the file has none (irreversible)
 */
public record ScriptSections(ScriptSection up, @Nullable ScriptSection down) {
}
