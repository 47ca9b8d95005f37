package io.github.migrations.autoconfigure.slice;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;

import org.springframework.data.relational.core.mapping.Table;

/**
 * A row of the {@code note} table, which only a migration creates; mapped for JPA and for Spring
 * Data JDBC alike.
 */
@Entity
@Table("note")
public class Note {

	@Id
	@org.springframework.data.annotation.Id
	private Long id;

	private String body;

	protected Note() {
	}

	public Long getId() {
		return this.id;
	}

	public String getBody() {
		return this.body;
	}

}
