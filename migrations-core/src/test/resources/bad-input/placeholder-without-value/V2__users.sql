CREATE TABLE users (id int);

-- owner: ${app_owner}
ALTER TABLE users OWNER TO ${app_owner};
