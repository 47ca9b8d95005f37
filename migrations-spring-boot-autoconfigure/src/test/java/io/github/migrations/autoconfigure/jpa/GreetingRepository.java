package io.github.migrations.autoconfigure.jpa;

import org.springframework.data.jpa.repository.JpaRepository;

interface GreetingRepository extends JpaRepository<Greeting, Long> {

}
