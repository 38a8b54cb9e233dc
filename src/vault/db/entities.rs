//! The entity index: which incidents name which people, organisations, places and vehicles
//! (`model::entities`), kept up to date inside the same transactions as the incident writes
//! (add, amend, delete), so `sandyk entities` and the entity filters of `list` are index
//! lookups, not scans of the incidents.
//!
//! Table `entity_index (kind, key, display, incident_rowid, occurred_start)`, one row per
//! entity per live incident; see `docs/incident-model.md` ("Entities").

use rusqlite::{params, Connection};

use super::{incidents::parse_body, Db, Result};
use crate::model::entities::{self, Kind};
use crate::model::incident::Incident;

/// The migration that creates the index; `migrate` fills it for the live incidents when it
/// applies this entry (identified by its text, so its position in `MIGRATIONS` is free).
pub(crate) const ENTITY_MIGRATION: &str = r#"
    CREATE TABLE entity_index (
        kind TEXT NOT NULL,
        key TEXT NOT NULL,
        display TEXT NOT NULL,
        incident_rowid INTEGER NOT NULL,
        occurred_start INTEGER,
        PRIMARY KEY (kind, key, incident_rowid)
    ) WITHOUT ROWID;
    CREATE INDEX entity_index_by_incident ON entity_index(incident_rowid);
    CREATE INDEX entity_index_by_key ON entity_index(key);
"#;

/// One entity across the vault: how many live incidents name it, first and last seen
/// (the earliest and latest `occurred` start, Unix seconds; None when no incident naming it
/// has a known date).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct EntitySummary {
    pub kind: &'static str,
    pub key: String,
    pub display: String,
    pub incidents: u64,
    pub first_seen: Option<i64>,
    pub last_seen: Option<i64>,
}

fn summary(
    r: &rusqlite::Row<'_>,
) -> rusqlite::Result<(String, String, String, i64, Option<i64>, Option<i64>)> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
    ))
}

fn to_summary(
    (kind, key, display, n, first, last): (String, String, String, i64, Option<i64>, Option<i64>),
) -> Option<EntitySummary> {
    Some(EntitySummary {
        kind: Kind::parse(&kind)?.as_str(),
        key,
        display,
        incidents: n as u64,
        first_seen: first,
        last_seen: last,
    })
}

impl Db {
    /// Replace an incident's rows in the entity index with those of `inc` (None: remove).
    pub(crate) fn index_entities(
        tx: &Connection,
        rowid: i64,
        inc: Option<&Incident>,
    ) -> Result<()> {
        tx.execute(
            "DELETE FROM entity_index WHERE incident_rowid = ?1",
            [rowid],
        )?;
        let Some(inc) = inc else { return Ok(()) };
        let start = inc.occurred.start_ts().map(|t| t.as_second());
        let mut st = tx.prepare_cached(
            "INSERT OR IGNORE INTO entity_index(kind, key, display, incident_rowid, occurred_start)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for e in entities::extract(inc) {
            st.execute(params![e.kind.as_str(), e.key, e.display, rowid, start])?;
        }
        Ok(())
    }

    /// Fill the entity index for every live incident (the migration that creates it).
    pub(super) fn reindex_entities(tx: &rusqlite::Transaction<'_>) -> Result<()> {
        let live: Vec<(i64, i64)> = {
            let mut st =
                tx.prepare("SELECT rowid, head_seq FROM incidents WHERE deleted_at IS NULL")?;
            let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<std::result::Result<_, _>>()?
        };
        for (rowid, head) in live {
            let inc = parse_body(&Self::revision_at(tx, head)?)?;
            Self::index_entities(tx, rowid, Some(&inc))?;
        }
        Ok(())
    }

    /// Every entity (of one kind, or all), with its incident count and first and last seen;
    /// most incidents first, then by kind and key.
    pub fn entities(&self, kind: Option<Kind>) -> Result<Vec<EntitySummary>> {
        let sql =
            "SELECT kind, key, min(display), count(*), min(occurred_start), max(occurred_start)
                   FROM entity_index WHERE (?1 IS NULL OR kind = ?1) GROUP BY kind, key
                   ORDER BY count(*) DESC, kind, key";
        let mut st = self.conn.prepare(sql)?;
        let rows = st.query_map([kind.map(Kind::as_str)], summary)?;
        let mut out = vec![];
        for r in rows {
            out.extend(to_summary(r?));
        }
        Ok(out)
    }

    /// The entities a typed name may mean: those whose key equals the name folded for its
    /// kind; if there are none, those whose key contains the folded name (at most `limit`).
    pub fn entity_candidates(
        &self,
        name: &str,
        kind: Option<Kind>,
        limit: usize,
    ) -> Result<Vec<EntitySummary>> {
        let kinds: Vec<Kind> = match kind {
            Some(k) => vec![k],
            None => Kind::ALL.to_vec(),
        };
        let mut exact = vec![];
        let mut st = self.conn.prepare_cached(
            "SELECT kind, key, min(display), count(*), min(occurred_start), max(occurred_start)
             FROM entity_index WHERE kind = ?1 AND key = ?2 GROUP BY kind, key",
        )?;
        for k in &kinds {
            let key = k.key_of(name);
            if key.is_empty() {
                continue;
            }
            for r in st.query_map(params![k.as_str(), key], summary)? {
                exact.extend(to_summary(r?));
            }
        }
        if !exact.is_empty() {
            return Ok(exact);
        }
        let folded = entities::fold_name(name);
        if folded.is_empty() {
            return Ok(vec![]);
        }
        // Vehicle keys are upper-case canonical plates; match them on the upper-case form.
        let mut st = self.conn.prepare(
            "SELECT kind, key, min(display), count(*), min(occurred_start), max(occurred_start)
             FROM entity_index
             WHERE (?1 IS NULL OR kind = ?1)
               AND (instr(key, ?2) > 0 OR (kind = 'vehicle' AND instr(key, ?3) > 0))
             GROUP BY kind, key ORDER BY count(*) DESC, kind, key LIMIT ?4",
        )?;
        let upper: String = folded
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .flat_map(char::to_uppercase)
            .collect();
        let rows = st.query_map(
            params![kind.map(Kind::as_str), folded, upper, limit as i64],
            summary,
        )?;
        let mut out = vec![];
        for r in rows {
            out.extend(to_summary(r?));
        }
        Ok(out)
    }
}

/// The SQL condition (on `incidents i`) and argument selecting incidents that name an
/// entity of `kind` whose key is `key` (kind None: any kind).
pub(super) fn filter_clause(
    kind: Option<Kind>,
    key: &str,
) -> (String, Vec<rusqlite::types::Value>) {
    match kind {
        Some(k) => (
            " AND i.rowid IN (SELECT incident_rowid FROM entity_index WHERE kind = ? AND key = ?)"
                .into(),
            vec![k.as_str().to_owned().into(), key.to_owned().into()],
        ),
        None => (
            " AND i.rowid IN (SELECT incident_rowid FROM entity_index WHERE key = ?)".into(),
            vec![key.to_owned().into()],
        ),
    }
}
