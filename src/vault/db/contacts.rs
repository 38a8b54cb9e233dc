//! The address book (table `contacts`): recipients for exports, by name.

use jiff::Zoned;
use rusqlite::{params, OptionalExtension};

use super::{now_utc, Db, Result};

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Contact {
    pub name: String,
    /// Canonical recipient text (age1… or an SSH public key without comment).
    pub recipient: String,
    pub fingerprint: String,
    /// When it was added (RFC 3339 UTC).
    pub added: String,
}

impl Db {
    /// Add a contact. Returns false (and changes nothing) if the name is taken.
    pub fn contact_add(
        &mut self,
        name: &str,
        recipient: &str,
        fingerprint: &str,
        now: &Zoned,
    ) -> Result<bool> {
        let at = now_utc(now);
        self.write(|tx| {
            let n = tx.execute(
                "INSERT OR IGNORE INTO contacts(name, recipient, fingerprint, added) VALUES (?1, ?2, ?3, ?4)",
                params![name, recipient, fingerprint, at],
            )?;
            Ok(n == 1)
        })
    }

    pub fn contacts(&self) -> Result<Vec<Contact>> {
        let mut st = self
            .conn
            .prepare("SELECT name, recipient, fingerprint, added FROM contacts ORDER BY name")?;
        let rows = st.query_map([], |r| {
            Ok(Contact {
                name: r.get(0)?,
                recipient: r.get(1)?,
                fingerprint: r.get(2)?,
                added: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    pub fn contact_get(&self, name: &str) -> Result<Option<Contact>> {
        Ok(self
            .conn
            .query_row(
                "SELECT name, recipient, fingerprint, added FROM contacts WHERE name = ?1",
                [name],
                |r| {
                    Ok(Contact {
                        name: r.get(0)?,
                        recipient: r.get(1)?,
                        fingerprint: r.get(2)?,
                        added: r.get(3)?,
                    })
                },
            )
            .optional()?)
    }

    /// Remove a contact. Returns false if there was none by that name.
    pub fn contact_remove(&mut self, name: &str) -> Result<bool> {
        let removed = self.write(|tx| {
            let n = tx.execute("DELETE FROM contacts WHERE name = ?1", [name])?;
            if n > 0 {
                super::journal::mark_scrub_pending(tx)?;
            }
            Ok(n == 1)
        })?;
        if removed {
            self.destroyed()?;
        }
        Ok(removed)
    }
}

#[cfg(test)]
mod tests {
    use super::super::Mode;
    use super::*;
    use crate::crypto::secret::DataKey;

    #[test]
    fn add_list_remove() {
        let d = tempfile::tempdir().unwrap();
        let mut db = Db::open(&d.path().join("db"), &DataKey::generate(), Mode::Create).unwrap();
        let now: Zoned = "2026-11-28T12:00:00+06:00[+06:00]".parse().unwrap();
        assert!(db
            .contact_add("Айгүл", "age1x", "aaaa bbbb cccc dddd", &now)
            .unwrap());
        assert!(!db.contact_add("Айгүл", "age1y", "x", &now).unwrap());
        let c = db.contact_get("Айгүл").unwrap().unwrap();
        assert_eq!(c.recipient, "age1x");
        assert_eq!(c.added, "2026-11-28T06:00:00Z");
        assert_eq!(db.contacts().unwrap().len(), 1);
        assert!(db.contact_remove("Айгүл").unwrap());
        assert!(!db.contact_remove("Айгүл").unwrap());
        assert!(db.contact_get("Айгүл").unwrap().is_none());
    }
}
