package io.github.migrations.sample.users;

import java.time.OffsetDateTime;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The JSON shapes of the user service.
 */
public final class Users {

	private Users() {
	}

	/**
	 * A user as listed.
	 */
	public record UserSummary(long id, String email, String displayName, boolean emailVerified) {
	}

	/**
	 * A user with everything attached.
	 */
	public record UserDetails(long id, String email, String displayName, @Nullable OffsetDateTime emailVerifiedAt,
			List<Preference> preferences, List<Address> addresses) {
	}

	/**
	 * A request to create a user.
	 */
	public record NewUser(String email, String displayName) {
	}

	/**
	 * One preference; {@code value} is JSON text.
	 */
	public record Preference(String category, String key, String value) {
	}

	/**
	 * A postal address.
	 */
	public record Address(@Nullable Long id, String type, String line1, @Nullable String line2, String city,
			@Nullable String postalCode, String country, boolean isDefault) {
	}

	/**
	 * A verification token as handed out (in real life it would be mailed).
	 */
	public record VerificationToken(String token, OffsetDateTime expiresAt) {
	}

}
