package io.github.migrations.test;

import org.jspecify.annotations.Nullable;

/**
 * One difference between two {@link SchemaSnapshot snapshots}: an object present on one side
 * only ({@code attribute} is {@code null}), or one attribute of an object that differs.
 *
 * @param kind the object's kind
 * @param name the object's name
 * @param attribute the attribute that differs, or {@code null} when the object itself is missing on
 * one side
 * @param before the attribute's value in the first snapshot ({@code null}: absent, or the object is
 * missing there)
 * @param after the attribute's value in the second snapshot ({@code null}: absent, or the object is
 * missing there)
 * @param presentBefore whether the object exists in the first snapshot
 * @param presentAfter whether the object exists in the second snapshot
 */
public record SchemaDifference(SchemaObjectKind kind, String name, @Nullable String attribute, @Nullable String before,
		@Nullable String after, boolean presentBefore, boolean presentAfter) {

	/**
	 * The difference as one line, using the names of the two snapshots ({@code before Up},
	 * {@code after Down}).
	 */
	public String describe(String beforeLabel, String afterLabel) {
		String subject = this.kind.label() + " " + this.name + ": ";
		if (!this.presentAfter) {
			return subject + "present " + beforeLabel + ", missing " + afterLabel;
		}
		if (!this.presentBefore) {
			return subject + "missing " + beforeLabel + ", present " + afterLabel;
		}
		return subject + this.attribute + " " + show(this.before) + " -> " + show(this.after);
	}

	private static String show(@Nullable String value) {
		if (value == null) {
			return "(none)";
		}
		// definitions span lines; one line per difference keeps a failure message readable
		String flat = value.replaceAll("\\s+", " ").strip();
		return (flat.length() > 200) ? flat.substring(0, 197) + "..." : flat;
	}

}
