package io.github.migrations.test;

/**
 * The kinds of schema object a {@link SchemaSnapshot} holds.
 */
public enum SchemaObjectKind {

	/** A table; its columns, indexes and constraints are objects of their own. */
	TABLE("table"),
	/** A table column, named {@code table.column}: type, default, nullability, identity. */
	COLUMN("column"),
	/** An index, with its definition. */
	INDEX("index"),
	/** A constraint, named {@code table.constraint}: type and definition. */
	CONSTRAINT("constraint"),
	/** A view or materialized view, with its definition. */
	VIEW("view"),
	/** A function or procedure, named with its argument types: result and definition. */
	FUNCTION("function"),
	/** A trigger, named {@code table.trigger}, with its definition. */
	TRIGGER("trigger"),
	/** A sequence that is not the internal sequence of an identity column. */
	SEQUENCE("sequence"),
	/** An enum type with its labels in order. */
	ENUM_TYPE("enum type"),
	/**
	 * A scheduled event (MariaDB, MySQL): its body, schedule, status and what happens after it
	 * ran; not when it starts or runs next, which a re-created event takes from the clock.
	 */
	EVENT("event");

	private final String label;

	SchemaObjectKind(String label) {
		this.label = label;
	}

	/**
	 * How the kind is written in a diff ({@code index}, {@code enum type}).
	 */
	public String label() {
		return this.label;
	}

}
