/**
 * Rollback: {@link io.github.migrations.rollback.RollbackRequest what to revert},
 * {@link io.github.migrations.rollback.RollbackResult what was reverted},
 * {@link io.github.migrations.rollback.RollbackStep} and
 * {@link io.github.migrations.rollback.RollbackRefusedException} are public API; the planner, the
 * run and the audit trail are internal.
 */
@NullMarked
package io.github.migrations.rollback;

import org.jspecify.annotations.NullMarked;
