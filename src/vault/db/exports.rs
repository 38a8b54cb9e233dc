//! Storage for bundles: choosing incidents to export, a consistent read view while a
//! bundle is written, the export audit log (table `exports`), and bundles received from
//! other vaults (tables `received_bundles`, `received_incidents`).

use rusqlite::{params, OptionalExtension};

use super::{Db, DbError, Filter, Result};
use crate::model::chain::Revision;
use crate::untrusted::{Sent, Untrusted};

/// A read transaction: everything read through the `Db` while it lives sees one state of
/// the vault. Ends (rolls back, nothing to undo) when dropped.
pub struct Snapshot<'a> {
    _tx: rusqlite::Transaction<'a>,
}

/// One row of the export audit log.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ExportRecord {
    pub id: i64,
    /// When (RFC 3339 UTC).
    pub at: String,
    pub incidents: Vec<String>,
    /// Who can open it: [{"kind", "fingerprint", "contact"?}].
    pub recipients: serde_json::Value,
    pub bundle_sha256: String,
    /// "seq:hash" of the vault's chain head at export.
    pub chain_head: String,
    pub details: serde_json::Value,
}

/// An incident received in a bundle, with its provenance. What the sender wrote (the
/// manifest's vault id and time, the incident's id and history) is [`Untrusted`]/[`Sent`]:
/// it cannot be printed without sanitizing; the hashes and the signer's fingerprint were
/// computed by this program.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ReceivedIncident {
    pub bundle_sha256: String,
    pub signer_fingerprint: String,
    pub source_vault_id: Untrusted,
    pub exported_at: Untrusted,
    pub received_at: String,
    pub incident_id: Untrusted,
    /// The incident's revisions as received (JSON array, chain verified at import).
    pub revisions: Untrusted,
}

impl ReceivedIncident {
    /// The revisions, parsed (a stored row that does not parse: the database is damaged).
    pub fn history(&self) -> Result<Sent<Vec<Revision>>> {
        serde_json::from_str(self.revisions.stored())
            .map(Sent::new)
            .map_err(|_| DbError::Damaged)
    }
}

/// An open import: incidents are added inside one transaction, committed by `finish`.
pub struct ImportTx<'a> {
    tx: rusqlite::Transaction<'a>,
    bundle_sha256: String,
}

impl ImportTx<'_> {
    /// Store a received incident's verified revisions, signed by `signer` (`SHA256:…`),
    /// and keep the case-file index (`super::received`) in step, in this transaction.
    pub fn add_incident(
        &self,
        signer: &str,
        incident_id: &str,
        revisions: &[Revision],
    ) -> Result<()> {
        let json = serde_json::to_string(revisions).expect("revisions serialise");
        self.tx.execute(
            "INSERT INTO received_incidents(bundle_sha256, incident_id, revisions) VALUES (?1, ?2, ?3)",
            params![self.bundle_sha256, incident_id, json],
        )?;
        super::received::index_received(&self.tx, signer, incident_id, revisions)
    }

    /// The revisions (JSON arrays) of `incident_id` as imported before from bundles signed
    /// by `signer` (`SHA256:…`), other than this bundle, each once.
    pub fn previously_received(&self, signer: &str, incident_id: &str) -> Result<Vec<String>> {
        let mut st = self.tx.prepare(
            "SELECT i.revisions FROM received_incidents i
             JOIN received_bundles b ON b.bundle_sha256 = i.bundle_sha256
             WHERE i.incident_id = ?1 AND b.signer_fingerprint = ?2 AND i.bundle_sha256 != ?3",
        )?;
        let rows = st.query_map(params![incident_id, signer, self.bundle_sha256], |r| {
            r.get(0)
        })?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    /// The contact whose signing key this is (`SHA256:…`), by name.
    pub fn contact_by_signer(&self, signer: &str) -> Result<Option<String>> {
        super::contacts::name_by_signer(&self.tx, signer)
    }

    /// Remember a signing key pinned with `--signer` as `name`'s (see
    /// `Db::contact_set_signer`), committed with the import. Returns the replaced key.
    pub fn pin_signer(
        &self,
        name: &str,
        signer_key: &str,
        signer: &str,
        now: &jiff::Zoned,
    ) -> Result<Option<String>> {
        super::contacts::set_signer_in(&self.tx, name, signer_key, signer, &super::now_utc(now))
    }

    /// Record the bundle and commit everything.
    pub fn finish(
        self,
        signer: &str,
        signer_key: &str,
        source_vault_id: &str,
        exported_at: &str,
        received_at: &str,
        manifest: &str,
    ) -> Result<()> {
        self.tx.execute(
            "INSERT INTO received_bundles(bundle_sha256, signer_fingerprint, source_vault_id, exported_at, received_at, manifest, signer_key)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![self.bundle_sha256, signer, source_vault_id, exported_at, received_at, manifest, signer_key],
        )?;
        fail::fail_point!("bundle-import-before-commit", |_| Err(DbError::Busy));
        self.tx.commit()?;
        Ok(())
    }
}

impl Db {
    /// The ids `list(f)` would return, in the same order, without loading the incidents
    /// (an export of many incidents must not hold them all in memory). The same conditions
    /// as `Db::list`; a test keeps the two in step.
    pub fn select_ids(&self, f: &Filter) -> Result<Vec<String>> {
        let Some((sql, args)) = self.filter_sql("SELECT i.id FROM incidents i", f)? else {
            return Ok(vec![]);
        };
        let mut st = self.conn.prepare(&sql)?;
        let rows = st.query_map(rusqlite::params_from_iter(args), |r| r.get::<_, String>(0))?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    /// Begin a read transaction (and take the shared lock now).
    pub fn read_snapshot(&self) -> Result<Snapshot<'_>> {
        let tx = self.conn.unchecked_transaction()?;
        tx.query_row("SELECT count(*) FROM revisions", [], |r| r.get::<_, i64>(0))?;
        Ok(Snapshot { _tx: tx })
    }

    /// Append to the export audit log.
    pub fn record_export(
        &mut self,
        at: &str,
        incidents: &[String],
        recipients: &serde_json::Value,
        bundle_sha256: &str,
        chain_head: &str,
        details: &serde_json::Value,
    ) -> Result<i64> {
        let ids = serde_json::to_string(incidents).expect("strings serialise");
        let rec = recipients.to_string();
        let det = details.to_string();
        self.write(|tx| {
            tx.execute(
                "INSERT INTO exports(at, incident_ids, recipients, bundle_sha256, chain_head, details) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![at, ids, rec, bundle_sha256, chain_head, det],
            )?;
            fail::fail_point!("bundle-record-before-commit", |_| Err(DbError::Busy));
            Ok(tx.last_insert_rowid())
        })
    }

    /// Take an export record back out (the bundle it names was removed again because
    /// recording it failed after the commit, e.g. at the last sync). Returns how many rows
    /// were removed.
    pub fn forget_export(&mut self, bundle_sha256: &str) -> Result<usize> {
        self.write(|tx| {
            Ok(tx.execute(
                "DELETE FROM exports WHERE bundle_sha256 = ?1",
                params![bundle_sha256],
            )?)
        })
    }

    /// The export audit log, oldest first.
    pub fn exports(&self) -> Result<Vec<ExportRecord>> {
        let mut st = self
            .conn
            .prepare("SELECT id, at, incident_ids, recipients, bundle_sha256, chain_head, details FROM exports ORDER BY id")?;
        let rows = st.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
            ))
        })?;
        let mut out = vec![];
        for row in rows {
            let (id, at, ids, rec, sha, head, det) = row?;
            out.push(ExportRecord {
                id,
                at,
                incidents: serde_json::from_str(&ids).map_err(|_| DbError::Damaged)?,
                recipients: serde_json::from_str(&rec).map_err(|_| DbError::Damaged)?,
                bundle_sha256: sha,
                chain_head: head,
                details: serde_json::from_str(&det).map_err(|_| DbError::Damaged)?,
            });
        }
        Ok(out)
    }

    /// Whether a bundle with this SHA-256 was imported already; if so, when.
    pub fn received_at(&self, bundle_sha256: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT received_at FROM received_bundles WHERE bundle_sha256 = ?1",
                [bundle_sha256],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Start importing a bundle (one write transaction until `finish`).
    pub fn import_begin(&mut self, bundle_sha256: &str) -> Result<ImportTx<'_>> {
        let tx = self.begin()?;
        Ok(ImportTx {
            tx,
            bundle_sha256: bundle_sha256.to_owned(),
        })
    }

    /// Every received incident with its provenance, in order of receipt, one at a time.
    pub fn received_each(&self, mut f: impl FnMut(ReceivedIncident) -> Result<()>) -> Result<()> {
        let mut st = self.conn.prepare(
            "SELECT b.bundle_sha256, b.signer_fingerprint, b.source_vault_id, b.exported_at, b.received_at,
                    i.incident_id, i.revisions
             FROM received_incidents i JOIN received_bundles b ON b.bundle_sha256 = i.bundle_sha256
             ORDER BY b.received_at, b.bundle_sha256, i.rowid",
        )?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            f(ReceivedIncident {
                bundle_sha256: r.get(0)?,
                signer_fingerprint: r.get(1)?,
                source_vault_id: Untrusted::new(r.get::<_, String>(2)?),
                exported_at: Untrusted::new(r.get::<_, String>(3)?),
                received_at: r.get(4)?,
                incident_id: Untrusted::new(r.get::<_, String>(5)?),
                revisions: Untrusted::new(r.get::<_, String>(6)?),
            })?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::Mode;
    use super::*;
    use crate::crypto::secret::DataKey;
    use crate::model::incident::IncidentInput;

    fn now() -> jiff::Zoned {
        "2026-11-28T12:00:00+06:00[+06:00]".parse().unwrap()
    }

    #[test]
    fn a_forgotten_export_leaves_the_others() {
        let d = tempfile::tempdir().unwrap();
        let mut db = Db::open(&d.path().join("db"), &DataKey::generate(), Mode::Create).unwrap();
        let none = serde_json::json!([]);
        for sha in ["aa", "bb"] {
            db.record_export("2026-12-04T10:00:00Z", &[], &none, sha, "1:00", &none)
                .unwrap();
        }
        assert_eq!(db.forget_export("aa").unwrap(), 1);
        assert_eq!(db.forget_export("aa").unwrap(), 0);
        let left: Vec<_> = db.exports().unwrap();
        assert_eq!(left.len(), 1);
        assert_eq!(left[0].bundle_sha256, "bb");
    }

    #[test]
    fn select_ids_agrees_with_list() {
        let d = tempfile::tempdir().unwrap();
        let mut db = Db::open(&d.path().join("db"), &DataKey::generate(), Mode::Create).unwrap();
        let inputs: Vec<IncidentInput> = [
            r#"{"title":"Ак машина","occurred":"2026-10-01 10:00","category":"followed","tags":["Бишкек"],"narrative":"Токтогул"}"#,
            r#"{"title":"b","occurred":"2026-11-01 10:00","category":"raid","tags":["Osh"]}"#,
            r#"{"title":"c","occurred":"unknown","category":"raid"}"#,
            r#"{"title":"d","occurred":"2026-11-01 10:00","category":"summons","narrative":"токтогул көчөсү"}"#,
        ]
        .iter()
        .map(|j| serde_json::from_str(j).unwrap())
        .collect();
        let ids = db.add(inputs, &now()).unwrap();
        db.delete(&ids[1], &now()).unwrap();
        let since = "2026-10-15T00:00:00Z"
            .parse::<jiff::Timestamp>()
            .unwrap()
            .as_second();
        let filters = vec![
            Filter::default(),
            Filter {
                since: Some(since),
                ..Default::default()
            },
            Filter {
                until: Some(since),
                ..Default::default()
            },
            Filter {
                category: Some("Raid".into()),
                ..Default::default()
            },
            Filter {
                tag: Some("бишкек".into()),
                ..Default::default()
            },
            Filter {
                query: Some("ТОКТОГУЛ".into()),
                ..Default::default()
            },
            Filter {
                query: Some("\"".into()),
                ..Default::default()
            },
            Filter {
                ids: vec![ids[0].to_lowercase(), ids[1].clone(), ids[2].clone()],
                ..Default::default()
            },
        ];
        for f in filters {
            let want: Vec<String> = db.list(&f).unwrap().into_iter().map(|i| i.id).collect();
            assert_eq!(db.select_ids(&f).unwrap(), want, "{f:?}");
        }
    }

    #[test]
    fn audit_log_and_imports() {
        let d = tempfile::tempdir().unwrap();
        let mut db = Db::open(&d.path().join("db"), &DataKey::generate(), Mode::Create).unwrap();
        let r = serde_json::json!([{"kind": "x25519", "fingerprint": "aaaa bbbb cccc dddd"}]);
        db.record_export(
            "t",
            &["AB".into()],
            &r,
            "ff",
            "1:00",
            &serde_json::json!({}),
        )
        .unwrap();
        let log = db.exports().unwrap();
        assert_eq!(log[0].incidents, vec!["AB"]);
        assert_eq!(log[0].recipients, r);
        {
            let tx = db.import_begin("sha").unwrap();
            tx.add_incident("SHA256:x", "AB", &[]).unwrap();
            // dropped without finish: rolled back
        }
        assert!(db.received_at("sha").unwrap().is_none());
        let tx = db.import_begin("sha").unwrap();
        tx.add_incident("SHA256:x", "AB", &[]).unwrap();
        tx.finish("SHA256:x", "ssh-ed25519 X", "vid", "e", "r", "{}")
            .unwrap();
        assert_eq!(db.received_at("sha").unwrap().as_deref(), Some("r"));
        // Found again by (signer, incident), from another bundle only.
        let tx = db.import_begin("sha2").unwrap();
        assert_eq!(
            tx.previously_received("SHA256:x", "AB").unwrap(),
            vec!["[]"]
        );
        assert!(tx.previously_received("SHA256:y", "AB").unwrap().is_empty());
        assert!(tx.previously_received("SHA256:x", "CD").unwrap().is_empty());
        drop(tx);
        let tx = db.import_begin("sha").unwrap();
        assert!(tx.previously_received("SHA256:x", "AB").unwrap().is_empty());
        drop(tx);
        let mut n = 0;
        db.received_each(|ri| {
            assert!(ri.incident_id.is("AB"));
            n += 1;
            Ok(())
        })
        .unwrap();
        assert_eq!(n, 1);
    }
}
