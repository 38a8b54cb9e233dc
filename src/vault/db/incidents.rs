//! Incidents: add, amend, delete, get, list and search, history, tombstones; and their
//! search index (FTS5 and the tag table).

use jiff::Zoned;
use rusqlite::{params, Connection, OptionalExtension};

use super::{now_utc, to32, Db, DbError, Result};
use crate::model::chain::{Op, Revision, ZERO_HASH};
use crate::model::incident::{self, Incident, IncidentInput};

/// Filters shared by `list`, `search` and `export`.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Incidents that may have happened at or after this time (Unix seconds).
    pub since: Option<i64>,
    /// Incidents that may have happened at or before this time (Unix seconds).
    pub until: Option<i64>,
    pub category: Option<String>,
    pub tag: Option<String>,
    /// Full-text query: every word must match, by prefix or by its Russian, English or
    /// Kyrgyz stem (see `search`); a substring scan when that finds nothing.
    pub query: Option<String>,

    /// Only these ids (empty: all).
    pub ids: Vec<String>,
    /// Only incidents naming every one of these entities (see `model::entities`).
    pub entities: Vec<EntityFilter>,
}

/// An entity filter: incidents naming an entity whose folded key is `key`, of `kind` (None:
/// of any kind).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityFilter {
    pub kind: Option<crate::model::entities::Kind>,
    pub key: String,
}

impl EntityFilter {
    /// A filter for a name the user typed, folded the way the index folds it.
    pub fn typed(kind: crate::model::entities::Kind, name: &str) -> EntityFilter {
        EntityFilter {
            kind: Some(kind),
            key: kind.key_of(name),
        }
    }
}

/// A deleted incident: the fact and time of deletion remain.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Tombstone {
    pub id: String,
    pub recorded: String,
    pub deleted_at: String,
}

/// Whether the database has a table (or virtual table) called `name`.
pub(super) fn table_exists(conn: &Connection, name: &str) -> Result<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM sqlite_master WHERE name = ?1",
            [name],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

/// The meta key holding the `search::STEMS_VERSION` the stemmed index was built with.
const STEMS_VERSION_KEY: &str = "stems_version";
/// Set once every leaf separator of the word indexes was checked ([`Db::sweep_separators_once`]).
const SEPARATORS_SWEPT_KEY: &str = "separators_swept";
/// The tokenizers of `incident_fts` and `incident_stems` as the migrations created them (a
/// unit test compares them with the schema).
const FTS_TOKENIZER: &str = "unicode61 remove_diacritics 2";
const STEMS_TOKENIZER: &str = "unicode61 remove_diacritics 0";

impl Db {
    // ---- incidents ----

    pub(crate) fn fresh_id(tx: &rusqlite::Transaction<'_>) -> Result<String> {
        const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        loop {
            let mut raw = [0u8; 6];
            crate::crypto::random_bytes(&mut raw);
            let id: String = raw
                .iter()
                .map(|b| ALPHABET[(b & 31) as usize] as char)
                .collect();
            // Ids of deleted incidents stay taken (their tombstones keep them).
            let taken = tx
                .query_row("SELECT 1 FROM incidents WHERE id = ?1", [&id], |_| Ok(()))
                .optional()?
                .is_some();
            if !taken {
                return Ok(id);
            }
        }
    }

    /// Index an incident for search and tag filters. `previous` is the state that is
    /// indexed now (None for a new incident): its entries are removed first.
    pub(crate) fn index_incident(
        tx: &rusqlite::Transaction<'_>,
        rowid: i64,
        inc: &Incident,
        previous: Option<&Incident>,
    ) -> Result<()> {
        if let Some(p) = previous {
            Self::unindex_incident(tx, rowid, p)?;
            tx.execute(
                "DELETE FROM incident_tags WHERE incident_rowid = ?1",
                [rowid],
            )?;
        }
        let f = inc.search_fields();
        tx.execute(
            "INSERT INTO incident_fts(rowid, title, narrative, place, people, tags) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![rowid, f[0], f[1], f[2], f[3], f[4]],
        )?;
        Self::index_stems(tx, rowid, &f)?;
        for t in &inc.tags {
            tx.execute(
                "INSERT OR IGNORE INTO incident_tags(tag, incident_rowid) VALUES (?1, ?2)",
                params![t, rowid],
            )?;
        }
        Ok(())
    }

    /// Remove an incident's search entries. The index keeps no text, so FTS5 is given the
    /// text that was indexed (the incident's current state); with 'secure-delete' it removes
    /// the words from the index pages themselves, which secure_delete then overwrites.
    pub(crate) fn unindex_incident(
        tx: &rusqlite::Transaction<'_>,
        rowid: i64,
        inc: &Incident,
    ) -> Result<()> {
        let f = inc.search_fields();
        tx.execute(
            "INSERT INTO incident_fts(incident_fts, rowid, title, narrative, place, people, tags)
             VALUES ('delete', ?1, ?2, ?3, ?4, ?5, ?6)",
            params![rowid, f[0], f[1], f[2], f[3], f[4]],
        )?;
        if Self::has_stems(tx)? {
            tx.execute(
                "INSERT INTO incident_stems(incident_stems, rowid, terms) VALUES ('delete', ?1, ?2)",
                params![rowid, super::search::index_text(&f)],
            )?;
        }
        Ok(())
    }

    /// After a deletion: rewrite a word index into one segment if a leaf separator holds a
    /// prefix of a deleted word. FTS5 keeps, per leaf page of each segment, the shortest
    /// prefix of the leaf's first word that sorts after the previous leaf (`%_idx`), and
    /// 'secure-delete' removes a word from its leaf but not that separator, which goes only
    /// when the leaf empties — so someone with the passphrase could read the first letters
    /// of a deleted name. A separator is stale when no word still indexed starts with it.
    ///
    /// `deleted`: the texts just removed (tokenized here exactly as the index does, in an
    /// in-memory FTS5 table with the same tokenizer); only separators that are prefixes of
    /// their words are checked, so the cost is one read of `%_idx` (a few rows per leaf)
    /// plus a seek per candidate. `None` checks every separator (a seek per leaf: seconds
    /// at 100,000 incidents), done once per vault by [`Db::sweep_separators_once`].
    fn merge_if_separators_stale(
        tx: &Connection,
        table: &str,
        column: &str,
        tokenizer: &str,
        deleted: Option<&[&str]>,
    ) -> Result<()> {
        // In the connection's temporary schema (in memory: `temp_store` is MEMORY). The
        // 'instance' kind: its first row for a term is read at the start of the term's
        // entries ('row' would count all of a common word's documents first).
        tx.execute_batch(&format!(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.{table}_instances
             USING fts5vocab(main, {table}, 'instance')"
        ))?;
        let words: Option<Vec<Vec<u8>>> = match deleted {
            None => None,
            Some(texts) => {
                let tok = format!("{table}_tok");
                tx.execute_batch(&format!(
                    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.{tok} USING fts5(t, tokenize = '{tokenizer}');
                     CREATE VIRTUAL TABLE IF NOT EXISTS temp.{tok}_v USING fts5vocab(temp, {tok}, 'row');
                     DELETE FROM temp.{tok};"
                ))?;
                for t in texts {
                    tx.execute(&format!("INSERT INTO temp.{tok}(t) VALUES (?1)"), [t])?;
                }
                let mut st = tx.prepare(&format!("SELECT CAST(term AS BLOB) FROM temp.{tok}_v"))?;
                let w = st
                    .query_map([], |r| r.get::<_, Vec<u8>>(0))?
                    .collect::<std::result::Result<_, _>>()?;
                tx.execute_batch(&format!("DELETE FROM temp.{tok};"))?;
                Some(w)
            }
        };
        // Separators are byte strings (a prefix may end inside a UTF-8 sequence); the first
        // byte names the index (b'0': the main one); the first leaf's separator is empty.
        // Sorted and without repeats (segments share separators such as a common word's
        // first letters).
        let candidates: std::collections::BTreeSet<Vec<u8>> = {
            let mut st = tx.prepare(&format!(
                "SELECT term FROM {table}_idx WHERE length(term) > 1"
            ))?;
            let rows = st.query_map([], |r| r.get::<_, Vec<u8>>(0))?;
            let mut out = std::collections::BTreeSet::new();
            for r in rows {
                let sep = r?.split_off(1);
                if words
                    .as_ref()
                    .is_none_or(|ws| ws.iter().any(|w| w.starts_with(&sep)))
                {
                    out.insert(sep);
                }
            }
            out
        };
        // A word starting with `p` sorts in [p, p || 0xFF) (0xFF is never in UTF-8).
        let mut live = tx.prepare(&format!(
            "SELECT 1 FROM temp.{table}_instances
             WHERE term >= CAST(?1 AS TEXT) AND term < CAST(?2 AS TEXT) LIMIT 1"
        ))?;
        let mut stale = false;
        for sep in candidates {
            let mut end = sep.clone();
            end.push(0xff);
            if !live.exists(params![sep, end])? {
                stale = true;
                break;
            }
        }
        if stale {
            // 'optimize' does nothing to an index that is one segment already, and secure-delete
            // leaves it one segment: a placeholder row (rowid -1, the word "0", which sorts
            // first, so its own leaf has no separator) makes a second segment, the merge
            // rewrites both into one from the words present, and the placeholder goes again.
            tx.execute(
                &format!("INSERT INTO {table}(rowid, {column}) VALUES (-1, '0')"),
                [],
            )?;
            tx.execute(
                &format!("INSERT INTO {table}({table}) VALUES ('optimize')"),
                [],
            )?;
            tx.execute(
                &format!(
                    "INSERT INTO {table}({table}, rowid, {column}) VALUES ('delete', -1, '0')"
                ),
                [],
            )?;
        }
        Ok(())
    }

    /// Both word indexes after removing `fields` (an incident's search fields) from them.
    fn clear_stale_separators(tx: &Connection, fields: Option<&[String]>) -> Result<()> {
        let texts: Option<Vec<&str>> = fields.map(|f| f.iter().map(String::as_str).collect());
        Self::merge_if_separators_stale(
            tx,
            "incident_fts",
            "title",
            FTS_TOKENIZER,
            texts.as_deref(),
        )?;
        if Self::has_stems(tx)? {
            let terms = fields.map(super::search::index_text);
            Self::merge_if_separators_stale(
                tx,
                "incident_stems",
                "terms",
                STEMS_TOKENIZER,
                terms.as_ref().map(|t| vec![t.as_str()]).as_deref(),
            )?;
        }
        Ok(())
    }

    /// Vaults whose incidents were deleted before `delete` cleared separators: every
    /// separator is checked once (writable opens; `meta.separators_swept`).
    pub(super) fn sweep_separators_once(&mut self) -> Result<()> {
        if self.meta_get(SEPARATORS_SWEPT_KEY)?.is_some() {
            return Ok(());
        }
        let tx = self.begin()?;
        Self::clear_stale_separators(&tx, None)?;
        tx.execute(
            "INSERT INTO meta(key, value) VALUES (?1, ?2)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            params![SEPARATORS_SWEPT_KEY, b"1".as_slice()],
        )?;
        super::journal::mark_scrub_pending(&tx)?;
        tx.commit()?;
        self.destroyed()
    }

    /// Whether the stemmed index exists yet (it does after migration 4; an incident indexed
    /// while migrating to an earlier version is added to it by that migration).
    fn has_stems(tx: &Connection) -> Result<bool> {
        table_exists(tx, "incident_stems")
    }

    /// Call `f` with the rowid and current state of every live incident, one at a time (the
    /// index rebuilds of the migrations and of `restem_if_needed`).
    pub(super) fn for_each_live(
        tx: &rusqlite::Transaction<'_>,
        mut f: impl FnMut(i64, &Incident) -> Result<()>,
    ) -> Result<()> {
        let live: Vec<(i64, i64)> = {
            let mut st =
                tx.prepare("SELECT rowid, head_seq FROM incidents WHERE deleted_at IS NULL")?;
            let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<std::result::Result<_, _>>()?
        };
        for (rowid, head) in live {
            f(rowid, &parse_body(&Self::revision_at(tx, head)?)?)?;
        }
        Ok(())
    }

    fn index_stems(tx: &rusqlite::Transaction<'_>, rowid: i64, f: &[String]) -> Result<()> {
        if Self::has_stems(tx)? {
            tx.execute(
                "INSERT INTO incident_stems(rowid, terms) VALUES (?1, ?2)",
                params![rowid, super::search::index_text(f)],
            )?;
        }
        Ok(())
    }

    /// Add every live incident to the stemmed index (after the migration that created it).
    pub(super) fn reindex_stems(tx: &rusqlite::Transaction<'_>) -> Result<()> {
        Self::for_each_live(tx, |rowid, inc| {
            Self::index_stems(tx, rowid, &inc.search_fields())
        })?;
        tx.execute(
            "INSERT INTO meta(key, value) VALUES (?1, ?2)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            rusqlite::params![
                STEMS_VERSION_KEY,
                super::search::STEMS_VERSION.to_string().into_bytes()
            ],
        )?;
        Ok(())
    }

    /// Rebuild the stemmed index when it was made by another version of the stemming code
    /// (`search::STEMS_VERSION`): its terms could not be removed exactly any more. Every term
    /// goes (`delete-all`; `secure_delete` zeroes the freed pages, the journal is scrubbed
    /// after), then the live incidents are indexed again. Writable opens only.
    pub(super) fn restem_if_needed(&mut self) -> Result<()> {
        let want = super::search::STEMS_VERSION.to_string().into_bytes();
        if !Self::has_stems(&self.conn)?
            || self.meta_get(STEMS_VERSION_KEY)?.as_deref() == Some(&want[..])
        {
            return Ok(());
        }
        let tx = self.begin()?;
        tx.execute_batch("INSERT INTO incident_stems(incident_stems) VALUES ('delete-all')")?;
        super::received::restem_received(&tx)?;
        Self::reindex_stems(&tx)?;
        super::journal::mark_scrub_pending(&tx)?;
        tx.commit()?;
        self.destroyed()
    }

    /// Index every live incident (after the search index was replaced by a migration).
    pub(super) fn reindex_all(tx: &rusqlite::Transaction<'_>) -> Result<()> {
        Self::for_each_live(tx, |rowid, inc| Self::index_incident(tx, rowid, inc, None))
    }

    /// Add incidents (all or none) and return their ids.
    pub fn add(&mut self, inputs: Vec<IncidentInput>, now: &Zoned) -> Result<Vec<String>> {
        let tx = self.begin()?;
        let at = now_utc(now);
        let mut ids = vec![];
        for input in inputs {
            let id = Self::fresh_id(&tx)?;
            let known = |c: &str| {
                tx.query_row("SELECT 1 FROM categories WHERE id = ?1", [c], |_| Ok(()))
                    .optional()
                    .ok()
                    .flatten()
                    .is_some()
            };
            let inc = input.apply(None, &id, now, &known)?;
            let body = serde_json::to_string(&inc).expect("an incident always serialises");
            let rev = Self::append_revision(&tx, &id, Op::Add, &at, Some(body), ZERO_HASH)?;
            tx.execute(
                "INSERT INTO incidents(id, head_seq, occurred_start, occurred_end, recorded, category)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    id,
                    rev.seq as i64,
                    inc.occurred.start_ts().map(|t| t.as_second()),
                    inc.occurred.end_ts().map(|t| t.as_second()),
                    inc.recorded,
                    inc.category
                ],
            )?;
            let rowid = tx.last_insert_rowid();
            Self::note_span(&tx, &inc.occurred)?;
            Self::index_incident(&tx, rowid, &inc, None)?;
            Self::index_entities(&tx, rowid, Some(&inc))?;
            ids.push(id);
        }
        fail::fail_point!("db-add-before-commit", |_| Err(DbError::Busy));
        tx.commit()?;
        Ok(ids)
    }

    /// Keep `meta.max_span` (seconds) at least the longest `occurred` span ever stored, so
    /// that a date filter can be an index range scan (see `list`).
    fn note_span(tx: &Connection, o: &crate::dates::Occurred) -> Result<()> {
        if let (Some(s), Some(e)) = (o.start_ts(), o.end_ts()) {
            tx.execute(
                "INSERT INTO meta(key, value) VALUES ('max_span', ?1)
                 ON CONFLICT(key) DO UPDATE SET value = max(value, excluded.value)",
                [e.as_second() - s.as_second()],
            )?;
        }
        Ok(())
    }

    /// The longest span of any incident, in seconds (computed once for vaults that do not
    /// record it yet).
    fn max_span(&self) -> Result<Option<i64>> {
        let stored: Option<i64> = self
            .conn
            .query_row(
                "SELECT value FROM meta WHERE key = 'max_span' AND typeof(value) = 'integer'",
                [],
                |r| r.get(0),
            )
            .optional()?;
        if stored.is_some() {
            return Ok(stored);
        }
        let computed: Option<i64> = self.conn.query_row(
            "SELECT max(occurred_end - occurred_start) FROM incidents",
            [],
            |r| r.get(0),
        )?;
        if let Some(c) = computed {
            // Best effort: a read-only vault simply computes it again next time.
            let _ = self.conn.execute(
                "INSERT INTO meta(key, value) VALUES ('max_span', ?1)
                 ON CONFLICT(key) DO UPDATE SET value = max(value, excluded.value)",
                [c],
            );
        }
        Ok(computed)
    }

    pub(crate) fn incident_row(tx: &Connection, id: &str) -> Result<(i64, i64, Option<String>)> {
        tx.query_row(
            "SELECT rowid, head_seq, deleted_at FROM incidents WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?
        .ok_or_else(|| DbError::NotFound(id.to_owned()))
    }

    /// Normalise a user-typed id (case-insensitive, Crockford substitutions).
    pub fn normalise_id(id: &str) -> String {
        id.trim()
            .to_ascii_uppercase()
            .replace('O', "0")
            .replace(['I', 'L'], "1")
    }

    /// The current state of an incident.
    pub fn get(&self, id: &str) -> Result<Incident> {
        let id = Self::normalise_id(id);
        let (_, head, deleted) = Self::incident_row(&self.conn, &id)?;
        if deleted.is_some() {
            return Err(DbError::Deleted(id));
        }
        let rev = Self::revision_at(&self.conn, head)?;
        parse_body(&rev)
    }

    /// Amend an incident. Returns false (and writes nothing) if nothing changed.
    pub fn amend(&mut self, id: &str, input: IncidentInput, now: &Zoned) -> Result<bool> {
        let id = Self::normalise_id(id);
        let tx = self.begin()?;
        let (rowid, head, deleted) = Self::incident_row(&tx, &id)?;
        if deleted.is_some() {
            return Err(DbError::Deleted(id));
        }
        let head_rev = Self::revision_at(&tx, head)?;
        let current = parse_body(&head_rev)?;
        let known = |c: &str| {
            tx.query_row("SELECT 1 FROM categories WHERE id = ?1", [c], |_| Ok(()))
                .optional()
                .ok()
                .flatten()
                .is_some()
        };
        let updated = input.apply(Some(&current), &id, now, &known)?;
        if updated == current {
            return Ok(false);
        }
        let body = serde_json::to_string(&updated).expect("an incident always serialises");
        let rev = Self::append_revision(
            &tx,
            &id,
            Op::Amend,
            &now_utc(now),
            Some(body),
            head_rev.hash,
        )?;
        tx.execute(
            "UPDATE incidents SET head_seq = ?2, occurred_start = ?3, occurred_end = ?4, category = ?5 WHERE rowid = ?1",
            params![
                rowid,
                rev.seq as i64,
                updated.occurred.start_ts().map(|t| t.as_second()),
                updated.occurred.end_ts().map(|t| t.as_second()),
                updated.category
            ],
        )?;
        Self::note_span(&tx, &updated.occurred)?;
        Self::index_incident(&tx, rowid, &updated, Some(&current))?;
        Self::index_entities(&tx, rowid, Some(&updated))?;
        tx.commit()?;
        Ok(true)
    }

    /// Delete an incident: a tombstone revision; every body of the incident is destroyed
    /// (secure_delete overwrites the freed bytes), its search entries removed.
    pub fn delete(&mut self, id: &str, now: &Zoned) -> Result<()> {
        let id = Self::normalise_id(id);
        let tx = self.begin()?;
        let (rowid, head, deleted) = Self::incident_row(&tx, &id)?;
        if deleted.is_some() {
            return Err(DbError::Deleted(id));
        }
        let head_rev = Self::revision_at(&tx, head)?;
        let current = parse_body(&head_rev)?;
        let at = now_utc(now);
        // Every version's words, before the bodies go: a word an earlier amend took out of
        // the index may have left a leaf separator that only these bodies still explained.
        // (A body that does not parse — damage `check` reports — cannot be tokenized: then
        // every separator is checked.)
        let mut words: Option<Vec<String>> = Some(vec![]);
        {
            let mut st = tx.prepare(
                "SELECT body FROM revisions WHERE incident_id = ?1 AND body IS NOT NULL",
            )?;
            let bodies = st.query_map([&id], |r| r.get::<_, String>(0))?;
            for b in bodies {
                match serde_json::from_str::<Incident>(&b?) {
                    Ok(inc) => {
                        if let Some(w) = words.as_mut() {
                            w.extend(inc.search_fields());
                        }
                    }
                    Err(_) => words = None,
                }
            }
        }
        let rev = Self::append_revision(&tx, &id, Op::Delete, &at, None, head_rev.hash)?;
        tx.execute(
            "UPDATE revisions SET body = NULL WHERE incident_id = ?1",
            [&id],
        )?;
        tx.execute(
            "UPDATE incidents SET head_seq = ?2, deleted_at = ?3, occurred_start = NULL, occurred_end = NULL, category = '' WHERE rowid = ?1",
            params![rowid, rev.seq as i64, at],
        )?;
        Self::unindex_incident(&tx, rowid, &current)?;
        Self::clear_stale_separators(&tx, words.as_deref())?;
        tx.execute(
            "DELETE FROM incident_tags WHERE incident_rowid = ?1",
            [rowid],
        )?;
        Self::index_entities(&tx, rowid, None)?;
        // Its attachments go too: their keys with their rows (secure_delete overwrites the
        // freed pages), v1 bytes with their chunks; content files after the commit.
        let files = super::attachments::delete_for_incident(&tx, &id)?;
        // The journal now holds the destroyed pages: overwrite it after the commit.
        super::journal::mark_scrub_pending(&tx)?;
        fail::fail_point!("db-delete-before-commit", |_| Err(DbError::Busy));
        tx.commit()?;
        fail::fail_point!("db-delete-before-scrub", |_| Err(DbError::Busy));
        let scrubbed = self.destroyed();
        // Unreadable already (their keys are gone); removed even if the scrub failed.
        let removed = self.remove_content(&files);
        scrubbed.and(removed)
    }

    /// Incidents matching the filter, ordered by when they happened (unknown dates last).
    /// The SQL (`SELECT <columns> … WHERE … ORDER BY …`) and arguments selecting the live
    /// incidents that match `f`, in list order; None when the filter cannot match anything.
    /// Shared by `list` and `select_ids`, so both always select the same incidents.
    pub(crate) fn filter_sql(
        &self,
        columns_and_from: &str,
        f: &Filter,
    ) -> Result<Option<(String, Vec<rusqlite::types::Value>)>> {
        self.filter_sql_with(columns_and_from, f, false)
    }

    /// [`Db::filter_sql`]; with `substring`, the query adds no index condition (the caller
    /// checks each incident's text: the fallback of `list`).
    fn filter_sql_with(
        &self,
        columns_and_from: &str,
        f: &Filter,
        substring: bool,
    ) -> Result<Option<(String, Vec<rusqlite::types::Value>)>> {
        self.filter_sql_in(
            &super::received::OWN,
            &format!("{columns_and_from} WHERE"),
            f,
            substring,
        )
    }

    /// The one filter builder, for the vault's own incidents and for the received ones
    /// (`super::received`): `select_where` ends in `WHERE` (or `… AND`). With `substring`,
    /// the query adds no index condition (the caller checks each incident's text: the
    /// fallback when the index found nothing).
    pub(crate) fn filter_sql_in(
        &self,
        t: &super::received::Tables,
        select_where: &str,
        f: &Filter,
        substring: bool,
    ) -> Result<Option<(String, Vec<rusqlite::types::Value>)>> {
        let mut sql = format!("{select_where} {}", t.live);
        let mut args: Vec<rusqlite::types::Value> = vec![];
        if let Some(s) = f.since {
            sql.push_str(" AND i.occurred_end >= ?");
            args.push(s.into());
            // No incident is longer than the longest span, so its start is at most that far
            // before `since`: this bound turns the overlap test into an index range scan.
            let span = if t.table == super::received::OWN.table {
                self.max_span()?
            } else {
                self.conn.query_row(
                    &format!("SELECT max(occurred_end - occurred_start) FROM {}", t.table),
                    [],
                    |r| r.get(0),
                )?
            };
            if let Some(ms) = span {
                sql.push_str(" AND i.occurred_start >= ?");
                args.push(s.saturating_sub(ms).into());
            }
        }
        if let Some(u) = f.until {
            sql.push_str(" AND i.occurred_start <= ?");
            args.push(u.into());
        }
        if let Some(c) = &f.category {
            sql.push_str(" AND i.category = ?");
            args.push(incident::normalise_category(c).into());
        }
        if let Some(tag) = &f.tag {
            sql.push_str(&format!(
                " AND i.rowid IN (SELECT {} FROM {} WHERE tag = ?)",
                t.tag_row, t.tags
            ));
            args.push(incident::normalise_tag(tag).into());
        }
        if let Some(q) = &f.query {
            let m = super::search::stem_query(q);
            if m.is_empty() {
                return Ok(None);
            }
            if substring {
                // The fallback: no index condition; the caller checks each incident's text.
            } else if Self::has_stems(&self.conn)? {
                sql.push_str(&format!(
                    " AND i.rowid IN (SELECT rowid FROM {0} WHERE {0} MATCH ?)",
                    t.stems
                ));
                args.push(m.into());
            } else {
                // A database opened read-only before its migration: the word index only.
                sql.push_str(&format!(
                    " AND i.rowid IN (SELECT rowid FROM {0} WHERE {0} MATCH ?)",
                    t.fts
                ));
                args.push(fts_query(q).into());
            }
        }
        for e in &f.entities {
            if e.key.is_empty() {
                return Ok(None);
            }
            let (clause, a) =
                super::entities::filter_clause(t.entities, t.entity_row, e.kind, &e.key);
            sql.push_str(&clause);
            args.extend(a);
        }
        if !f.ids.is_empty() {
            sql.push_str(&format!(" AND {} IN (", t.id));
            for (n, id) in f.ids.iter().enumerate() {
                sql.push_str(if n == 0 { "?" } else { ",?" });
                args.push(Self::normalise_id(id).into());
            }
            sql.push(')');
        }
        sql.push_str(&format!(
            " ORDER BY i.occurred_start IS NULL, i.occurred_start, i.recorded, {}",
            t.id
        ));
        Ok(Some((sql, args)))
    }

    /// Incidents matching the filter. With a query: by the stemmed index first, then, when
    /// that finds nothing, by a substring scan of the live incidents that match the other
    /// conditions (so `ция` still finds «милиция»; slower, and only then).
    pub fn list(&self, f: &Filter) -> Result<Vec<Incident>> {
        let found = self.list_once(f, false)?;
        match &f.query {
            Some(q) if found.is_empty() => Ok(self
                .list_once(f, true)?
                .into_iter()
                .filter(|i| super::search::matches_substring(&i.search_fields(), q))
                .collect()),
            _ => Ok(found),
        }
    }

    fn list_once(&self, f: &Filter, substring: bool) -> Result<Vec<Incident>> {
        let Some((sql, args)) = self.filter_sql_with(
            "SELECT r.seq, r.incident_id, r.op, r.at, r.body, r.body_hash, r.incident_prev, r.prev_hash, r.hash
             FROM incidents i JOIN revisions r ON r.seq = i.head_seq",
            f,
            substring,
        )?
        else {
            return Ok(vec![]);
        };
        let mut st = self.conn.prepare(&sql)?;
        let rows = st.query_map(rusqlite::params_from_iter(args), row_to_revision)?;
        let mut out = vec![];
        for r in rows {
            out.push(parse_body(&r??)?);
        }
        Ok(out)
    }

    pub fn tombstones(&self) -> Result<Vec<Tombstone>> {
        let mut st = self.conn.prepare(
            "SELECT id, recorded, deleted_at FROM incidents WHERE deleted_at IS NOT NULL ORDER BY deleted_at",
        )?;
        let rows = st.query_map([], |r| {
            Ok(Tombstone {
                id: r.get(0)?,
                recorded: r.get(1)?,
                deleted_at: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    /// Every revision of one incident, oldest first (deleted incidents included).
    pub fn history(&self, id: &str) -> Result<Vec<Revision>> {
        let id = Self::normalise_id(id);
        Self::incident_row(&self.conn, &id)?;
        let mut st = self.conn.prepare(
            "SELECT seq, incident_id, op, at, body, body_hash, incident_prev, prev_hash, hash
             FROM revisions WHERE incident_id = ?1 ORDER BY seq",
        )?;
        let rows = st.query_map([&id], row_to_revision)?;
        let mut out = vec![];
        for r in rows {
            out.push(r??);
        }
        Ok(out)
    }

    pub fn count(&self) -> Result<(u64, u64)> {
        Ok(self.conn.query_row(
            "SELECT count(*) FILTER (WHERE deleted_at IS NULL), count(*) FILTER (WHERE deleted_at IS NOT NULL) FROM incidents",
            [],
            |r| Ok((r.get::<_, i64>(0)? as u64, r.get::<_, i64>(1)? as u64)),
        )?)
    }
}

type RowRevision = std::result::Result<Revision, DbError>;

pub(super) fn row_to_revision(r: &rusqlite::Row<'_>) -> rusqlite::Result<RowRevision> {
    let op: String = r.get(2)?;
    let bh: Vec<u8> = r.get(5)?;
    let ip: Vec<u8> = r.get(6)?;
    let ph: Vec<u8> = r.get(7)?;
    let h: Vec<u8> = r.get(8)?;
    let build = || -> RowRevision {
        Ok(Revision {
            seq: r.get::<_, i64>(0)? as u64,
            incident_id: r.get(1)?,
            op: Op::parse(&op).ok_or(DbError::Damaged)?,
            at: r.get(3)?,
            body: r.get(4)?,
            body_hash: to32(&bh)?,
            incident_prev: to32(&ip)?,
            prev_hash: to32(&ph)?,
            hash: to32(&h)?,
        })
    };
    Ok(build())
}

/// The incident stored in a revision's body, checked against the body hash.
pub fn parse_body(rev: &Revision) -> Result<Incident> {
    let body = rev
        .body
        .as_deref()
        .ok_or_else(|| DbError::Deleted(rev.incident_id.clone()))?;
    if crate::crypto::sha256(body.as_bytes()) != rev.body_hash {
        return Err(DbError::Damaged);
    }
    serde_json::from_str(body).map_err(|_| DbError::Damaged)
}

/// Turn what the user typed into an FTS5 query: every word must match, as a prefix.
/// Words are quoted, so FTS5 operators in the input are taken literally.
pub fn fts_query(q: &str) -> String {
    q.split_whitespace()
        .map(|w| w.replace('"', "\"\""))
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .map(|w| format!("\"{w}\"*"))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::secret::DataKey;
    use crate::vault::db::Mode;

    fn now() -> Zoned {
        "2026-11-28T12:00:00+06:00[+06:00]".parse().unwrap()
    }

    fn db() -> (tempfile::TempDir, Db) {
        let d = tempfile::tempdir().unwrap();
        let db = Db::open(&d.path().join("db"), &DataKey::generate(), Mode::Create).unwrap();
        (d, db)
    }

    fn input(json: &str) -> IncidentInput {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn file_is_encrypted_and_wrong_key_is_refused() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("db");
        let k = DataKey::generate();
        let mut db = Db::open(&p, &k, Mode::Create).unwrap();
        db.add(
            vec![input(
                r#"{"title":"CANARY-TITLE","occurred":"2026-11-27 10:00","category":"followed"}"#,
            )],
            &now(),
        )
        .unwrap();
        drop(db);
        let raw = std::fs::read(&p).unwrap();
        assert!(!raw.starts_with(b"SQLite format 3"));
        assert!(!raw.windows(12).any(|w| w == b"CANARY-TITLE"));
        assert!(matches!(
            Db::open(&p, &DataKey::generate(), Mode::ReadWrite),
            Err(DbError::Damaged)
        ));
        assert!(Db::open(&p, &k, Mode::ReadOnly).is_ok());
    }

    #[test]
    fn add_amend_delete_and_chain() {
        let (_d, mut db) = db();
        let ids = db
            .add(vec![
                input(r#"{"title":"Ак машина","occurred":"2026-11-27 15:00","category":"followed","narrative":"Токтогул көчөсүндө"}"#),
                input(r#"{"title":"Second","occurred":"2026-11-20","category":"raid","tags":["office"]}"#),
            ], &now())
            .unwrap();
        assert_eq!(ids.len(), 2);
        assert!(db
            .amend(&ids[0], input(r#"{"narrative":"Жаңы текст"}"#), &now())
            .unwrap());
        assert!(!db
            .amend(&ids[0], input(r#"{"narrative":"Жаңы текст"}"#), &now())
            .unwrap());
        db.delete(&ids[1], &now()).unwrap();
        assert!(matches!(db.get(&ids[1]), Err(DbError::Deleted(_))));
        let h = db.history(&ids[1]).unwrap();
        assert_eq!(h.len(), 2);
        assert!(h.iter().all(|r| r.body.is_none()));
        assert_eq!(h[1].op, Op::Delete);
        assert_eq!(
            db.check().unwrap(),
            Vec::<crate::vault::db::check::CheckProblem>::new()
        );
        assert_eq!(db.count().unwrap(), (1, 1));
        assert_eq!(db.tombstones().unwrap()[0].id, ids[1]);
    }

    #[test]
    fn cyrillic_search_is_case_insensitive() {
        let (_d, mut db) = db();
        let ids = db
            .add(vec![input(r#"{"title":"Көчөдө","occurred":"2026-11-27","category":"followed","narrative":"Токтогул жана Ңоо үйү, Өзгөн"}"#)], &now())
            .unwrap();
        for q in [
            "ТОКТОГУЛ",
            "токтогул",
            "Токтог",
            "ӨЗГӨН",
            "ңоо",
            "ҮЙҮ",
            "көчөдө",
        ] {
            let f = Filter {
                query: Some(q.into()),
                ..Default::default()
            };
            let r = db.list(&f).unwrap();
            assert_eq!(r.len(), 1, "query {q}");
            assert_eq!(r[0].id, ids[0]);
        }
        let f = Filter {
            query: Some("Бишкек".into()),
            ..Default::default()
        };
        assert!(db.list(&f).unwrap().is_empty());
        // FTS syntax in the input is taken literally, not as operators.
        let f = Filter {
            query: Some("\"NEAR( OR".into()),
            ..Default::default()
        };
        assert!(db.list(&f).unwrap().is_empty());
    }

    #[test]
    fn date_filters_find_long_spans_that_started_earlier() {
        let (_d, mut db) = db();
        let full = |start: &str, end: &str| {
            input(&format!(
                r#"{{"title":"t","occurred":{{"text":"x","precision":"range","start":"{start}","end":"{end}"}},"category":"raid"}}"#
            ))
        };
        db.add(
            vec![full(
                "2026-09-01T00:00:00+06:00",
                "2026-10-30T00:00:00+06:00",
            )],
            &now(),
        )
        .unwrap();
        db.add(
            vec![full(
                "2026-10-20T10:00:00+06:00",
                "2026-10-20T11:00:00+06:00",
            )],
            &now(),
        )
        .unwrap();
        db.add(
            vec![full(
                "2026-08-01T10:00:00+06:00",
                "2026-08-01T11:00:00+06:00",
            )],
            &now(),
        )
        .unwrap();
        let ts = |s: &str| s.parse::<jiff::Timestamp>().unwrap().as_second();
        let f = Filter {
            since: Some(ts("2026-10-20T00:00:00Z")),
            until: Some(ts("2026-10-21T00:00:00Z")),
            ..Default::default()
        };
        assert_eq!(
            db.list(&f).unwrap().len(),
            2,
            "the two-month range and the one-hour incident"
        );
        // A vault that has no recorded maximum yet computes it.
        db.conn
            .execute("DELETE FROM meta WHERE key = 'max_span'", [])
            .unwrap();
        assert_eq!(db.list(&f).unwrap().len(), 2);
    }

    #[test]
    fn filters() {
        let (_d, mut db) = db();
        db.add(vec![
            input(r#"{"title":"a","occurred":"2026-10-01 10:00","category":"followed","tags":["Bishkek"]}"#),
            input(r#"{"title":"b","occurred":"2026-11-01 10:00","category":"raid","tags":["Osh"]}"#),
        ], &now())
        .unwrap();
        let since = "2026-10-15T00:00:00Z"
            .parse::<jiff::Timestamp>()
            .unwrap()
            .as_second();
        let r = db
            .list(&Filter {
                since: Some(since),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(
            r.iter().map(|i| i.title.as_str()).collect::<Vec<_>>(),
            ["b"]
        );
        let r = db
            .list(&Filter {
                until: Some(since),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(
            r.iter().map(|i| i.title.as_str()).collect::<Vec<_>>(),
            ["a"]
        );
        let r = db
            .list(&Filter {
                tag: Some("bishkek".into()),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(r[0].title, "a");
        let r = db
            .list(&Filter {
                category: Some("Raid".into()),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(r[0].title, "b");
    }

    /// The separators of the word indexes' leaf pages (FTS5's `%_idx`: per leaf, the
    /// shortest prefix of its first word that sorts after the previous leaf) that are a
    /// prefix of no word still in the index: what an examiner with the passphrase reads of
    /// deleted words there (`SELECT term FROM incident_fts_idx`).
    fn stale_separators(db: &Db, table: &str) -> Vec<Vec<u8>> {
        db.conn
            .execute_batch(&format!(
                "CREATE VIRTUAL TABLE IF NOT EXISTS temp.{table}_v
                 USING fts5vocab(main, {table}, 'row')"
            ))
            .unwrap();
        let live: Vec<Vec<u8>> = db
            .conn
            .prepare(&format!("SELECT CAST(term AS BLOB) FROM temp.{table}_v"))
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        let seps: Vec<Vec<u8>> = db
            .conn
            .prepare(&format!("SELECT term FROM {table}_idx"))
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        seps.into_iter()
            // The first byte says which index (b'0': the main one); the first leaf's is empty.
            .map(|t: Vec<u8>| t.get(1..).unwrap_or_default().to_vec())
            .filter(|t| !t.is_empty() && !live.iter().any(|w| w.starts_with(t)))
            .collect()
    }

    /// The attack: with the passphrase, read the leaf separators of both word indexes after
    /// deleting a quarter of 1,200 incidents named with rare words (names, places): no
    /// separator may be a prefix of a deleted word only. (Without the merge in `delete`, 4
    /// separators of `incident_fts` and 3 of `incident_stems` were; they stay until their
    /// leaf empties.)
    #[test]
    fn deleted_words_leave_no_leaf_separators() {
        let d = tempfile::tempdir().unwrap();
        let (path, key) = (d.path().join("db"), DataKey::generate());
        let mut db = Db::open(&path, &key, Mode::Create).unwrap();
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut word = || {
            (0..9)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    char::from(b'a' + (seed % 26) as u8)
                })
                .collect::<String>()
        };
        let mut ids = vec![];
        for _ in 0..2 {
            let batch: Vec<IncidentInput> = (0..600)
                .map(|_| {
                    let narrative = (0..6).map(|_| word()).collect::<Vec<_>>().join(" ");
                    serde_json::from_value(serde_json::json!({
                        "title": word(), "occurred": "2026-11-27", "category": "other",
                        "narrative": narrative
                    }))
                    .unwrap()
                })
                .collect();
            ids.extend(db.add(batch, &now()).unwrap());
        }
        for table in ["incident_fts", "incident_stems"] {
            assert!(stale_separators(&db, table).is_empty(), "{table} before");
        }
        // Half of the doomed incidents are amended first: the words the amend takes out of
        // the index are explained by the old revision's body until the delete clears it.
        for (i, id) in ids.iter().step_by(4).enumerate() {
            if i % 2 == 0 {
                let narrative = (0..6).map(|_| word()).collect::<Vec<_>>().join(" ");
                let change = serde_json::json!({"title": word(), "narrative": narrative});
                db.amend(id, serde_json::from_value(change).unwrap(), &now())
                    .unwrap();
            }
            db.delete(id, &now()).unwrap();
        }
        for table in ["incident_fts", "incident_stems"] {
            let stale = stale_separators(&db, table);
            assert!(
                stale.is_empty(),
                "{table}: {} separators are prefixes of deleted words only, e.g. {:?}",
                stale.len(),
                String::from_utf8_lossy(&stale[0])
            );
        }
        // The live words are all still found.
        let live = db.get(&ids[1]).unwrap();
        let hits = db
            .list(&Filter {
                query: Some(live.title.clone()),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(hits.len(), 1);

        // A vault whose incidents were deleted by an earlier version (index entries removed,
        // separators left): the first writable open checks every separator once.
        {
            let tx = db.begin().unwrap();
            for id in ids.iter().skip(1).step_by(4) {
                let (rowid, head, _) = Db::incident_row(&tx, id).unwrap();
                let inc = parse_body(&Db::revision_at(&tx, head).unwrap()).unwrap();
                Db::unindex_incident(&tx, rowid, &inc).unwrap();
            }
            tx.execute("DELETE FROM meta WHERE key = ?1", [SEPARATORS_SWEPT_KEY])
                .unwrap();
            tx.commit().unwrap();
        }
        let planted: usize = ["incident_fts", "incident_stems"]
            .iter()
            .map(|t| stale_separators(&db, t).len())
            .sum();
        assert!(
            planted > 0,
            "the earlier version's deletions left separators"
        );
        drop(db);
        let db = Db::open(&path, &key, Mode::ReadWrite).unwrap();
        for table in ["incident_fts", "incident_stems"] {
            assert!(
                stale_separators(&db, table).is_empty(),
                "{table} after the sweep"
            );
        }
        assert!(db.meta_get(SEPARATORS_SWEPT_KEY).unwrap().is_some());
    }

    /// The tokenizers the separator check uses are those of the indexes.
    #[test]
    fn separator_check_tokenizes_as_the_indexes() {
        let d = tempfile::tempdir().unwrap();
        let db = Db::open(&d.path().join("db"), &DataKey::generate(), Mode::Create).unwrap();
        for (table, tokenizer) in [
            ("incident_fts", FTS_TOKENIZER),
            ("incident_stems", STEMS_TOKENIZER),
        ] {
            let sql: String = db
                .conn
                .query_row(
                    "SELECT sql FROM sqlite_master WHERE name = ?1",
                    [table],
                    |r| r.get(0),
                )
                .unwrap();
            assert!(sql.contains(&format!("tokenize = '{tokenizer}'")), "{sql}");
        }
    }

    /// Terms made by another version of the stemming code cannot be removed by recomputing
    /// them: a writable open with an older `stems_version` rebuilds the index, and the
    /// stale terms (here one planted as an old stemmer would have left it) are gone.
    #[test]
    fn an_index_from_older_stems_is_rebuilt_at_open() {
        let d = tempfile::tempdir().unwrap();
        let path = d.path().join("db");
        let key = DataKey::generate();
        let mut db = Db::open(&path, &key, Mode::Create).unwrap();
        let input = serde_json::json!({"title": "карта", "occurred": "2026-11-27",
            "category": "other", "narrative": "стоял у дома"});
        let ids = db
            .add(vec![serde_json::from_value(input).unwrap()], &now())
            .unwrap();
        let terms = |db: &Db| -> Vec<String> {
            db.conn
                .execute_batch(
                    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.stem_vocab
                     USING fts5vocab(main, incident_stems, 'row')",
                )
                .unwrap();
            let mut st = db.conn.prepare("SELECT term FROM temp.stem_vocab").unwrap();
            let rows = st.query_map([], |r| r.get::<_, String>(0)).unwrap();
            rows.map(|r| r.unwrap()).collect()
        };
        assert!(!terms(&db).contains(&"кар".to_owned()));
        // What the first Kyrgyz stemmer indexed for "карта": "кар", and version 1.
        db.conn
            .execute(
                "INSERT INTO incident_stems(rowid, terms) VALUES \
                 ((SELECT rowid FROM incidents WHERE id = ?1), 'кар')",
                [&ids[0]],
            )
            .unwrap();
        db.meta_set(STEMS_VERSION_KEY, b"1").unwrap();
        assert!(terms(&db).contains(&"кар".to_owned()));
        drop(db);
        let db = Db::open(&path, &key, Mode::ReadWrite).unwrap();
        let now_terms = terms(&db);
        assert!(!now_terms.contains(&"кар".to_owned()), "{now_terms:?}");
        assert!(now_terms.contains(&"карта".to_owned()), "{now_terms:?}");
        assert_eq!(
            db.meta_get(STEMS_VERSION_KEY).unwrap().unwrap(),
            super::super::search::STEMS_VERSION.to_string().into_bytes()
        );
    }
}
