package io.github.migrations.autoconfigure.jpa;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/**
 * An entity over the {@code greeting} table that only a migration creates.
 */
@Entity
public class Greeting {

	@Id
	private Long id;

	private String message;

	protected Greeting() {
	}

	public Long getId() {
		return this.id;
	}

	public String getMessage() {
		return this.message;
	}

}
