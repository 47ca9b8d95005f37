package io.github.migrations.autoconfigure.slice;

import org.springframework.data.repository.ListCrudRepository;

/**
 * The repository the JPA and the Spring Data JDBC slices each implement.
 */
interface NoteRepository extends ListCrudRepository<Note, Long> {

}
