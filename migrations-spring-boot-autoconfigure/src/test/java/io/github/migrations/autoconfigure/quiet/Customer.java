package io.github.migrations.autoconfigure.quiet;

import java.time.LocalDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;

/**
 * An ordinary JPA entity over a table that only a migration creates.
 */
@Entity
public class Customer {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(nullable = false)
	private String email;

	@Column(name = "created_at", nullable = false)
	private LocalDateTime createdAt;

	protected Customer() {
	}

	public String getEmail() {
		return this.email;
	}

}
