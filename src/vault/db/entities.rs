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

/// A summary row: kind, key, display, count, first, last.
type SummaryRow = (String, String, String, i64, Option<i64>, Option<i64>);

fn summary(r: &rusqlite::Row<'_>) -> rusqlite::Result<SummaryRow> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
    ))
}

fn to_summary((kind, key, display, n, first, last): SummaryRow) -> Option<EntitySummary> {
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
        let upper = entities::fold_plate_part(&folded);
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
    table: &str,
    row: &str,
    kind: Option<Kind>,
    key: &str,
) -> (String, Vec<rusqlite::types::Value>) {
    match kind {
        Some(k) => (
            format!(" AND i.rowid IN (SELECT {row} FROM {table} WHERE kind = ? AND key = ?)"),
            vec![k.as_str().to_owned().into(), key.to_owned().into()],
        ),
        None => (
            format!(" AND i.rowid IN (SELECT {row} FROM {table} WHERE key = ?)"),
            vec![key.to_owned().into()],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::secret::DataKey;
    use crate::model::incident::IncidentInput;
    use crate::vault::db::{EntityFilter, Filter, Mode};
    use jiff::Zoned;

    fn now() -> Zoned {
        "2026-11-28T12:00:00+06:00[+06:00]".parse().unwrap()
    }

    fn input(v: serde_json::Value) -> IncidentInput {
        serde_json::from_value(v).unwrap()
    }

    fn seed(db: &mut Db) -> Vec<String> {
        db.add(
            vec![
                input(serde_json::json!({
                    "title": "Серая Лада", "occurred": "2026-11-20 10:00", "category": "followed",
                    "location": "Бишкек, Токтогул көчөсү",
                    "narrative": "Машина 01KG 123ABC стояла у офиса.",
                    "perpetrators": [{"description": "Двое в штатском", "agency": "ГКНБ"}],
                    "witnesses": ["Семён"]
                })),
                input(serde_json::json!({
                    "title": "Again", "occurred": "2026-11-25 18:00", "category": "followed",
                    "location": "бишкек,  токтогул КӨЧӨСҮ",
                    "perpetrators": [{"description": "двое в штатском", "vehicles": ["01 123 АВС"]}],
                    "witnesses": ["семен"], "victims": ["Айгүл"]
                })),
                input(serde_json::json!({
                    "title": "Nothing named", "occurred": "2026-11-26", "category": "other"
                })),
            ],
            &now(),
        )
        .unwrap()
    }

    fn ids_for(db: &Db, kind: Kind, name: &str) -> Vec<String> {
        db.list(&Filter {
            entities: vec![EntityFilter::typed(kind, name)],
            ..Default::default()
        })
        .unwrap()
        .into_iter()
        .map(|i| i.id)
        .collect()
    }

    #[test]
    fn index_follows_add_amend_delete() {
        let d = tempfile::tempdir().unwrap();
        let mut db = Db::open(&d.path().join("db"), &DataKey::generate(), Mode::Create).unwrap();
        assert!(db.entities(None).unwrap().is_empty(), "empty vault");
        let ids = seed(&mut db);
        let all = db.entities(None).unwrap();
        let plate = all.iter().find(|e| e.kind == "vehicle").unwrap();
        assert_eq!((plate.key.as_str(), plate.incidents), ("01KG123ABC", 2));
        assert!(plate.first_seen < plate.last_seen);
        let place = all.iter().find(|e| e.kind == "place").unwrap();
        assert_eq!(place.incidents, 2);
        assert_eq!(db.entities(Some(Kind::Victim)).unwrap().len(), 1);
        assert_eq!(ids_for(&db, Kind::Vehicle, "01kg-123-abc"), ids[..2]);
        assert_eq!(ids_for(&db, Kind::Witness, "СЕМЁН"), ids[..2]);
        assert_eq!(ids_for(&db, Kind::Perpetrator, "ДВОЕ В ШТАТСКОМ"), ids[..2]);
        assert!(ids_for(&db, Kind::Vehicle, "02KG123ABC").is_empty());

        // Amend: the plate leaves the first incident's narrative.
        db.amend(
            &ids[0],
            input(serde_json::json!({"narrative": "Нет номера."})),
            &now(),
        )
        .unwrap();
        assert_eq!(ids_for(&db, Kind::Vehicle, "01KG123ABC"), ids[1..2]);
        // Delete: every row of the incident goes.
        db.delete(&ids[1], &now()).unwrap();
        assert!(ids_for(&db, Kind::Vehicle, "01KG123ABC").is_empty());
        assert!(db.entities(Some(Kind::Vehicle)).unwrap().is_empty());
        assert_eq!(db.entities(Some(Kind::Witness)).unwrap()[0].incidents, 1);
        let rows: i64 = db
            .conn
            .query_row(
                "SELECT count(*) FROM entity_index WHERE incident_rowid NOT IN (SELECT rowid FROM incidents WHERE deleted_at IS NULL)",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(rows, 0, "no row of a deleted incident is left");
    }

    #[test]
    fn candidates_exact_then_contained() {
        let d = tempfile::tempdir().unwrap();
        let mut db = Db::open(&d.path().join("db"), &DataKey::generate(), Mode::Create).unwrap();
        seed(&mut db);
        // Exact (folded): the same key as witness in both incidents.
        let c = db.entity_candidates("семён", None, 10).unwrap();
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].incidents, 2);
        // A plate typed in another form.
        let c = db.entity_candidates("01 кг 123 авс", None, 10).unwrap();
        assert_eq!(c[0].key, "01KG123ABC");
        // Part of a plate, part of a place.
        assert_eq!(db.entity_candidates("123ab", None, 10).unwrap().len(), 1);
        assert_eq!(db.entity_candidates("токтогул", None, 10).unwrap().len(), 1);
        // Contained in several: all are candidates.
        assert!(db.entity_candidates("в", None, 10).unwrap().len() > 1);
        assert!(db.entity_candidates("Nobody", None, 10).unwrap().is_empty());
        assert!(db
            .entity_candidates("семён", Some(Kind::Victim), 10)
            .unwrap()
            .is_empty());
    }

    #[test]
    fn migration_builds_the_index_for_existing_incidents() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("db");
        let k = DataKey::generate();
        let mut db = Db::open(&p, &k, Mode::Create).unwrap();
        seed(&mut db);
        let before = db.entities(None).unwrap();
        assert!(!before.is_empty());
        // A vault from before the entity index: the index is empty when the migration runs,
        // and the migration fills it from the live incidents (what `migrate` calls when it
        // applies ENTITY_MIGRATION; later migrations are not re-run here).
        assert!(super::super::migrate::MIGRATIONS.contains(&ENTITY_MIGRATION));
        db.conn.execute_batch("DELETE FROM entity_index").unwrap();
        assert!(db.entities(None).unwrap().is_empty());
        {
            let tx = db.begin().unwrap();
            Db::reindex_entities(&tx).unwrap();
            tx.commit().unwrap();
        }
        drop(db);
        let db = Db::open(&p, &k, Mode::ReadWrite).unwrap();
        assert_eq!(db.entities(None).unwrap(), before);
        assert_eq!(
            db.check().unwrap(),
            Vec::<crate::vault::db::check::CheckProblem>::new()
        );
    }
}
