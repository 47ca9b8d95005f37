package io.github.migrations.sample;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The user API and the read-only Actuator endpoints are open (this is a demo); the write
 * operation of {@code /actuator/migrations} (rollback) needs the {@code ADMIN} role over HTTP
 * basic authentication. Stateless: no session, no cookie, hence no CSRF token to check. Not
 * needed (nor possible) when the application runs without a web server, as a migration job.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class SecurityConfiguration {

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests((requests) -> requests
			.requestMatchers(HttpMethod.POST, "/actuator/migrations/**").hasRole("ADMIN")
			.requestMatchers(HttpMethod.GET, "/actuator/**").permitAll()
			.requestMatchers("/actuator/**").hasRole("ADMIN")
			.anyRequest().permitAll());
		http.httpBasic(Customizer.withDefaults());
		http.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
		http.csrf((csrf) -> csrf.disable());
		return http.build();
	}

}
