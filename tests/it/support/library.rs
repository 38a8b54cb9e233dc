//! Every direct call of the tests into the sandyk library that is shared by several tests
//! lives here (opening a vault, reading its state), so an API change is fixed in one place.
//! The few test-specific calls left in the test modules are listed in tests/it/main.rs.

use std::path::Path;

use sandyk::crypto::secret::Secret;
use sandyk::vault::{locate, Opened};

use super::fs::names_in;
use super::vault::Env;

/// Open the vault through the library (panics on a wrong passphrase or a duress slot).
pub fn open_lib(dir: &Path, pass: &str) -> sandyk::vault::Vault {
    match locate(dir)
        .expect("locate")
        .unlock(&Secret::from_str(pass), None)
        .expect("unlock")
    {
        Opened::Vault(v) => v,
        Opened::Duress(_) => panic!("unexpected duress unlock"),
    }
}

/// The vault's data key, read through the library with a passphrase.
pub fn data_key(dir: &Path, pass: &str) -> [u8; 32] {
    *open_lib(dir, pass).dek().expose()
}

/// The vault's parsed key file (no database access).
pub fn key_file(dir: &Path) -> sandyk::vault::keyfile::KeyFile {
    locate(dir).expect("locate").keyfile
}

/// The data key that `pass` opens from the key file alone, if any: no database access (so
/// no migration of committed files) and no duress handling.
pub fn key_file_dek(dir: &Path, pass: &str) -> Option<[u8; 32]> {
    key_file(dir)
        .unlock(&Secret::from_str(pass))
        .ok()
        .map(|u| *u.content.dek.expose())
}

/// Whether `pass` opens anything at `dir` (through the library, no duress handler).
pub fn opens(dir: &Path, pass: &str) -> bool {
    match locate(dir) {
        Ok(l) => l.unlock(&Secret::from_str(pass), None).is_ok(),
        Err(_) => false,
    }
}

/// What can be observed of a vault, independent of random ids, read through the library:
/// which of `passes` (name, passphrase) opens it, and through the first that does:
/// incidents (ids removed) with their attachments, deleted count, key-slot labels,
/// categories, contacts, the export log's length and `check`'s findings; then the file
/// names in the vault and in `<root>/out`, and a hash of the key file. Never give it a
/// duress passphrase (that would destroy the vault).
pub fn vault_state(e: &Env, passes: &[(&str, &str)]) -> String {
    let key = std::fs::read(e.vault().join(sandyk::vault::KEYFILE_NAME))
        .map(|b| hex::encode(&sandyk::crypto::sha256(&b)[..8]))
        .unwrap_or_default();
    format!("{}\nkey file {key}", visible_state(e, passes))
}

/// `state` without the key file's bytes (a successful rewrite differs in every run: fresh
/// nonces and salts).
pub fn visible(state: &str) -> &str {
    state.rsplit_once("\nkey file ").map_or(state, |(v, _)| v)
}

fn visible_state(e: &Env, passes: &[(&str, &str)]) -> String {
    use sandyk::vault::VaultError;
    let files = names_in(&e.vault());
    let out_files = names_in(&e.root.path().join("out"));
    if !e.vault().join(sandyk::vault::KEYFILE_NAME).exists() {
        return format!("no vault; files {files:?}; out {out_files:?}");
    }
    let mut opened = vec![];
    let mut detail = String::new();
    for &(name, p) in passes {
        let secret = Secret::from_str(p);
        let v = match locate(&e.vault()).and_then(|l| l.unlock(&secret, None)) {
            Ok(Opened::Vault(v)) => v,
            Ok(Opened::Duress(_)) => panic!("a test passphrase opened as duress"),
            Err(VaultError::Sealed) => {
                opened.push(format!("{name}: sealed"));
                continue;
            }
            Err(err) => {
                opened.push(format!("{name}: {err}"));
                continue;
            }
        };
        opened.push(format!("{name}: opens"));
        if !detail.is_empty() {
            continue;
        }
        let db = &v.db;
        let mut items: Vec<String> = db
            .list(&Default::default())
            .unwrap()
            .into_iter()
            .map(|i| {
                let atts: Vec<String> = db
                    .attachments(&i.id)
                    .unwrap()
                    .iter()
                    .map(|a| format!("{}:{}:{}", a.name, a.size, a.sha256))
                    .collect();
                let mut j = serde_json::to_value(&i).unwrap();
                j.as_object_mut().unwrap().remove("id");
                format!("{j} attachments {atts:?}")
            })
            .collect();
        items.sort();
        let mut slots: Vec<String> = v
            .slots()
            .unwrap()
            .into_iter()
            .map(|(_, k, l)| format!("{k}:{l}"))
            .collect();
        slots.sort();
        let contacts: Vec<String> = db
            .contacts()
            .unwrap()
            .into_iter()
            .map(|c| format!("{}:{}", c.name, c.fingerprint.unwrap_or_default()))
            .collect();
        // The attachment store after opening (which removes orphans): its content files
        // and the full check of every chunk.
        detail = format!(
            "incidents {items:?}\ndeleted {}\nslots {slots:?}\ncategories {:?}\ncontacts {contacts:?}\nexports {}\ncheck {:?}\nstore files {}\nattachments check {:?}\n",
            db.tombstones().unwrap().len(),
            db.categories().unwrap(),
            db.exports().unwrap().len(),
            db.check().unwrap(),
            db.store().list().unwrap().len(),
            db.check_attachments().unwrap(),
        );
    }
    // Listed after opening: opening removes what an interrupted key-file write left. A
    // rollback journal that is not hot (killed before its header was synced) stays until
    // the next write; it holds encrypted pages and nothing reads it, so it is not counted.
    let files: Vec<String> = names_in(&e.vault())
        .into_iter()
        .filter(|n| n != sandyk::vault::JOURNAL_NAME)
        .collect();
    format!("{opened:?}\n{detail}files {files:?}; out {out_files:?}")
}

/// Turn every attachment of the vault at `dir` back into the v1 storage of a vault from
/// before the attachment store (schema v6): its bytes as 1 MiB chunks in the database,
/// `content_key` NULL, no content file (the store directory removed). Reads the bytes
/// through the library first. Raw SQL on purpose: this is a vault an old version wrote.
pub fn make_v1_attachments(dir: &Path, pass: &str) {
    use sandyk::attach::Variant;
    let v = open_lib(dir, pass);
    let rows: Vec<(i64, String, u32, i64)> = {
        let mut st =
            v.db.conn()
                .prepare(
                    "SELECT a.id, a.incident_id, a.n, f.copy FROM attachments a \
                 JOIN attachment_files f ON f.attachment_id = a.id ORDER BY a.id, f.copy",
                )
                .unwrap();
        let r = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .map(|x| x.unwrap())
            .collect();
        r
    };
    let mut copies = vec![];
    for (rid, inc, n, copy) in &rows {
        let variant = if *copy == 0 {
            Variant::Original
        } else {
            Variant::Working
        };
        let mut bytes = vec![];
        std::io::Read::read_to_end(
            &mut v.db.attachment_reader(inc, *n, variant).unwrap(),
            &mut bytes,
        )
        .unwrap();
        copies.push((*rid, *copy, bytes));
    }
    let c = v.db.conn();
    c.execute_batch("BEGIN IMMEDIATE").unwrap();
    for (rid, copy, bytes) in &copies {
        for (i, chunk) in bytes.chunks(1 << 20).enumerate() {
            c.execute(
                "INSERT INTO attachment_chunks(attachment_id, copy, idx, data) VALUES (?1, ?2, ?3, ?4)",
                rusqlite::params![rid, copy, i as i64, chunk],
            )
            .unwrap();
        }
    }
    c.execute("DELETE FROM attachment_files", []).unwrap();
    c.execute("UPDATE attachments SET content_key = NULL", [])
        .unwrap();
    c.execute_batch("COMMIT").unwrap();
    let store = dir.join(sandyk::vault::store::STORE_DIR);
    drop(v);
    if store.exists() {
        std::fs::remove_dir_all(&store).unwrap();
    }
}
