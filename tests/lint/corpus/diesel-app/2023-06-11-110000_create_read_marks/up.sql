CREATE TABLE read_marks (
    user_id   integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    entry_id  bigint NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    read_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, entry_id)
);
