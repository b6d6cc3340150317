-- eventwire store schema (DuckDB). One table per record kind; every row keeps article_id and
-- character offsets so it can be traced to its sentence. Flattened actor/place columns make the
-- common filters cheap; the full eventwire/1 document is kept in articles.doc for the reader.
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE SEQUENCE IF NOT EXISTS run_ids START 1;
CREATE TABLE IF NOT EXISTS runs (
  id INTEGER PRIMARY KEY, started TIMESTAMP, finished TIMESTAMP, paths VARCHAR,
  read INTEGER, stored INTEGER, duplicates INTEGER, rejected INTEGER, warnings INTEGER,
  seconds DOUBLE, version VARCHAR
);
CREATE TABLE IF NOT EXISTS rejects (run_id INTEGER, origin VARCHAR, record INTEGER, reason VARCHAR);
CREATE TABLE IF NOT EXISTS articles (
  id VARCHAR PRIMARY KEY, url VARCHAR, source VARCHAR, title VARCHAR, date DATE, lang VARCHAR,
  text VARCHAR, tone DOUBLE, n_sentences INTEGER, n_events INTEGER, duplicate_of VARCHAR,
  story VARCHAR, origin VARCHAR, record INTEGER, run_id INTEGER, ingested TIMESTAMP, doc JSON
);
CREATE TABLE IF NOT EXISTS sentences (
  article_id VARCHAR, idx INTEGER, "start" INTEGER, "end" INTEGER, tone DOUBLE, text VARCHAR
);
CREATE TABLE IF NOT EXISTS entities (
  article_id VARCHAR, idx INTEGER, "start" INTEGER, "end" INTEGER, text VARCHAR, label VARCHAR,
  canonical VARCHAR, country VARCHAR, sector VARCHAR
);
CREATE TABLE IF NOT EXISTS places (
  article_id VARCHAR, idx INTEGER, "start" INTEGER, "end" INTEGER, text VARCHAR, name VARCHAR,
  geonameid BIGINT, country VARCHAR, admin1 VARCHAR, lat DOUBLE, lon DOUBLE, feature VARCHAR,
  population BIGINT
);
CREATE TABLE IF NOT EXISTS timexes (
  article_id VARCHAR, idx INTEGER, "start" INTEGER, "end" INTEGER, text VARCHAR, type VARCHAR,
  value VARCHAR
);
CREATE TABLE IF NOT EXISTS quotes (
  article_id VARCHAR, idx INTEGER, "start" INTEGER, "end" INTEGER, text VARCHAR, direct BOOLEAN,
  sentence INTEGER, cue_text VARCHAR, speaker_text VARCHAR, speaker_canonical VARCHAR,
  speaker_country VARCHAR, speaker_sector VARCHAR, mentions JSON, date DATE
);
CREATE TABLE IF NOT EXISTS events (
  id VARCHAR PRIMARY KEY, article_id VARCHAR, idx INTEGER, type VARCHAR, mode VARCHAR,
  cameo VARCHAR, quad_class TINYINT, goldstein DOUBLE, modality VARCHAR, sentence INTEGER,
  trigger_start INTEGER, trigger_end INTEGER, trigger_text VARCHAR,
  source_text VARCHAR, source_canonical VARCHAR, source_country VARCHAR, source_sector VARCHAR,
  target_text VARCHAR, target_canonical VARCHAR, target_country VARCHAR, target_sector VARCHAR,
  sources JSON, targets JSON,
  place_text VARCHAR, place_name VARCHAR, place_geonameid BIGINT, place_country VARCHAR,
  place_admin1 VARCHAR, place_feature VARCHAR, place_source VARCHAR, lat DOUBLE, lon DOUBLE,
  date DATE, date_value VARCHAR, date_source VARCHAR,
  attributed_text VARCHAR, attributed_canonical VARCHAR, attributed_country VARCHAR,
  attributed_sector VARCHAR, confidence DOUBLE,
  evidence VARCHAR, evidence_start INTEGER, evidence_end INTEGER, tone DOUBLE,
  source VARCHAR, story VARCHAR, canonical_id VARCHAR, mentions INTEGER DEFAULT 1
);
-- schema 2: how an argument the text does not name was inferred ("place", "mention",
-- "source-country"; NULL = named in the text). Added this way so that a schema-1 file upgrades.
ALTER TABLE events ADD COLUMN IF NOT EXISTS source_basis VARCHAR;
ALTER TABLE events ADD COLUMN IF NOT EXISTS target_basis VARCHAR;
-- schema 2: the type as PLOVER coders code it (AGREE for an announced AID, ...; Event.plover_type)
ALTER TABLE events ADD COLUMN IF NOT EXISTS plover_type VARCHAR;
-- schema 4: the ACLED event type and sub-event type (Event.acled_type/acled_sub_type, NULL when
-- the event is no ACLED event), and whether the event is its article's main event
-- (AnnotatedDoc.main_event); articles.main_event is that event's idx (NULL: none). Added so
-- that a schema-3 file upgrades (its rows read NULL).
ALTER TABLE events ADD COLUMN IF NOT EXISTS acled_type VARCHAR;
ALTER TABLE events ADD COLUMN IF NOT EXISTS acled_sub_type VARCHAR;
ALTER TABLE events ADD COLUMN IF NOT EXISTS main BOOLEAN;
ALTER TABLE articles ADD COLUMN IF NOT EXISTS main_event INTEGER;
-- schema 5: how likely the article is about politics, conflict, security, protest, diplomacy,
-- crime or disaster (AnnotatedDoc.relevance, 0-1) and whether that reached the relevance
-- component's threshold (relevant; NULL: not scored). Exports and the API leave out the events
-- of articles with relevant = FALSE unless asked. Added so that a schema-4 file upgrades.
ALTER TABLE articles ADD COLUMN IF NOT EXISTS relevance DOUBLE;
ALTER TABLE articles ADD COLUMN IF NOT EXISTS relevant BOOLEAN;
-- schema 7: the article's date as written where it was found (the record's date field first,
-- kept even when unusable: impossible, in the future, unrecognised) and where articles.date came
-- from: 'record', 'url', 'dateline', 'html' (page metadata) or 'none' (Article.date_raw,
-- date_source; NULL in rows stored before). Added so that a schema-6 file upgrades.
ALTER TABLE articles ADD COLUMN IF NOT EXISTS date_raw VARCHAR;
ALTER TABLE articles ADD COLUMN IF NOT EXISTS date_source VARCHAR;
-- schema 8: how exactly the event's place locates it, as ACLED's geo_precision (1 the town
-- itself, 2 near a town or in a district, 3 a region or country; Event.place_precision), and a
-- point the text puts relative to the named place (Place.relation: offset, distance, direction,
-- near, outskirts, seat; its distance in km, bearing in degrees from north and the radius of
-- its uncertainty in km). NULL in rows stored before. Added so that a schema-7 file upgrades.
ALTER TABLE events ADD COLUMN IF NOT EXISTS place_precision TINYINT;
ALTER TABLE events ADD COLUMN IF NOT EXISTS place_relation VARCHAR;
ALTER TABLE events ADD COLUMN IF NOT EXISTS place_distance_km DOUBLE;
ALTER TABLE events ADD COLUMN IF NOT EXISTS place_bearing DOUBLE;
ALTER TABLE events ADD COLUMN IF NOT EXISTS place_radius_km DOUBLE;
ALTER TABLE places ADD COLUMN IF NOT EXISTS relation VARCHAR;
ALTER TABLE places ADD COLUMN IF NOT EXISTS distance_km DOUBLE;
ALTER TABLE places ADD COLUMN IF NOT EXISTS bearing DOUBLE;
ALTER TABLE places ADD COLUMN IF NOT EXISTS radius_km DOUBLE;
CREATE TABLE IF NOT EXISTS stories (
  id VARCHAR PRIMARY KEY, title VARCHAR, first_seen DATE, last_seen DATE, n_articles INTEGER,
  outlets JSON, top_actors JSON, top_places JSON
);
-- schema 3: the story's topic, the same kind of happening (Story.topic; NULL when the story index
-- runs without topics). Added, not declared above, so that a schema-2 file upgrades to the same
-- column order as a new one.
ALTER TABLE stories ADD COLUMN IF NOT EXISTS topic VARCHAR;
-- One row per canonical event (mentions of one real event merged across sentences and articles),
-- keyed by the id of its first-reported mention; events.canonical_id holds that id for every
-- mention, so "canonical_id = id" is the one mention standing for each canonical event.
CREATE TABLE IF NOT EXISTS canonical_events (
  id VARCHAR PRIMARY KEY, type VARCHAR, source VARCHAR, target VARCHAR, place VARCHAR,
  date DATE, last_date DATE, first_report VARCHAR, n_mentions INTEGER, n_sources INTEGER,
  n_articles INTEGER, outlets JSON, articles JSON
);
-- The incremental story index (eventwire.stories.StoryIndex state), so that each run continues
-- the clustering where the previous one stopped.
CREATE TABLE IF NOT EXISTS story_state (state VARCHAR);
-- schema 6: `eventwire watch` (eventwire.live). One row per followed source: a feed (kind
-- 'feed', keyed by its URL) or a folder (kind 'folder', keyed by its file:// URL), with the
-- validators of the last answer (etag, last_modified), the last poll, its status ('ok',
-- 'not modified', 'error') and error, and how many polls in a row failed (errors).
CREATE TABLE IF NOT EXISTS feeds (
  url VARCHAR PRIMARY KEY, kind VARCHAR, title VARCHAR, format VARCHAR, etag VARCHAR,
  last_modified VARCHAR, added TIMESTAMP, last_poll TIMESTAMP, last_ok TIMESTAMP,
  last_status VARCHAR, last_error VARCHAR, errors INTEGER, polls INTEGER
);
-- Every item a source listed, keyed by its normalised URL (ids.normalise_url; a folder's file by
-- its file:// URL): written 'pending' in the same transaction as the feed's new validators, then
-- 'stored', 'duplicate' (duplicate_of: the article with the same text), 'unchanged' (an update
-- that changed nothing) or 'rejected' (reason) in the same transaction as its article rows, so
-- that a watch killed at any point resumes without fetching a stored item again or losing one.
-- stamp: the feed's updated/published value (or a file's size:mtime), whose change re-fetches
-- the item; etag/last_modified: the page's validators, for the conditional GET of an update.
CREATE TABLE IF NOT EXISTS feed_items (
  url VARCHAR PRIMARY KEY, link VARCHAR, feed VARCHAR, guid VARCHAR, title VARCHAR,
  published VARCHAR, stamp VARCHAR, status VARCHAR, article_id VARCHAR, text_hash VARCHAR,
  duplicate_of VARCHAR, reason VARCHAR, etag VARCHAR, last_modified VARCHAR, attempts INTEGER,
  first_seen TIMESTAMP, fetched TIMESTAMP
);
