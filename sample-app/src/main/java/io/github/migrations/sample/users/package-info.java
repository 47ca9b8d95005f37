/**
 * The user service: users, their preferences, addresses and email verification.
 */
@NullMarked
package io.github.migrations.sample.users;

import org.jspecify.annotations.NullMarked;
