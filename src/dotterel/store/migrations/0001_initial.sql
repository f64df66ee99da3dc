-- dotterel event store, schema 1.
-- articles: one row per distinct text (content hash); near-duplicates point at their original.
-- mentions: one row per coded event record (a sentence of an article); event_id is the merged event.
-- events: one row per happening, recomputed from its mentions whenever a mention joins it.
CREATE TABLE store_meta (
    key VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);

CREATE TABLE articles (
    article_id VARCHAR PRIMARY KEY,      -- sha256 of the whitespace-normalised text (32 hex)
    seq BIGINT NOT NULL,                 -- order of arrival
    doc_id VARCHAR NOT NULL,
    origin VARCHAR,                      -- file or file:line it was read from
    title VARCHAR,
    url VARCHAR,
    source VARCHAR,
    source_key VARCHAR NOT NULL,         -- what num_sources counts: source, else URL host, else the article itself
    pub_date DATE,
    n_chars INTEGER NOT NULL,
    n_mentions INTEGER NOT NULL,
    duplicate_of VARCHAR,                -- the original article of a near-duplicate
    similarity DOUBLE,                   -- estimated Jaccard similarity to it
    ingested_at TIMESTAMP NOT NULL
);

-- MinHash signatures and their LSH band buckets: the near-duplicate index lives in the
-- database, so it is written in the same transaction as its article.
CREATE TABLE minhashes (
    article_id VARCHAR PRIMARY KEY,
    hashvalues UBIGINT[] NOT NULL
);
CREATE TABLE lsh_bands (
    band SMALLINT NOT NULL,
    bucket UBIGINT NOT NULL,
    article_id VARCHAR NOT NULL
);
CREATE INDEX lsh_bands_bucket ON lsh_bands (band, bucket);

CREATE TABLE mentions (
    mention_id VARCHAR PRIMARY KEY,      -- hash of article_id, sentence, trigger offset, category
    event_id VARCHAR NOT NULL,           -- the merged event (= smallest mention_id of its cluster)
    article_id VARCHAR NOT NULL,
    coder_id VARCHAR,                    -- the id the coder gave the record
    doc_id VARCHAR NOT NULL,
    event VARCHAR NOT NULL,
    mode VARCHAR,
    cameo VARCHAR,
    quad_code TINYINT,
    date DATE,
    enddate DATE,
    actor_codes VARCHAR[] NOT NULL,
    recipient_codes VARCHAR[] NOT NULL,
    country VARCHAR,                     -- country of the event's place
    geonameid BIGINT,
    lat DOUBLE,
    lon DOUBLE,
    resolution TINYINT,
    modality VARCHAR,
    confidence DOUBLE,
    score DOUBLE,                        -- PLOVER conflict-cooperation score of category and mode
    sequence INTEGER,
    text VARCHAR,
    record JSON NOT NULL                 -- the full PLOVER record as coded
);
CREATE INDEX mentions_event ON mentions (event_id);
CREATE INDEX mentions_article ON mentions (article_id);

-- one row per (mention, role, code): how a new mention finds the stored mentions it may merge with
CREATE TABLE match_keys (
    event VARCHAR NOT NULL,
    role VARCHAR NOT NULL,               -- 'actor' | 'recipient'
    code VARCHAR NOT NULL,
    lo DATE NOT NULL,                    -- the mention's date range
    hi DATE NOT NULL,
    mention_id VARCHAR NOT NULL
);
CREATE INDEX match_keys_key ON match_keys (event, role, code);

CREATE TABLE entities (
    mention_id VARCHAR NOT NULL,
    role VARCHAR NOT NULL,
    position SMALLINT NOT NULL,
    entity_text VARCHAR,
    name VARCHAR,
    code VARCHAR,
    sector VARCHAR,
    office VARCHAR,
    source_of_code VARCHAR
);
CREATE INDEX entities_mention ON entities (mention_id);

CREATE TABLE events (
    event_id VARCHAR NOT NULL,
    event VARCHAR NOT NULL,
    mode VARCHAR,
    cameo VARCHAR,
    quad_code TINYINT,
    score DOUBLE,                        -- PLOVER conflict-cooperation score of category and mode
    date DATE,
    enddate DATE,
    actor_codes VARCHAR[] NOT NULL,      -- every code any mention gave the actor
    recipient_codes VARCHAR[] NOT NULL,
    actor_code VARCHAR,                  -- the representative mention's first coded actor
    recipient_code VARCHAR,
    country VARCHAR,
    geonameid BIGINT,
    lat DOUBLE,
    lon DOUBLE,
    place VARCHAR,
    place_mention_id VARCHAR,            -- the mention with the most precise place
    rep_mention_id VARCHAR NOT NULL,     -- the mention whose record stands for the event
    num_mentions INTEGER NOT NULL,
    num_sources INTEGER NOT NULL,
    num_articles INTEGER NOT NULL
);
CREATE INDEX events_id ON events (event_id);
CREATE INDEX events_date ON events (date);

-- an event id that disappeared when its event merged into another
CREATE TABLE event_aliases (
    old_event_id VARCHAR NOT NULL,
    event_id VARCHAR NOT NULL
);

INSERT INTO store_meta VALUES ('application', 'dotterel');
