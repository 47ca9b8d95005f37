-- +migrate Up
-- nothing yet
;;
/* later */
