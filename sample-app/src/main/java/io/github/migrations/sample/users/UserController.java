package io.github.migrations.sample.users;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;

import io.github.migrations.sample.users.Users.Address;
import io.github.migrations.sample.users.Users.NewUser;
import io.github.migrations.sample.users.Users.Preference;
import io.github.migrations.sample.users.Users.UserDetails;
import io.github.migrations.sample.users.Users.UserSummary;
import io.github.migrations.sample.users.Users.VerificationToken;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The user service's HTTP API.
 */
@RestController
@RequestMapping("/users")
public class UserController {

	private static final Duration VERIFICATION_VALIDITY = Duration.ofHours(24);

	private final UserRepository users;

	private final SecureRandom random = new SecureRandom();

	private final Clock clock = Clock.systemUTC();

	public UserController(UserRepository users) {
		this.users = users;
	}

	@GetMapping
	public List<UserSummary> list() {
		return this.users.findAll();
	}

	@GetMapping("/{id}")
	public UserDetails get(@PathVariable long id) {
		return this.users.findById(id).orElseThrow(() -> notFound(id));
	}

	@PostMapping
	public ResponseEntity<UserDetails> create(@RequestBody NewUser user) {
		if (!StringUtils.hasText(user.email()) || !user.email().contains("@")
				|| !StringUtils.hasText(user.displayName())) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "email and displayName are required");
		}
		long id = this.users.create(user.email().trim(), user.displayName().trim());
		return ResponseEntity.created(URI.create("/users/" + id)).body(get(id));
	}

	@GetMapping("/{id}/preferences")
	public List<Preference> preferences(@PathVariable long id) {
		get(id);
		return this.users.preferences(id);
	}

	@PutMapping("/{id}/preferences/{category}/{key}")
	public Preference savePreference(@PathVariable long id, @PathVariable String category, @PathVariable String key,
			@RequestBody JsonNode value) {
		get(id);
		this.users.savePreference(id, category, key, value.toString());
		return new Preference(category, key, value.toString());
	}

	@GetMapping("/{id}/addresses")
	public List<Address> addresses(@PathVariable long id) {
		get(id);
		return this.users.addresses(id);
	}

	@PostMapping("/{id}/addresses")
	@ResponseStatus(HttpStatus.CREATED)
	public Address addAddress(@PathVariable long id, @RequestBody Address address) {
		get(id);
		if (!List.of("billing", "shipping").contains(address.type()) || !StringUtils.hasText(address.line1())
				|| !StringUtils.hasText(address.city()) || address.country() == null || address.country().length() != 2) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
					"type (billing|shipping), line1, city and a two-letter country are required");
		}
		return this.users.addAddress(id, address);
	}

	/**
	 * Issues a verification token. A real service would mail it; this one returns it.
	 */
	@PostMapping("/{id}/email-verification")
	public VerificationToken startEmailVerification(@PathVariable long id) {
		byte[] bytes = new byte[16];
		this.random.nextBytes(bytes);
		String token = HexFormat.of().formatHex(bytes);
		OffsetDateTime expiresAt = OffsetDateTime.now(this.clock).plus(VERIFICATION_VALIDITY);
		if (!this.users.startEmailVerification(id, token, expiresAt)) {
			throw notFound(id);
		}
		return new VerificationToken(token, expiresAt);
	}

	@PostMapping("/email-verification/{token}")
	public ResponseEntity<Void> completeEmailVerification(@PathVariable String token) {
		if (!this.users.completeEmailVerification(token, OffsetDateTime.now(this.clock))) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, "Unknown or expired verification token");
		}
		return ResponseEntity.noContent().build();
	}

	private static ResponseStatusException notFound(long id) {
		return new ResponseStatusException(HttpStatus.NOT_FOUND, "No user " + id);
	}

}
