-- dotterel event store, schema 2: what `dotterel watch` knows between runs.
-- feeds: one row per feed URL; validators for conditional GET and the last answer.
CREATE TABLE feeds (
    url VARCHAR PRIMARY KEY,
    title VARCHAR,
    etag VARCHAR,
    last_modified VARCHAR,
    last_polled TIMESTAMP,
    last_status VARCHAR,                 -- 'ok' | 'not-modified' | 'error'
    last_success TIMESTAMP,
    last_error VARCHAR,
    errors_in_row INTEGER NOT NULL DEFAULT 0,
    entries INTEGER NOT NULL DEFAULT 0,  -- entries ever seen
    articles INTEGER NOT NULL DEFAULT 0  -- entries whose article reached the store
);

-- feed_entries: one row per (feed, entry); a final status is never fetched again,
-- 'failed' is retried at later polls until its tries run out.
CREATE TABLE feed_entries (
    feed_url VARCHAR NOT NULL,
    entry_key VARCHAR NOT NULL,          -- the entry's id (guid), else its link
    link VARCHAR NOT NULL,
    first_seen TIMESTAMP NOT NULL,
    status VARCHAR NOT NULL,             -- seen | new | duplicate | near-duplicate | no-text | robots | gone | failed
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error VARCHAR,
    doc_id VARCHAR,
    PRIMARY KEY (feed_url, entry_key)
);
