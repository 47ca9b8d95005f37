package io.github.migrations.sample.users;

import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import io.github.migrations.sample.users.Users.Address;
import io.github.migrations.sample.users.Users.Preference;
import io.github.migrations.sample.users.Users.UserDetails;
import io.github.migrations.sample.users.Users.UserSummary;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * SQL access to users and what hangs off them, over the schema the migrations built.
 */
@Repository
public class UserRepository {

	private final JdbcClient jdbc;

	/** The parameter expression for a JSON value: JSONB on PostgreSQL, text elsewhere. */
	private final String jsonParameter;

	/** The parameter expression for an address type: an enum on PostgreSQL, text elsewhere. */
	private final String addressTypeParameter;

	public UserRepository(JdbcClient jdbc, DataSource dataSource) {
		this.jdbc = jdbc;
		boolean postgres = isPostgres(dataSource);
		this.jsonParameter = postgres ? "CAST(:value AS JSONB)" : ":value";
		this.addressTypeParameter = postgres ? "CAST(:type AS address_type)" : ":type";
	}

	private static boolean isPostgres(DataSource dataSource) {
		try {
			String product = JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
			return "PostgreSQL".equalsIgnoreCase(product);
		}
		catch (MetaDataAccessException ex) {
			throw new IllegalStateException("Cannot tell which database this is", ex);
		}
	}

	public List<UserSummary> findAll() {
		return this.jdbc.sql("SELECT id, email, display_name, email_verified_at FROM users ORDER BY id")
			.query((rs, row) -> new UserSummary(rs.getLong("id"), rs.getString("email"), rs.getString("display_name"),
					rs.getObject("email_verified_at") != null))
			.list();
	}

	public Optional<UserDetails> findById(long id) {
		return this.jdbc.sql("SELECT id, email, display_name, email_verified_at FROM users WHERE id = :id")
			.param("id", id)
			.query((rs, row) -> new UserDetails(rs.getLong("id"), rs.getString("email"), rs.getString("display_name"),
					rs.getObject("email_verified_at", OffsetDateTime.class), preferences(id), addresses(id)))
			.optional();
	}

	public long create(String email, String displayName) {
		GeneratedKeyHolder keys = new GeneratedKeyHolder();
		this.jdbc.sql("INSERT INTO users (email, display_name) VALUES (:email, :displayName)")
			.param("email", email)
			.param("displayName", displayName)
			.update(keys, "id");
		return generatedId(keys);
	}

	public List<Preference> preferences(long userId) {
		return this.jdbc
			.sql("SELECT category, pref_key, pref_value FROM user_preferences WHERE user_id = :userId "
					+ "ORDER BY category, pref_key")
			.param("userId", userId)
			.query((rs, row) -> new Preference(rs.getString("category"), rs.getString("pref_key"),
					rs.getString("pref_value")))
			.list();
	}

	/**
	 * Inserts or replaces one preference (update first, insert when there was nothing to update,
	 * so the same SQL works on every database).
	 */
	@Transactional
	public void savePreference(long userId, String category, String key, String jsonValue) {
		int updated = this.jdbc
			.sql("UPDATE user_preferences SET pref_value = " + this.jsonParameter + ", updated_at = CURRENT_TIMESTAMP "
					+ "WHERE user_id = :userId AND category = :category AND pref_key = :key")
			.param("value", jsonValue)
			.param("userId", userId)
			.param("category", category)
			.param("key", key)
			.update();
		if (updated == 0) {
			this.jdbc
				.sql("INSERT INTO user_preferences (user_id, category, pref_key, pref_value) "
						+ "VALUES (:userId, :category, :key, " + this.jsonParameter + ")")
				.param("userId", userId)
				.param("category", category)
				.param("key", key)
				.param("value", jsonValue)
				.update();
		}
	}

	public List<Address> addresses(long userId) {
		return this.jdbc
			.sql("SELECT id, type, address_line_1, address_line_2, city, postal_code, country, is_default "
					+ "FROM user_addresses WHERE user_id = :userId ORDER BY id")
			.param("userId", userId)
			.query((rs, row) -> address(rs))
			.list();
	}

	/**
	 * Adds an address; a new default address takes over from the previous default of its type.
	 */
	@Transactional
	public Address addAddress(long userId, Address address) {
		if (address.isDefault()) {
			this.jdbc
				.sql("UPDATE user_addresses SET is_default = FALSE WHERE user_id = :userId AND type = "
						+ this.addressTypeParameter + " AND is_default")
				.param("userId", userId)
				.param("type", address.type())
				.update();
		}
		GeneratedKeyHolder keys = new GeneratedKeyHolder();
		this.jdbc
			.sql("INSERT INTO user_addresses (user_id, type, address_line_1, address_line_2, city, postal_code, "
					+ "country, is_default) VALUES (:userId, " + this.addressTypeParameter
					+ ", :line1, :line2, :city, :postalCode, :country, :isDefault)")
			.param("userId", userId)
			.param("type", address.type())
			.param("line1", address.line1())
			.param("line2", address.line2())
			.param("city", address.city())
			.param("postalCode", address.postalCode())
			.param("country", address.country())
			.param("isDefault", address.isDefault())
			.update(keys, "id");
		return new Address(generatedId(keys), address.type(), address.line1(), address.line2(),
				address.city(), address.postalCode(), address.country(), address.isDefault());
	}

	/**
	 * Stores a new verification token and counts the attempt.
	 * @return whether the user exists
	 */
	public boolean startEmailVerification(long userId, String token, OffsetDateTime expiresAt) {
		return this.jdbc
			.sql("UPDATE users SET email_verification_token = :token, email_verification_expires_at = :expiresAt, "
					+ "email_verification_attempts = email_verification_attempts + 1 WHERE id = :id")
			.param("token", token)
			.param("expiresAt", expiresAt)
			.param("id", userId)
			.update() == 1;
	}

	/**
	 * Marks the email of the token's user verified, if the token is known and has not expired.
	 * @return whether it was
	 */
	public boolean completeEmailVerification(String token, OffsetDateTime now) {
		return this.jdbc
			.sql("UPDATE users SET email_verified_at = :now, email_verification_token = NULL, "
					+ "email_verification_expires_at = NULL "
					+ "WHERE email_verification_token = :token AND email_verification_expires_at > :now")
			.param("now", now)
			.param("token", token)
			.update() == 1;
	}

	// a Long from PostgreSQL and H2, a BigInteger from MariaDB and MySQL (the key of an
	// AUTO_INCREMENT column)
	private static long generatedId(GeneratedKeyHolder keys) {
		Number id = keys.getKey();
		if (id == null) {
			throw new IllegalStateException("The database returned no generated id");
		}
		return id.longValue();
	}

	private static Address address(ResultSet rs) throws SQLException {
		return new Address(rs.getLong("id"), rs.getString("type"), rs.getString("address_line_1"),
				rs.getString("address_line_2"), rs.getString("city"), rs.getString("postal_code"),
				rs.getString("country"), rs.getBoolean("is_default"));
	}

}
