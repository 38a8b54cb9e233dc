//! The address book (table `contacts`): recipients for exports and signing keys whose
//! bundles are accepted, by name (a contact card gives both).

use jiff::Zoned;
use rusqlite::{params, OptionalExtension};

use super::{now_utc, Db, Result};

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Contact {
    pub name: String,
    /// Canonical recipient text (age1… or an SSH public key without comment), if known.
    pub recipient: Option<String>,
    /// The recipient's fingerprint (`agekeys::fingerprint`).
    pub fingerprint: Option<String>,
    /// The contact's signing key (`ssh-ed25519 AAAA…`, no comment), if known.
    pub signer: Option<String>,
    /// `SHA256:…` of the signing key (as `ssh-keygen -l` prints it).
    pub signer_fingerprint: Option<String>,
    /// When it was added (RFC 3339 UTC).
    pub added: String,
}

/// What a new contact holds: at least one of a recipient and a signing key.
#[derive(Debug, Clone, Default)]
pub struct NewContact<'a> {
    /// (canonical recipient, its fingerprint)
    pub recipient: Option<(&'a str, &'a str)>,
    /// (canonical signing key, its `SHA256:` fingerprint)
    pub signer: Option<(&'a str, &'a str)>,
}

const COLUMNS: &str = "name, recipient, fingerprint, signer, signer_fingerprint, added";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Contact> {
    Ok(Contact {
        name: r.get(0)?,
        recipient: r.get(1)?,
        fingerprint: r.get(2)?,
        signer: r.get(3)?,
        signer_fingerprint: r.get(4)?,
        added: r.get(5)?,
    })
}

/// [`Db::contact_set_signer`] inside an open transaction (also used by an import that pins).
pub(super) fn set_signer_in(
    tx: &rusqlite::Connection,
    name: &str,
    signer: &str,
    signer_fingerprint: &str,
    at: &str,
) -> Result<Option<String>> {
    let owner: Option<String> = tx
        .query_row(
            "SELECT name FROM contacts WHERE signer_fingerprint = ?1",
            [signer_fingerprint],
            |r| r.get(0),
        )
        .optional()?;
    if owner.as_deref().is_some_and(|o| o != name) {
        return Err(super::DbError::Conflict);
    }
    let old: Option<Option<String>> = tx
        .query_row(
            "SELECT signer_fingerprint FROM contacts WHERE name = ?1",
            [name],
            |r| r.get(0),
        )
        .optional()?;
    match old {
        Some(_) => {
            tx.execute(
                "UPDATE contacts SET signer = ?2, signer_fingerprint = ?3 WHERE name = ?1",
                params![name, signer, signer_fingerprint],
            )?;
        }
        None => {
            tx.execute(
                "INSERT INTO contacts(name, signer, signer_fingerprint, added) VALUES (?1, ?2, ?3, ?4)",
                params![name, signer, signer_fingerprint, at],
            )?;
        }
    }
    Ok(old.flatten().filter(|o| o != signer_fingerprint))
}

/// The name of the contact whose signing key has this `SHA256:` fingerprint.
pub(super) fn name_by_signer(
    c: &rusqlite::Connection,
    signer_fingerprint: &str,
) -> Result<Option<String>> {
    Ok(c.query_row(
        "SELECT name FROM contacts WHERE signer_fingerprint = ?1",
        [signer_fingerprint],
        |r| r.get(0),
    )
    .optional()?)
}

impl Db {
    /// Add a contact. Returns false (and changes nothing) if the name is taken. With
    /// `replace`, an existing contact of that name is replaced (its old keys are no longer
    /// trusted). A signing key already held by another contact is a `DbError::Conflict`.
    pub fn contact_add(
        &mut self,
        name: &str,
        c: &NewContact<'_>,
        replace: bool,
        now: &Zoned,
    ) -> Result<bool> {
        let at = now_utc(now);
        let (r, rf) = c.recipient.unzip();
        let (s, sf) = c.signer.unzip();
        self.write(|tx| {
            if let Some(sf) = sf {
                let owner: Option<String> = tx
                    .query_row(
                        "SELECT name FROM contacts WHERE signer_fingerprint = ?1",
                        [sf],
                        |r| r.get(0),
                    )
                    .optional()?;
                if owner.is_some_and(|o| o != name) {
                    return Err(super::DbError::Conflict);
                }
            }
            if replace {
                tx.execute("DELETE FROM contacts WHERE name = ?1", [name])?;
            }
            let n = tx.execute(
                "INSERT OR IGNORE INTO contacts(name, recipient, fingerprint, signer, signer_fingerprint, added)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![name, r, rf, s, sf, at],
            )?;
            Ok(n == 1)
        })
    }

    /// Trust `signer` as `name`'s signing key, replacing the key the contact had (which is
    /// then no longer trusted); a new contact with only this key if there is none of that
    /// name. Returns the replaced key's `SHA256:` fingerprint. A key held by another contact
    /// is a `DbError::Conflict`.
    pub fn contact_set_signer(
        &mut self,
        name: &str,
        signer: &str,
        signer_fingerprint: &str,
        now: &Zoned,
    ) -> Result<Option<String>> {
        let at = now_utc(now);
        self.write(|tx| set_signer_in(tx, name, signer, signer_fingerprint, &at))
    }

    pub fn contacts(&self) -> Result<Vec<Contact>> {
        let mut st = self
            .conn
            .prepare(&format!("SELECT {COLUMNS} FROM contacts ORDER BY name"))?;
        let rows = st.query_map([], row)?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    pub fn contact_get(&self, name: &str) -> Result<Option<Contact>> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM contacts WHERE name = ?1"),
                [name],
                row,
            )
            .optional()?)
    }

    /// The contact whose signing key has this `SHA256:` fingerprint.
    pub fn contact_by_signer(&self, signer_fingerprint: &str) -> Result<Option<Contact>> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM contacts WHERE signer_fingerprint = ?1"),
                [signer_fingerprint],
                row,
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
    use super::super::{DbError, Mode};
    use super::*;
    use crate::crypto::secret::DataKey;

    #[test]
    fn add_list_remove() {
        let d = tempfile::tempdir().unwrap();
        let mut db = Db::open(&d.path().join("db"), &DataKey::generate(), Mode::Create).unwrap();
        let now: Zoned = "2026-11-28T12:00:00+06:00[+06:00]".parse().unwrap();
        let r = |x| NewContact {
            recipient: Some((x, "aaaa bbbb cccc dddd")),
            signer: None,
        };
        assert!(db.contact_add("Айгүл", &r("age1x"), false, &now).unwrap());
        assert!(!db.contact_add("Айгүл", &r("age1y"), false, &now).unwrap());
        let c = db.contact_get("Айгүл").unwrap().unwrap();
        assert_eq!(c.recipient.as_deref(), Some("age1x"));
        assert_eq!(c.added, "2026-11-28T06:00:00Z");
        assert_eq!(db.contacts().unwrap().len(), 1);
        assert!(db.contact_remove("Айгүл").unwrap());
        assert!(!db.contact_remove("Айгүл").unwrap());
        assert!(db.contact_get("Айгүл").unwrap().is_none());
    }

    #[test]
    fn signing_keys_belong_to_one_contact_and_are_replaced() {
        let d = tempfile::tempdir().unwrap();
        let mut db = Db::open(&d.path().join("db"), &DataKey::generate(), Mode::Create).unwrap();
        let now: Zoned = "2026-11-28T12:00:00+06:00[+06:00]".parse().unwrap();
        let card = NewContact {
            recipient: Some(("age1x", "f")),
            signer: Some(("ssh-ed25519 A", "SHA256:a")),
        };
        assert!(db.contact_add("a", &card, false, &now).unwrap());
        assert_eq!(db.contact_by_signer("SHA256:a").unwrap().unwrap().name, "a");
        // The same key for another name: refused.
        assert!(matches!(
            db.contact_add("b", &card, false, &now),
            Err(DbError::Conflict)
        ));
        assert!(matches!(
            db.contact_set_signer("b", "ssh-ed25519 A", "SHA256:a", &now),
            Err(DbError::Conflict)
        ));
        // Replacing a's key: the old one is no longer anyone's.
        assert_eq!(
            db.contact_set_signer("a", "ssh-ed25519 B", "SHA256:b", &now)
                .unwrap()
                .as_deref(),
            Some("SHA256:a")
        );
        assert!(db.contact_by_signer("SHA256:a").unwrap().is_none());
        let a = db.contact_by_signer("SHA256:b").unwrap().unwrap();
        assert_eq!(a.recipient.as_deref(), Some("age1x"));
        // A pin for a new name makes a signer-only contact.
        assert_eq!(
            db.contact_set_signer("c", "ssh-ed25519 C", "SHA256:c", &now)
                .unwrap(),
            None
        );
        assert_eq!(db.contact_get("c").unwrap().unwrap().recipient, None);
        // Replace the whole contact from a new card.
        let card2 = NewContact {
            recipient: None,
            signer: Some(("ssh-ed25519 D", "SHA256:d")),
        };
        assert!(db.contact_add("a", &card2, true, &now).unwrap());
        assert!(db.contact_by_signer("SHA256:b").unwrap().is_none());
        assert_eq!(db.contact_get("a").unwrap().unwrap().recipient, None);
    }
}
