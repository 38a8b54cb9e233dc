//! Opening and creating a vault: the key file and the encrypted database, together.
//!
//! A vault is a directory holding exactly two files: the key file (`sandyk.key`) and the
//! SQLCipher database (`sandyk.db`); SQLite keeps `sandyk.db-journal` next to it
//! (`journal_mode = PERSIST`, see `db::journal`).

pub mod db;
pub use crate::fsio as fsutil;
pub mod keyfile;
pub mod store;

// Storage of attachments, bundles and contacts is part of the database module; these keep
// the paths callers use.
pub use db::attachments;
pub use db::contacts;
pub use db::exports as bundles;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use jiff::Zoned;
use thiserror::Error;

use crate::crypto::kdf::KdfParams;
use crate::crypto::secret::{DataKey, Secret};
use crate::crypto::{random_array, random_bytes};
use db::{Db, DbError, Mode};
use keyfile::{random_free_slot, DuressAction, Kek, KeyFile, KeyFileError, SlotKind, Unlocked};

pub const KEYFILE_NAME: &str = "sandyk.key";
pub const DB_NAME: &str = "sandyk.db";
pub const JOURNAL_NAME: &str = "sandyk.db-journal";

/// What is missing or could not be made whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum Incomplete {
    #[error("the key file is missing")]
    KeyFileMissing,
    #[error("the database file is missing")]
    DatabaseMissing,
    /// `init` found a database without its key file (perhaps restorable): never touched.
    #[error("a database exists but its key file is missing")]
    DatabaseWithoutKeyFile,
    /// A slot just written could not be read back before the key file was replaced.
    #[error("the sealed slot could not be read back")]
    SealReadBack,
    /// The new duress passphrase opens another slot (reported as `SameAsPassphrase`).
    #[error("duress passphrase collision")]
    DuressCollision,
}

#[derive(Debug, Error)]
pub enum VaultError {
    #[error("no vault at {0}")]
    NoVault(PathBuf),
    #[error("a vault already exists at {0}")]
    AlreadyExists(PathBuf),
    #[error("the vault is incomplete: {0}")]
    Incomplete(Incomplete),
    #[error("{0}")]
    KeyFile(#[from] KeyFileError),
    #[error("{0}")]
    Db(#[from] DbError),
    #[error("the key file and the database belong to different vaults")]
    Mismatch,
    #[error("{0}")]
    Io(#[from] io::Error),
    #[error("no key slot labelled {0:?}")]
    NoSuchSlot(String),
    #[error("refusing to remove the last passphrase (the vault could never be opened again)")]
    LastSlot,
    /// A new or changed passphrase that already opens another slot — the duress slot
    /// included: a second way in under the same words would make `passphrase remove` of
    /// one of them a lie, and the duress one would fire (or stop protecting) at random.
    #[error("this passphrase already opens the vault; every passphrase must be different")]
    PassphraseInUse,
    #[error("the vault is sealed: only the lawyer's identity can open it (see `sandyk unseal`)")]
    Sealed,
    /// The key file or the database is a symbolic link: never followed (see
    /// docs/emergency.md, "Symbolic links").
    #[error("{0} is a symbolic link; sandyk does not follow links to its key file or database")]
    Symlink(PathBuf),
}

pub type Result<T> = std::result::Result<T, VaultError>;

/// Where a vault's files are.
#[derive(Debug, Clone)]
pub struct VaultPaths {
    pub dir: PathBuf,
    pub keyfile: PathBuf,
    pub db: PathBuf,
    pub journal: PathBuf,
}

impl VaultPaths {
    pub fn new(dir: impl Into<PathBuf>) -> VaultPaths {
        let dir = dir.into();
        VaultPaths {
            keyfile: dir.join(KEYFILE_NAME),
            db: dir.join(DB_NAME),
            journal: dir.join(JOURNAL_NAME),
            dir,
        }
    }

    /// `$XDG_DATA_HOME/sandyk`, else `$HOME/.local/share/sandyk`, given the values of those
    /// two variables (the binary reads the environment; empty counts as unset).
    pub fn default_dir(
        xdg_data_home: Option<&std::ffi::OsStr>,
        home: Option<&std::ffi::OsStr>,
    ) -> Option<PathBuf> {
        if let Some(x) = xdg_data_home.filter(|x| !x.is_empty()) {
            return Some(PathBuf::from(x).join("sandyk"));
        }
        let home = home.filter(|h| !h.is_empty())?;
        Some(PathBuf::from(home).join(".local/share/sandyk"))
    }

    /// Where `init` builds the database before the key file exists.
    pub fn partial_db(&self) -> PathBuf {
        self.dir.join(format!("{DB_NAME}.partial"))
    }

    /// Complete an init that was interrupted after its key file was committed: move the
    /// database built under its temporary name into place.
    pub fn finish_partial_init(&self) -> Result<()> {
        let partial = self.partial_db();
        if partial.exists() && !self.db.exists() && self.keyfile.exists() {
            fs::rename(&partial, &self.db)?;
            // Its idle journal (PERSIST) if a crash came before `create` removed it.
            let _ = fs::remove_file(format!("{}-journal", partial.display()));
            fsutil::fsync_dir(&self.dir)?;
        }
        Ok(())
    }

    /// Read and parse the key file (no passphrase needed).
    pub fn read_keyfile(&self) -> Result<KeyFile> {
        // One byte more than a key file: enough to tell that it is too long. Never through
        // a symbolic link: `panic` could not promise to destroy what it points to.
        match fsutil::read_bounded_nofollow(&self.keyfile, keyfile::KEYFILE_LEN + 1) {
            Ok(b) => Ok(KeyFile::parse(&b)?),
            Err(e) if e.raw_os_error() == Some(libc::ELOOP) => {
                Err(VaultError::Symlink(self.keyfile.clone()))
            }
            // `--vault` naming a file (or a path through one): there is no vault there.
            Err(e) if e.raw_os_error() == Some(libc::ENOTDIR) => {
                Err(VaultError::NoVault(self.dir.clone()))
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                if self.db.exists() {
                    Err(VaultError::Incomplete(Incomplete::KeyFileMissing))
                } else {
                    Err(VaultError::NoVault(self.dir.clone()))
                }
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Write the key file atomically, then overwrite the replaced version in place.
    ///
    /// The atomic rename leaves the previous key file's blocks free but intact; its slots
    /// may still open with a current passphrase, so an emergency wipe that destroys only
    /// the current file would not erase the data key. Holding a descriptor on the old
    /// file lets us fill it with random bytes once the new one is durable (best effort: a
    /// crash in between, a copy-on-write file system or flash wear levelling defeat it).
    pub fn write_keyfile(&self, kf: &KeyFile) -> Result<()> {
        // (A read-only key file is made writable first, or it could not be scrubbed.)
        let old = fsutil::open_for_overwrite(&self.keyfile).ok().flatten();
        let previous = old.as_ref().and_then(|_| fs::read(&self.keyfile).ok());
        if let Err(e) = fsutil::write_atomic(&self.keyfile, kf.to_bytes()) {
            // The rename may have happened before a later step (the directory fsync) failed:
            // then the new key file is visible but not known to be durable, and the caller
            // reports a failure. Put the previous key file back so that a failure leaves the
            // vault exactly as it was.
            if let Some(prev) = previous {
                if fs::read(&self.keyfile).ok().as_deref() != Some(&prev[..]) {
                    let _ = fsutil::write_atomic(&self.keyfile, &prev);
                }
            }
            return Err(e.into());
        }
        if let Some(f) = old {
            scrub_replaced(&f);
        }
        Ok(())
    }
}

/// The `meta` key under which the database keeps slot `i`'s [`keyfile::SlotKey`].
fn slot_key_name(i: usize) -> String {
    format!("slot_key/{i}")
}

/// Keep the slot keys this key file learnt (written slots, the slot that unlocked), inside
/// the encrypted database: whoever can read them holds the data key already.
pub(crate) fn store_slot_keys(db: &Db, kf: &KeyFile) -> db::Result<()> {
    for (i, k) in kf.learned() {
        db.meta_set(&slot_key_name(*i), &k.to_bytes())?;
    }
    Ok(())
}

/// Drop the stored keys of slots no longer in use (best effort: a stale key opens nothing).
fn forget_slot_keys(db: &Db, stored: &[(usize, keyfile::SlotKey)], kf: &KeyFile) {
    let live: Vec<usize> = kf.learned().iter().map(|(i, _)| *i).collect();
    for (i, k) in stored {
        if !live.contains(i) && !kf.clone().reseal_slot(*i, k) {
            let _ = db.meta_delete(&slot_key_name(*i));
        }
    }
}

/// Overwrite a replaced (unlinked) file through its descriptor with random bytes and sync.
/// Only a regular file with no name left is touched (a hard link the user made is theirs).
fn scrub_replaced(f: &fs::File) {
    use std::os::unix::fs::{FileExt, MetadataExt};
    let Ok(m) = f.metadata() else { return };
    if !m.is_file() || m.nlink() != 0 || m.len() > 1 << 20 {
        return;
    }
    let mut noise = zeroize::Zeroizing::new(vec![0u8; m.len() as usize]);
    random_bytes(&mut noise);
    if f.write_all_at(&noise, 0).is_ok() {
        let _ = f.sync_all();
    }
}

/// A located vault whose key file has been read and checked, not yet unlocked.
#[derive(Debug)]
pub struct Locked {
    pub paths: VaultPaths,
    pub keyfile: KeyFile,
}

/// What happened at unlock.
pub enum Opened {
    /// The real vault.
    Vault(Vault),
    /// A duress passphrase was typed: the action has been carried out and this is an
    /// empty stand-in vault that behaves like a real one.
    Duress(Vault),
}

/// An unlocked vault.
pub struct Vault {
    pub paths: VaultPaths,
    pub keyfile: KeyFile,
    pub unlocked: Unlocked,
    pub db: Db,
    /// True for the empty stand-in shown after a duress unlock.
    pub decoy: bool,
}

/// What `change_passphrase` did.
#[derive(Debug, PartialEq, Eq)]
pub struct ChangeReport {
    pub params: KdfParams,
}

pub fn locate(dir: &Path) -> Result<Locked> {
    let paths = VaultPaths::new(dir);
    let keyfile = paths.read_keyfile()?;
    paths.finish_partial_init()?;
    Ok(Locked { paths, keyfile })
}

/// Hook for the emergency module: called when a duress slot opens, with the KEK that opened
/// it. It carries out the action and returns the vault to show instead (an empty one).
/// Registered by the binary so that the vault layer does not depend on the emergency layer.
/// `now` is the time the handler stamps on what it creates (the caller's clock).
pub type DuressHandler = fn(&Locked, &Unlocked, &Kek, &Zoned) -> std::result::Result<Vault, String>;

/// A duress handler together with the clock it is to use.
#[derive(Clone, Copy)]
pub struct OnDuress<'a> {
    pub handler: DuressHandler,
    pub now: &'a Zoned,
}

impl Locked {
    /// Unlock with a passphrase or recovery key and open the database.
    pub fn unlock(mut self, secret: &Secret, on_duress: Option<OnDuress<'_>>) -> Result<Opened> {
        let (unlocked, kek) = match self.keyfile.unlock_with_kek(secret) {
            Ok(u) => u,
            Err(KeyFileError::WrongPassphrase) if !self.keyfile.sealed_slots().is_empty() => {
                return Err(VaultError::Sealed)
            }
            Err(e) => return Err(e.into()),
        };
        // The next key-file rewrite re-encrypts this slot with a fresh nonce (and keeps its
        // key in the database for later rewrites): see `change_keyfile`.
        self.keyfile.learn(&kek, unlocked.slot);
        if unlocked.content.kind == SlotKind::Duress {
            if let Some(d) = on_duress {
                // Whatever happens, the user sees an ordinary, empty vault.
                if let Ok(v) = (d.handler)(&self, &unlocked, &kek, d.now) {
                    return Ok(Opened::Duress(v));
                }
            }
            let db = Db::open_decoy()?;
            return Ok(Opened::Duress(Vault {
                paths: self.paths,
                keyfile: self.keyfile,
                unlocked,
                db,
                decoy: true,
            }));
        }
        self.open_db(unlocked).map(Opened::Vault)
    }

    /// Open the database with an already-unlocked data key (also used by `unseal`).
    pub fn open_db(self, unlocked: Unlocked) -> Result<Vault> {
        match fs::symlink_metadata(&self.paths.db) {
            Err(_) => return Err(VaultError::Incomplete(Incomplete::DatabaseMissing)),
            Ok(m) if m.file_type().is_symlink() => {
                return Err(VaultError::Symlink(self.paths.db.clone()))
            }
            Ok(_) => {}
        }
        let db = Db::open(&self.paths.db, &unlocked.content.dek, Mode::ReadWrite)?;
        let id = db.meta_get("vault_id")?;
        if id.as_deref() != Some(&self.keyfile.header().vault_id[..]) {
            return Err(VaultError::Mismatch);
        }
        // A key-file write killed before its rename leaves its temporary behind: a copy of
        // the wrapped data key. Remove it now, unless another sandyk holds the lock.
        if let Ok(Some(_lock)) = fsutil::DirLock::try_exclusive(&self.paths.dir) {
            let _ = fsutil::remove_stale_temps(&self.paths.dir);
        }
        let mut db = db;
        reconcile_intent(&mut db, &self.keyfile)?;
        Ok(Vault {
            paths: self.paths,
            keyfile: self.keyfile,
            unlocked,
            db,
            decoy: false,
        })
    }
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Intent {
    /// SHA-256 (hex) of the key file that carries the change.
    expect: String,
    at: String,
    change: db::LabelChange,
}

/// Finish or forget a key-file change interrupted between its steps: if the key file on disk
/// is the one the intent names, its label changes are applied; otherwise they are dropped.
fn reconcile_intent(db: &mut Db, kf: &KeyFile) -> Result<()> {
    let Some(raw) = db.meta_get(db::KEYFILE_INTENT)? else {
        return Ok(());
    };
    match serde_json::from_slice::<Intent>(&raw) {
        Ok(i) if i.expect == hex::encode(crate::crypto::sha256(kf.to_bytes())) => {
            db.apply_label_change(&i.change, &i.at)?
        }
        _ => db.meta_delete(db::KEYFILE_INTENT)?,
    }
    Ok(())
}

impl Vault {
    /// Create a new vault in `dir` protected by `secret`.
    pub fn init(
        dir: &Path,
        secret: &Secret,
        params: KdfParams,
        pinned: bool,
        now: &Zoned,
    ) -> Result<Vault> {
        params.validate().map_err(KeyFileError::BadParams)?;
        let paths = VaultPaths::new(dir);
        if paths.keyfile.exists() {
            return Err(VaultError::AlreadyExists(paths.dir));
        }
        if paths.db.exists() {
            // A database without a key file: perhaps the key file was lost and a backup of it
            // exists. Never delete it; let the user decide.
            return Err(VaultError::Incomplete(Incomplete::DatabaseWithoutKeyFile));
        }
        let dir_existed = paths.dir.exists();
        fs::create_dir_all(&paths.dir)?;
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&paths.dir, fs::Permissions::from_mode(0o700))?;
        }
        // Leftovers of an interrupted init (a partial database, no key file) were never
        // acknowledged and nothing can read them: start again.
        let partial = paths.partial_db();
        for p in [
            partial.clone(),
            PathBuf::from(format!("{}-journal", partial.display())),
        ] {
            match fs::remove_file(&p) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e.into()),
                _ => {}
            }
        }
        let kf = KeyFile::new(params, pinned, random_array());
        let kek = kf.passphrase_kek(secret)?;
        let r = Vault::create(paths.clone(), kf, &kek, now);
        if r.is_err() && !paths.keyfile.exists() {
            // A failed init leaves nothing behind: no vault was acknowledged.
            for p in [
                partial.clone(),
                PathBuf::from(format!("{}-journal", partial.display())),
            ] {
                let _ = fs::remove_file(p);
            }
            if !dir_existed {
                let _ = fs::remove_dir(&paths.dir);
            }
        }
        r
    }

    /// Fill a new key file's first slot (a passphrase labelled "main", under `kek`, which
    /// was derived from `kf`'s own header), create the database and write the key file
    /// last. The directory must exist and hold neither file. Shared by `init` and the
    /// duress action that leaves an empty vault behind.
    pub fn create(paths: VaultPaths, mut kf: KeyFile, kek: &Kek, now: &Zoned) -> Result<Vault> {
        let dek = DataKey::generate();
        let vault_id = kf.header().vault_id;
        let slot = random_free_slot(&[]).expect("a new key file has free slots");
        kf.write_slot(slot, kek, SlotKind::Passphrase, None, "main", None, &dek)?;
        // The database is built under a temporary name and moved into place only after the
        // key file is committed (the commit point: until it exists, there is no vault; once
        // it exists, `locate` finishes the move if a crash interrupted it).
        {
            let db = Db::open(&paths.partial_db(), &dek, Mode::Create)?;
            let signing_seed: zeroize::Zeroizing<[u8; 32]> =
                zeroize::Zeroizing::new(random_array());
            // One transaction, not four: each commit costs fsyncs (synchronous = FULL), and
            // the duress action creates a vault while someone may be timing it.
            db.in_transaction(|db| {
                db.meta_set("vault_id", &vault_id)?;
                db.meta_set("created", now.timestamp().to_string().as_bytes())?;
                db.meta_set("signing_key", &signing_seed[..])?;
                store_slot_keys(db, &kf)?;
                db.slot_set(slot, SlotKind::Passphrase, "main", now)
            })?;
            db.close_removing_journal()?;
        }
        paths.write_keyfile(&kf)?;
        paths.finish_partial_init()?;
        let db = Db::open(&paths.db, &dek, Mode::ReadWrite)?;
        let unlocked = kf.open_with(kek).expect("the slot just written opens");
        Ok(Vault {
            paths,
            keyfile: kf,
            unlocked,
            db,
            decoy: false,
        })
    }

    pub fn dek(&self) -> &DataKey {
        &self.unlocked.content.dek
    }

    /// Re-read the key file under the directory lock, apply `f`, write it back atomically.
    /// Re-reading means two concurrent key-file changes cannot undo each other.
    pub fn modify_keyfile<T>(&mut self, f: impl FnOnce(&mut KeyFile) -> Result<T>) -> Result<T> {
        if self.decoy {
            // The stand-in after a duress unlock changes nothing on disk.
            let mut scratch = self.keyfile.clone();
            return f(&mut scratch);
        }
        let _lock = fsutil::DirLock::exclusive(&self.paths.dir)?;
        let _ = fsutil::remove_stale_temps(&self.paths.dir);
        let mut kf = self.paths.read_keyfile()?;
        kf.adopt_learned(&self.keyfile);
        let v = f(&mut kf)?;
        let stored = self.refresh_slots(&mut kf, &db::LabelChange::default())?;
        self.db.in_transaction(|db| store_slot_keys(db, &kf))?;
        self.paths.write_keyfile(&kf)?;
        forget_slot_keys(&self.db, &stored, &kf);
        self.keyfile = kf;
        Ok(v)
    }

    /// The last step of every key-file rewrite (see [`KeyFile::refresh`]): every slot not in
    /// use is re-randomised and every slot in use whose key is known gets a fresh nonce, so
    /// that the rewrite changes every slot whether or not a duress slot (or any other) is
    /// there. In use: the slots the database's labels name (after `change`), the slot that
    /// unlocked (unless `change` removes it), visible sealed slots. Returns the slot keys
    /// that were stored before.
    fn refresh_slots(
        &self,
        kf: &mut KeyFile,
        change: &db::LabelChange,
    ) -> Result<Vec<(usize, keyfile::SlotKey)>> {
        let removed = |i: usize| change.remove_all || change.remove.contains(&i);
        let mut keep: Vec<usize> = self
            .db
            .slot_labels()?
            .into_iter()
            .map(|(i, ..)| i)
            .filter(|i| !removed(*i))
            .collect();
        if !removed(self.unlocked.slot) {
            keep.push(self.unlocked.slot);
        }
        keep.extend(change.set.iter().map(|(i, ..)| *i));
        keep.extend(kf.sealed_slots().into_iter().map(|(i, _)| i));
        let mut stored = vec![];
        for i in 0..keyfile::N_SLOTS {
            if let Some(k) = self
                .db
                .meta_get(&slot_key_name(i))?
                .and_then(|b| keyfile::SlotKey::from_bytes(&b))
            {
                stored.push((i, k));
            }
        }
        kf.refresh(&keep, &stored);
        // Forget learnt keys of slots that are no longer in use.
        let learned: Vec<usize> = kf.learned().iter().map(|(i, _)| *i).collect();
        for i in learned.into_iter().filter(|i| !keep.contains(i)) {
            kf.clear_slot(i);
        }
        Ok(stored)
    }

    /// Change the key file and the slot labels together, so that a crash at any point
    /// leaves both before or both after: (1) the label change is recorded in the database as
    /// an intent naming the SHA-256 of the new key file; (2) the key file is replaced
    /// atomically; (3) the labels are changed and the intent forgotten, in one transaction.
    /// The next open finishes or forgets an interrupted intent (`reconcile_intent`). A failure
    /// puts the previous key file back.
    pub fn change_keyfile<T>(
        &mut self,
        now: &Zoned,
        f: impl FnOnce(&mut KeyFile) -> Result<(T, db::LabelChange)>,
    ) -> Result<T> {
        if self.decoy {
            let mut scratch = self.keyfile.clone();
            return Ok(f(&mut scratch)?.0);
        }
        let _lock = fsutil::DirLock::exclusive(&self.paths.dir)?;
        let mut kf = self.paths.read_keyfile()?;
        kf.adopt_learned(&self.keyfile);
        let previous = kf.clone();
        let (value, change) = f(&mut kf)?;
        let stored = self.refresh_slots(&mut kf, &change)?;
        let at = db::now_utc(now);
        let intent = Intent {
            expect: hex::encode(crate::crypto::sha256(kf.to_bytes())),
            at: at.clone(),
            change: change.clone(),
        };
        let json = serde_json::to_vec(&intent).expect("an intent always serialises");
        self.db.in_transaction(|db| {
            db.meta_set(db::KEYFILE_INTENT, &json)?;
            store_slot_keys(db, &kf)
        })?;
        if let Err(e) = self.paths.write_keyfile(&kf) {
            let _ = self.db.meta_delete(db::KEYFILE_INTENT);
            return Err(e);
        }
        if let Err(e) = self.db.apply_label_change(&change, &at) {
            // A commit whose last sync failed (journal_mode = PERSIST: the journal header's
            // zeroing) has committed as far as we can see: the intent is gone. Keep the new
            // key file (a crash that rolls the labels back is reconciled at the next open
            // from the intent) and report the error.
            if matches!(self.db.meta_get(db::KEYFILE_INTENT), Ok(None)) {
                self.keyfile = kf;
                return Err(e.into());
            }
            // Put the previous key file back; the intent (if it is still there) no longer
            // matches the key file and is dropped at the next open.
            let _ = self.paths.write_keyfile(&previous);
            let _ = self.db.meta_delete(db::KEYFILE_INTENT);
            return Err(e.into());
        }
        forget_slot_keys(&self.db, &stored, &kf);
        self.keyfile = kf;
        Ok(value)
    }

    /// Slots in use according to the database's labels: (index, kind, label).
    pub fn slots(&self) -> Result<Vec<(usize, SlotKind, String)>> {
        Ok(self
            .db
            .slot_labels()?
            .into_iter()
            .map(|(i, k, l, _)| (i, k, l))
            .collect())
    }

    /// Change the passphrase of the slot that was used to unlock; refused
    /// ([`VaultError::PassphraseInUse`]) if the new one opens another slot. The header's salt and KDF
    /// parameters are always kept: every passphrase slot (a duress slot too, which must not
    /// show) is keyed by them, so changing them would either break the other slots or — if
    /// done only when there are none — tell whether a hidden one exists.
    pub fn change_passphrase(&mut self, new: &Secret) -> Result<ChangeReport> {
        let slot = self.unlocked.slot;
        let label = self.unlocked.content.label.clone();
        let kind = self.unlocked.content.kind;
        let action = self.unlocked.content.action;
        let recipient = self.unlocked.content.recipient.clone();
        let dek = self.dek().clone();
        let report = self.modify_keyfile(|kf| {
            let h = kf.header();
            let kek = match kind {
                SlotKind::Recovery => {
                    return Err(VaultError::KeyFile(KeyFileError::WrongPassphrase))
                }
                _ => kf.passphrase_kek(new)?,
            };
            if kf.open_with(&kek).is_some_and(|u| u.slot != slot) {
                return Err(VaultError::PassphraseInUse);
            }
            kf.write_slot(slot, &kek, kind, action, &label, recipient.as_deref(), &dek)?;
            Ok(ChangeReport { params: h.params })
        })?;
        if self.decoy {
            // The stand-in changed nothing on disk; it answers like a real vault would.
            return Ok(report);
        }
        self.unlocked = self.keyfile.unlock(new)?;
        Ok(report)
    }

    /// Add a passphrase (kind passphrase or duress) or recovery key in a free slot; refused
    /// ([`VaultError::PassphraseInUse`]) if it opens a slot already.
    pub fn add_slot(
        &mut self,
        kek_for: impl FnOnce(&KeyFile) -> Result<Kek>,
        kind: SlotKind,
        action: Option<DuressAction>,
        label: &str,
        recipient: Option<&str>,
        now: &Zoned,
    ) -> Result<usize> {
        let used: Vec<usize> = self.slots()?.into_iter().map(|(i, _, _)| i).collect();
        let dek = self.dek().clone();
        self.change_keyfile(now, |kf| {
            let mut used = used;
            used.extend(kf.sealed_slots().into_iter().map(|(i, _)| i));
            let slot = random_free_slot(&used).ok_or(KeyFileError::NoFreeSlot)?;
            let kek = kek_for(kf)?;
            if kf.open_with(&kek).is_some() {
                return Err(VaultError::PassphraseInUse);
            }
            kf.write_slot(slot, &kek, kind, action, label, recipient, &dek)?;
            let change = db::LabelChange {
                set: vec![(slot, kind, label.to_owned())],
                ..Default::default()
            };
            Ok((slot, change))
        })
    }

    /// Remove the slot with this label (overwritten with random bytes).
    pub fn remove_slot(&mut self, label: &str) -> Result<()> {
        let slots = self.slots()?;
        let (idx, kind, _) = slots
            .iter()
            // Duress slots are never named to the user (see docs/emergency.md).
            .find(|(_, k, l)| l == label && *k != SlotKind::Duress)
            .cloned()
            .ok_or_else(|| VaultError::NoSuchSlot(label.to_owned()))?;
        let remaining_openers = slots
            .iter()
            .filter(|(i, k, _)| *i != idx && k.opens_vault())
            .count();
        if kind != SlotKind::Duress && remaining_openers == 0 {
            return Err(VaultError::LastSlot);
        }
        // (The intent's time is not used for a removal.)
        self.change_keyfile(&Zoned::now(), |kf| {
            kf.clear_slot(idx);
            let change = db::LabelChange {
                remove: vec![idx],
                ..Default::default()
            };
            Ok(((), change))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::kdf::{FLOOR_M_KIB, FLOOR_T};

    fn params() -> KdfParams {
        KdfParams {
            m_kib: FLOOR_M_KIB,
            t: FLOOR_T,
            p: 1,
        }
    }

    fn now() -> Zoned {
        "2026-11-28T12:00:00+06:00[+06:00]".parse().unwrap()
    }

    fn open(dir: &Path, pass: &str) -> Result<Vault> {
        match locate(dir)?.unlock(&Secret::from_str(pass), None)? {
            Opened::Vault(v) => Ok(v),
            Opened::Duress(_) => panic!("duress"),
        }
    }

    #[test]
    fn init_open_change_add_remove() {
        let d = tempfile::tempdir().unwrap();
        let dir = d.path().join("v");
        let v = Vault::init(&dir, &Secret::from_str("old pass"), params(), true, &now()).unwrap();
        drop(v);
        let names: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
        assert!(matches!(
            Vault::init(&dir, &Secret::from_str("x"), params(), true, &now()),
            Err(VaultError::AlreadyExists(_))
        ));
        let mut v = open(&dir, "old pass").unwrap();
        let salt = v.keyfile.header().salt;
        v.change_passphrase(&Secret::from_str("new pass")).unwrap();
        // The salt is kept, with or without other passphrases (docs/emergency.md).
        assert_eq!(v.keyfile.header().salt, salt);
        assert!(matches!(
            open(&dir, "old pass"),
            Err(VaultError::KeyFile(KeyFileError::WrongPassphrase))
        ));
        let mut v = open(&dir, "new pass").unwrap();
        v.add_slot(
            |kf| Ok(kf.passphrase_kek(&Secret::from_str("second"))?),
            SlotKind::Passphrase,
            None,
            "Айгүл",
            None,
            &now(),
        )
        .unwrap();
        assert!(open(&dir, "second").is_ok());
        // With a second passphrase, a change keeps it too, so both still work.
        let mut v = open(&dir, "new pass").unwrap();
        v.change_passphrase(&Secret::from_str("third")).unwrap();
        assert_eq!(v.keyfile.header().salt, salt);
        assert!(open(&dir, "second").is_ok());
        assert!(open(&dir, "third").is_ok());
        let mut v = open(&dir, "third").unwrap();
        v.remove_slot("Айгүл").unwrap();
        assert!(open(&dir, "second").is_err());
        assert!(matches!(v.remove_slot("main"), Err(VaultError::LastSlot)));
    }

    #[test]
    fn missing_files_are_told_apart() {
        let d = tempfile::tempdir().unwrap();
        assert!(matches!(
            locate(&d.path().join("none")),
            Err(VaultError::NoVault(_))
        ));
        let dir = d.path().join("v");
        Vault::init(&dir, &Secret::from_str("p"), params(), true, &now()).unwrap();
        fs::remove_file(dir.join(KEYFILE_NAME)).unwrap();
        assert!(matches!(locate(&dir), Err(VaultError::Incomplete(_))));
        // init refuses to touch a database whose key file is missing.
        let before = fs::read(dir.join(DB_NAME)).unwrap();
        assert!(matches!(
            Vault::init(&dir, &Secret::from_str("p"), params(), true, &now()),
            Err(VaultError::Incomplete(_))
        ));
        assert_eq!(fs::read(dir.join(DB_NAME)).unwrap(), before);
    }

    #[test]
    fn interrupted_init_is_completed_or_restarted() {
        let d = tempfile::tempdir().unwrap();
        let dir = d.path().join("v");
        Vault::init(&dir, &Secret::from_str("p"), params(), true, &now()).unwrap();
        // Key file committed, database still under its temporary name: open completes it.
        let paths = VaultPaths::new(&dir);
        fs::rename(&paths.db, paths.partial_db()).unwrap();
        assert!(open(&dir, "p").is_ok());
        assert!(paths.db.exists() && !paths.partial_db().exists());
        // No key file, only a partial database: a new init starts again.
        fs::remove_file(&paths.keyfile).unwrap();
        fs::rename(&paths.db, paths.partial_db()).unwrap();
        Vault::init(&dir, &Secret::from_str("q"), params(), true, &now()).unwrap();
        assert!(open(&dir, "q").is_ok());
    }
}
