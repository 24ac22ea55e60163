CREATE TABLE post_reactions (
    post_id     bigint NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    session_id  uuid NOT NULL,
    reaction    text NOT NULL CHECK (reaction IN ('like', 'love', 'insightful')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (post_id, session_id, reaction)
);
