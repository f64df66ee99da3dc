-- dotterel event store, schema 3: an article is identified by its text AND its source.
-- Up to schema 2 article_id was the hash of the text alone, so a wire story reprinted verbatim by
-- a second outlet was skipped as a duplicate and never counted as a second source.  Now
-- content_hash is the text's hash and article_id the hash of (content_hash, source_key); an exact
-- copy from another source is stored as a near-duplicate (similarity 1.0) of its original.
-- Rows written before keep their ids (which were their content hashes).
ALTER TABLE articles ADD COLUMN content_hash VARCHAR;
CREATE INDEX articles_content ON articles (content_hash);  -- before the UPDATE: DuckDB refuses it after
UPDATE articles SET content_hash = article_id;
