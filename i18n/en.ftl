# sandyk — English messages. Every other catalog has exactly these ids (a test checks).
# Glossary: vault, incident, passphrase, recovery key, bundle — see docs/glossary.md.

## General
error = error
warning = warning
hint = hint
yes-no = y/N
yes-answers = y,yes
bytes = bytes

## Errors and hints
err-no-home = cannot find your home directory to put the vault in
hint-vault-flag = choose a directory with --vault DIR
err-no-vault = no vault at { $path }
hint-init = create one with: sandyk init   (or point to yours with --vault DIR)
err-vault-exists = a vault already exists at { $path }
hint-vault-exists = choose another directory with --vault DIR; nothing was changed
err-incomplete = the vault is incomplete: { $detail }
err-wrong-passphrase = wrong passphrase
hint-wrong-passphrase = nothing was changed; check the keyboard layout (Cyrillic or Latin) and Caps Lock
err-keyfile-damaged = the key file is damaged ({ $detail })
err-keyfile-params = the key file's parameters are refused ({ $detail }); it may have been tampered with
err-keyfile-version = the key file has format version { $version }, which this sandyk cannot read
hint-upgrade = install a newer sandyk
hint-damaged = restore the vault directory from a backup; `sandyk check` shows what is wrong
hint-damaged-in-check = restore the vault directory from a backup
err-mismatch = the key file and the database belong to different vaults
err-db-damaged = the database is damaged or does not belong to this key file
err-not-sqlcipher = this build of sandyk has no encryption library (SQLCipher); refusing to run
err-no-incident = no incident with id { $id }
err-not-an-id = “{ $id }” is not an incident id (ids are letters and digits, such as 8FQF84)
err-received-read-only = { $id } is an incident received from { $from }: it is kept as it was sent and cannot be changed here
hint-received-read-only = to add to it, record an incident of your own (sandyk add) that refers to { $id }
hint-list = see the ids with: sandyk list
err-deleted = incident { $id } has been deleted
hint-history = its history remains: sandyk history { $id }
err-invalid-input = invalid input: { $detail }
err-busy = the vault is busy (another sandyk is writing)
hint-retry = try again in a moment
err-kdf-ram = this vault's key derivation needs { $need } MiB of memory, more than half of this machine's RAM ({ $limit } MiB allowed); nothing was done
hint-kdf-ram = open the vault on a machine with more memory; if you did not set such a large memory cost, the key file may have been tampered with
err-db-setting = a security setting of the database did not take ({ $pragma }); refusing to open the vault
hint-db-setting = this sandyk was built with a SQLite/SQLCipher that ignores the setting; install an official release of sandyk
err-journal = could not overwrite the database journal ({ $detail })
hint-journal = the disk may be failing or read-only; check it, then run the command again
err-read-only = cannot write: the vault is on read-only storage or not writable { $detail }
err-disk-full = the disk is full
hint-nothing-changed = nothing was changed; the vault is as it was
err-io = input/output error: { $detail }
err-db = database error ({ $detail })
err-no-slot = no passphrase or key labelled “{ $label }”
hint-passphrase-list = see the labels with: sandyk passphrase list
err-last-slot = refusing to remove the last passphrase: the vault could never be opened again
hint-last-slot = add another passphrase first (sandyk passphrase add --label NAME), then remove this one
err-passphrase-in-use = this passphrase already opens this vault; nothing was changed
hint-passphrase-in-use = choose a passphrase that is not used for this vault yet
err-output-in-vault = { $path } is inside the vault directory { $vault }: sandyk writes nothing there but the vault itself (a file there could replace the key file or the database, and a readable one would outlive sandyk panic)
hint-output-in-vault = choose a place outside { $vault }
err-output-dir-missing = cannot write { $path }: the directory { $dir } does not exist
hint-output-dir-missing = create the directory first, or choose another place with -o
err-output-not-a-file = { $path } is not a regular file (a directory, a link or a device): --force replaces only a file
hint-output-not-a-file = choose a file name with -o
err-attach-from-vault = { $path } is one of the vault's own files, or lies in the vault directory { $vault }: it is not attached
hint-attach-from-vault = attach the file from where it was made; sandyk export sends the vault's incidents to a lawyer
err-sealed = the vault is sealed: only the lawyer's identity can open it
hint-unseal = the lawyer can restore a passphrase with: sandyk unseal --identity KEYFILE
err-symlink = { $path } is a symbolic link; sandyk does not follow links to its key file or database
hint-symlink = keep the whole vault on the other device instead: move the vault directory there and use --vault DIR (or SANDYK_VAULT); `sandyk panic` can then destroy it
err-no-free-slot = all key slots are in use
hint-no-free-slot = remove one first: sandyk passphrase remove LABEL
err-too-long = a label or recipient is too long
err-kdf = the key derivation failed: { $detail }
err-kdf-params = KDF parameters refused: { $detail }
hint-kdf-floor = the minimum is --kdf-memory 64 --kdf-time 3
err-passphrase-read = could not read the passphrase: { $detail }
err-passphrase-eof = no passphrase was given (end of input)
hint-passphrase-fd = run on a terminal, or pass passphrases on a file descriptor: --passphrase-fd 3 3< file
err-passphrase-too-long = the passphrase is too long (more than { $max } bytes)
err-no-terminal = no terminal to ask for the passphrase
err-empty-passphrase = the passphrase is empty
hint-empty-passphrase = type the passphrase (on a terminal, or as the line given on --passphrase-fd)
err-passphrase-mismatch = the passphrases do not match
err-weak-passphrase = passphrase refused as too weak
hint-generate = use a longer passphrase, or let sandyk make one: sandyk init --generate
err-generate-needs-terminal = a generated passphrase can only be shown on a terminal
err-interrupted = interrupted; nothing was changed
err-input-too-large = the input is larger than { $max } MiB
err-not-utf8 = the input is not valid UTF-8 text
err-json = the JSON input is not valid: { $detail }
hint-json-fields = the fields are described in docs/incident-model.md
err-add-needs-terminal = the guided form needs a terminal
hint-input-json = for scripts, give JSON on stdin with --input json
err-confirm-needs-terminal = there is no terminal to confirm on
hint-yes = add --yes to confirm on the command line
err-date = cannot read the date “{ $text }”: { $reason }
err-since-after-until = --since “{ $since }” is after --until “{ $until }”: nothing could match
hint-since-after-until = swap the two dates
hint-date = try 2024-03-05, "2024-03-05 14:30", yesterday, "2 days ago"
err-empty-query = the search query is empty
hint-empty-query = type the words at the prompt on a terminal, or give them on standard input: echo "white car" | sandyk search
err-change-with-recovery = you unlocked with a recovery key; it cannot be changed into a passphrase
hint-passphrase-add = add a new passphrase instead: sandyk passphrase add --label NAME
err-label-taken = the label “{ $label }” is already used
err-category-id = a category id must be 1–64 letters, digits or underscores
err-category-builtin = “{ $category }” is already a built-in category
err-category-name-taken = “{ $name }” already names the category { $category }
hint-category-name-taken = choose a name no category answers to (sandyk category list shows them), or file the incidents under that one

## Prompts
prompt-passphrase = Passphrase
prompt-new-passphrase = New passphrase
prompt-repeat-passphrase = Repeat the new passphrase
prompt-type-generated = Type the passphrase above to confirm you have it
generated-passphrase = Your new passphrase (write it down and keep it apart from this computer; it is shown only once):
weak-passphrase = This passphrase is weak: it could be guessed in { $crack } by someone who seizes the device.
offer-generate = Generate a strong passphrase instead?
insist-weak = Use the weak passphrase anyway?
warn-weak-passphrase = the new passphrase is weak (could be guessed in { $crack })
warn-harden = could not apply process protection: { $what }
warn-unknown-tz = the time zone TZ={ $tz } is unknown to this system: times are read and shown in UTC. Set TZ to your zone (for example TZ=Asia/Bishkek) before recording an incident
warn-unknown-system-tz = this system's time zone is unknown: times are read and shown in UTC. Set TZ to your zone (for example TZ=Asia/Bishkek) before recording an incident
attach-migrating = moving { $count } attachment(s) ({ $size }) into the attachment store (once; an interruption resumes at the next start)
err-attach-migrate = moving attachments into the attachment store failed after { $moved } of { $count }: { $detail }. Nothing else was done
hint-attach-migrate = the attachments not moved are as they were and readable; run the command again once this is fixed: the move resumes where it stopped
warn-attach-migrate-damaged = attachment { $reference } does not match its recorded SHA-256: it stays where it was, not moved (see sandyk check)
calibrating = Measuring this computer to set the key derivation cost…
vault-created = Vault created at { $path } (Argon2id: { $memory } MiB, { $passes } { $passes ->
    [one] pass
   *[other] passes
}, { $lanes } { $lanes ->
    [one] lane
   *[other] lanes
}; unlocking took { $seconds } s).
hint-after-init = Next: record an incident with `sandyk add`; consider `sandyk recovery-key` in case you forget the passphrase.
form-intro = New incident. Press Enter to leave a field empty. Nothing is saved until you confirm.
prompt-title = Title (a few words)
prompt-occurred = When did it happen? (e.g. "yesterday around 3 pm", 2024-03-05 14:30)
confirm-date = Understood as: { $when }. Is that right?
date-not-understood = Not understood ({ $reason }). Try again, e.g. 2024-03-05, "yesterday 15:00", "2 days ago", unknown.
prompt-location = Where?
prompt-category = Category (number or id)
category-unknown = Unknown category “{ $category }”.
prompt-tags = Tags (comma-separated)
prompt-perpetrators = Who did it? One per line (uniform or agency, vehicles and plates, how many); empty line to finish.
prompt-victims = Who was affected? One per line; empty line to finish.
prompt-witnesses = Witnesses? One per line; empty line to finish.
prompt-source = Source (who reported it)
prompt-reliability = Reliability
prompt-confidentiality = Confidentiality
prompt-narrative = What happened? Write as much as you need; finish with a line containing only a dot (.)
confirm-save = Save this incident?
not-saved = not saved
incident-saved = Saved incident { $id }.
amend-intro = Type new values; press Enter to keep a field as it is.
confirm-change-date = Change when it happened?
confirm-change-category = Change the category?
confirm-change-narrative = Replace the narrative?
incident-amended = Amended incident { $id }; the previous version stays in its history.
incident-unchanged = Nothing changed.
confirm-delete = Delete this incident? Its content will be destroyed; the fact and time of deletion stay.
not-deleted = not deleted
incident-deleted = Deleted incident { $id }.
prompt-search = Search for
no-incidents = No incidents.
deleted-at = deleted at
narrative-hidden = narrative shortened; the full text stays out of your scrollback unless you run: sandyk show { $id } --full
passphrase-changed = Passphrase changed (Argon2id: { $memory } MiB, { $passes } passes).
passphrase-added = Passphrase “{ $label }” added.
slot-removed = Removed “{ $label }”; it no longer opens the vault.
recovery-key-intro = Recovery key (write it on paper and keep it somewhere safe; it opens the vault like a passphrase and is shown only once):
category-added = Category “{ $category }” added.

## check
check-summary = { $incidents } incidents, { $deleted } deleted, { $revisions } revisions.
chain-head = Chain head
check-ok = All checks passed: key file, encryption, database structure and hash chain.
check-failed = { $count } problem(s) found
check-unlabelled-slot = the key slot you unlocked with has no label in the database

## Fields
field-id = Id
field-title = Title
field-occurred = Occurred
field-recorded = Recorded
field-location = Location
field-category = Category
field-tags = Tags
field-perpetrator = Perpetrator
field-victim = Affected
field-witness = Witness
field-source = Source
field-reliability = Reliability
field-confidentiality = Confidentiality
people-count = { $count } people
when-unknown = unknown

precision-exact = exact
precision-approximate = approximate
precision-day = day
precision-part_of_day = part of day
precision-range = range
precision-unknown = unknown

reliability-firsthand = first-hand
reliability-high = high
reliability-medium = medium
reliability-low = low
reliability-unknown = unknown

confidentiality-public = public
confidentiality-restricted = restricted
confidentiality-confidential = confidential
confidentiality-secret = secret

op-add = added
op-amend = amended
op-delete = deleted
history-tombstone = tombstone
history-destroyed = content destroyed

slot-kind-passphrase = passphrase
slot-kind-recovery = recovery key
slot-kind-duress = duress

## Categories
category-followed = Followed
category-photographed = Photographed or filmed
category-wiretap = Wiretap or device compromise suspected
category-raid = Raid or search
category-summons = Summons or interrogation
category-threat_in_person = Threat in person
category-threat_online = Threat online
category-detention = Detention or arrest
category-assault = Assault
category-smear_campaign = Smear campaign
category-online_harassment = Online harassment
category-home_visit = Home visit
category-other = Other

## Attachments
attach-added = attached { $reference }: { $name } ({ $size }, { $media_type })
attach-none = no attachments
attach-field-added = added
attach-reveals-not-examined = metadata not examined: sandyk does not read { $media_type } files
attach-reveals-gps = reveals GPS position: { $position }
attach-reveals-gps-alt = reveals GPS position: { $position }, altitude { $altitude } m
attach-reveals-gps-tags = reveals GPS tags (no usable position)
attach-reveals-device = reveals device: { $device }
attach-reveals-serial = reveals device serial number: { $value }
attach-reveals-lens = reveals lens: { $value }
attach-reveals-lens-serial = reveals lens serial number: { $value }
attach-reveals-owner = reveals owner or author: { $value }
attach-reveals-unique-id = reveals unique image id: { $value }
attach-reveals-captured = reveals time taken: { $value }
attach-reveals-software = reveals software: { $value }
attach-reveals-comment = reveals description or comment: { $value }
attach-reveals-thumbnail = reveals an embedded preview picture
attach-reveals-maker-notes = reveals maker notes (not decoded; often serial numbers and settings)
attach-reveals-xmp = reveals an XMP block (may repeat the device, place and edit history)
attach-reveals-xmp-gps = reveals an XMP block that mentions GPS
attach-reveals-iptc = reveals an IPTC/Photoshop block (author, place, captions)
attach-reveals-text = reveals text: { $value }
attach-reveals-other = reveals other blocks: { $value }
attach-reveals-trailing = reveals { $size } after the end of the image (extra pictures, a video or vendor data)
attach-reveals-problem = metadata read only in part: { $detail }
attach-reveals-nothing = no identifying metadata found
attach-working-stripped = working copy: without { $removed } ({ $size }, SHA-256 { $sha256 })
attach-working-identical = working copy: the original itself (nothing to remove)
attach-working-none = no working copy: sandyk cannot remove metadata from { $media_type } files; extract and export need the original, explicitly
attach-working-unreadable = no working copy: the file could not be read as { $media_type }; extract and export need the original, explicitly
attach-working-not-clean = no working copy: removing the metadata did not come out clean (a second pass over the copy still found some); extract and export need the original, explicitly
attach-copy-original = original
attach-copy-working = working copy
attach-extracted = wrote { $reference } ({ $which }, { $size }, SHA-256 { $sha256 }) to { $path }
err-attach-no-file = no such file: { $path }
err-attach-read = cannot read { $path }: { $detail }
err-attach-not-regular = { $path } is not a regular file
hint-attach-regular = attach files only (not directories, devices or pipes)
err-attach-changed = { $path } changed while it was being read; it was not attached
hint-attach-changed = nothing was changed; wait until the file is complete (for example, the recording has stopped) and attach it again
err-attach-not-found = no attachment { $reference }
hint-attachments = see the attachments with: sandyk attachments { $id }
err-attach-bad-ref = { $reference } is not an attachment (expected ID/N, e.g. 7KQ2MX/1)
hint-attach-ref = see the attachments with: sandyk attachments ID
err-attach-no-working = attachment { $reference } has no metadata-free working copy
hint-attach-original = to write the untouched original, with its metadata: sandyk attachment extract { $reference } -o FILE --original
err-attach-hash = attachment { $reference } does not match its recorded SHA-256; nothing was written
err-attach-tampered = attachment { $reference } has been altered or damaged: chunk { $chunk } of its stored content fails authentication; nothing was written
err-attach-missing = the stored content of attachment { $reference } is missing from the attachment store (sandyk.store)
hint-attach-tampered = run `sandyk check` to list every damaged attachment, then restore the vault directory (with sandyk.store) from a backup
err-attach-too-many = an incident can hold at most { $max } attachments
err-attach-write = cannot write { $path }: { $detail }
err-attach-exists = { $path } exists
hint-attach-force = choose another file name, or replace it with --force
err-attach-output-not-regular = { $path } exists and is not a regular file; sandyk never writes over it
err-attach-terminal = refusing to write an attachment to a terminal
hint-attach-output = write it to a file with -o FILE, or pipe it: -o - | …
err-attach-after-add = incident { $id } was saved, but without the attachments: { $detail }
hint-attach-after-add = attach them with: sandyk attach { $id } FILE…
err-attach-many-incidents = --attach goes with one incident, not several

## Dates (i18n): why a date was refused; shown after err-date, date-not-understood
err-date-empty = no date given
err-date-not-understood = some words were not understood, or the phrase can be read in two ways
err-date-future = the date is in the future
err-date-invalid-year = year { $year } is out of range
err-date-invalid-too-far = too far in the past
err-date-invalid-weekday-today = that weekday is today; say "today" or "last …"
err-date-invalid-no-such-date = no such date: { $date }
err-date-invalid-no-such-month = no such month
err-date-invalid-no-such-day = no such day: { $day }
err-date-invalid-no-such-time = no such time: { $time }
err-date-invalid-clock-change = that time was skipped by a clock change
err-date-invalid-part-of-day = the time does not match the part of the day
err-date-invalid-ambiguous-hour = ambiguous hour; use 24-hour time or am/pm
err-date-invalid-midnight = midnight of a day is ambiguous; write 00:00 or 23:59
err-date-invalid-offset = bad UTC offset
err-date-invalid-range = the range ends before it starts
err-date-invalid-unknown-span = an unknown date cannot be used here: give a date
err-date-invalid-not-rfc3339 = start and end must be RFC 3339 times
err-date-invalid-start-after-end = the start is after the end
err-date-invalid-exact-with-span = precision “exact” needs the same start and end (for a span, use “range” or “approximate”)
err-attach-no-working-why = attachment { $reference } has no metadata-free working copy: { $why }
attach-why-unsupported = sandyk cannot remove metadata from { $media_type } files
attach-why-unreadable = the file could not be read as { $media_type }
attach-why-not-clean = removing the metadata did not come out clean (a second pass over the working copy still found some)

## bundle (export, contacts, keygen, log, bundle verify/open/signer, import)
bundle-contact-added = Added contact “{ $name }” ({ $kind }), fingerprint { $fingerprint }.
bundle-contact-compare = Compare this fingerprint with the person over a trusted channel (in person or by phone) before sending them anything.
bundle-contact-none = No contacts yet. Add one with: sandyk contact add NAME RECIPIENT
bundle-contact-removed = Removed contact “{ $name }”.
bundle-contact-added-signer = Signing key of “{ $name }”: { $readable }. Bundles signed by it now show as from “{ $name }”.
bundle-contact-signer-replaced = “{ $name }” had the signing key { $old } before; it is no longer trusted.
contact-card-explain = This is your contact card. Give it to the other person in person, or read both fingerprints aloud to them over a trusted channel; they add it with: sandyk contact add NAME --card FILE
err-contact-card = invalid contact card: { $detail }
hint-contact-card = a card starts with the line “sandyk-card 1”; ask the person for the output of: sandyk contact card --recipient THEIR-RECIPIENT
hint-contact-needs-recipient = the contact holds only a signing key (to check their bundles); to send to them, ask for their card (their sandyk contact card --recipient …, which holds both keys), then: sandyk contact remove NAME and sandyk contact add NAME --card FILE
err-contact-card-terminal = give the card with --card FILE, or on stdin (not a terminal)
err-contact-signer-taken = this signing key already belongs to another contact
err-contact-no-recipient = the contact “{ $name }” has no recipient (only a signing key)
err-bundle-unknown-signer = the bundle is intact, but it is signed by a key that is not one of your contacts ({ $readable }, { $fingerprint }): who sent it is unknown
hint-bundle-unknown-signer = nothing was written. If you know the sender, compare this fingerprint with them over a trusted channel, then add their card (sandyk contact add NAME --card FILE), or accept this key once with --signer { $fingerprint } (with import: --signer { $fingerprint } --as NAME)
err-bundle-stale = incident { $id }: this bundle holds { $got } revision(s) of it, but { $have } were already imported from the same signer: it is an older copy (replayed?)
err-bundle-forked = incident { $id }: its history differs from the one already imported from the same signer
hint-bundle-stale = nothing was imported. Ask the sender for their newest bundle; sandyk import --list shows what you have
bundle-verify-from = From: { $name } (a contact; signing key { $readable })
bundle-verify-pinned = From: the key you named with --signer ({ $readable }); not one of your contacts
bundle-verify-own = From: this vault (your own signing key { $readable })
err-import-own = this bundle was exported from this vault (it is signed with this vault's own key): its incidents are here already; nothing was imported
err-signer-malformed = --signer “{ $signer }” is not a signing-key fingerprint
hint-signer-malformed = give the eight groups of four hex digits the sender's `sandyk bundle signer` shows (or its SHA256:… line), as read to you in person
hint-import-own = import is for bundles from others; to read this one, use sandyk bundle open
received-from = (from { $name })
bundle-import-already-content = Everything in this bundle was imported already from the same signer (the same revisions); nothing changed.
bundle-import-duplicates = { $count } incident(s) in it were imported already from the same signer (the same revisions) and were skipped.
bundle-keygen-fingerprint = Fingerprint: { $fingerprint }  (put the public key on your card: sandyk contact card --recipient PUBLIC-KEY)
err-bundle-contact-exists = a contact named “{ $name }” already exists
hint-bundle-contact-exists = remove it first: sandyk contact remove "{ $name }"
err-bundle-contact-name = a contact name must be 1–64 characters, with no control or invisible characters (such as direction marks), and must not start with age1, ssh-, @ or -
err-bundle-contact-unknown = no contact named “{ $name }”
hint-bundle-contact-list = see your contacts with: sandyk contact list   (or give the recipient itself: age1… or "ssh-ed25519 AAAA…")
bundle-keygen-written = New identity written to { $path }. Keep it secret and backed up: without it, bundles sent to you cannot be opened. Give the public key (below) to whoever sends you bundles.
bundle-keygen-public = Public key: { $recipient }
err-bundle-keygen-exists = { $path } already exists; it is never overwritten
hint-bundle-keygen-exists = an identity file is never replaced: choose another name with -o (and keep the old one if bundles were sent to it)
err-bundle-keygen-terminal = refusing to print a secret key to the terminal
hint-bundle-keygen-output = write it to a file: sandyk keygen -o key.txt
err-bundle-no-selection = say which incidents to export
hint-bundle-selection = give incident ids, --all, or filters (--since, --until, --category, --tag, --search); see: sandyk list
err-bundle-empty = no incidents match; a bundle is never empty
err-bundle-no-recipient = say who can open the bundle
hint-bundle-recipient = use --to CONTACT, --to age1…, --to "ssh-ed25519 AAAA…", --to-file FILE, or --with-passphrase
hint-contact-recipient = give the person's age recipient (age1…, from `sandyk keygen` or `age-keygen`) or SSH public key (ssh-ed25519 …), or their card with --card FILE
err-bundle-passphrase-mixed = a passphrase bundle cannot also be encrypted to recipients (age does not allow a passphrase together with keys)
hint-bundle-passphrase-mixed = drop --to/--to-file, or drop --with-passphrase; to reach both, export twice
err-bundle-passphrase-terminal = the generated passphrase can only be shown on a terminal, and there is none
hint-bundle-passphrase-terminal = run the export on a terminal, or encrypt to a key with --to
err-bundle-terminal = refusing to write a bundle to the terminal
hint-bundle-terminal = write it to a file with -o FILE, or redirect stdout: -o - > bundle.age
err-bundle-exists = { $path } already exists; bundles never overwrite a file
hint-bundle-exists = choose another name with -o, or move the existing file away
err-bundle-recipient = invalid recipient: { $detail }
err-bundle-recipients-file-large = the recipients file is too large
err-bundle-identity = cannot use this identity: { $detail }
err-bundle-identity-passphrase = cannot use this identity: wrong passphrase for the SSH key
err-detail-file-too-large = the file is too large
hint-bundle-identity = give your private key with --identity KEYFILE (an age identity file, or an SSH private key such as ~/.ssh/id_ed25519)
err-bundle-incident-too-large = incident { $id } is too large for a bundle ({ $size } MiB of history; at most { $max } MiB)
err-bundle-no-signing-key = the vault has no signing key
err-bundle-changed = the vault or the bundle file changed while it was being read; nothing was written
err-bundle-entry = an attachment's content does not match its record: { $path }
err-bundle-encrypt = encryption failed: { $detail }
hint-bundle-not-written = the bundle file was removed again, so the export log and the files agree
bundle-written = Bundle written: { $path } ({ $count } { $count ->
    [one] incident
   *[other] incidents
}, { $bytes }).
bundle-signed-by = Signed by { $signer } (the lawyer can compare this with: sandyk bundle signer).
bundle-sha256 = Bundle SHA-256: { $sha }
bundle-passphrase-intro = Passphrase for this bundle (give it to the lawyer by a different channel than the file; it is shown only once):
bundle-log-empty = No exports yet.
bundle-log-line = { $count } incident(s): { $ids } → { $to }  SHA-256 { $sha }
bundle-signer-explain = This is the key that signs your bundles. Give the fingerprint (first line) to your lawyer over a trusted channel, so they can check who signed a bundle.
err-bundle-no-file = no such file: { $path }
err-input-is-dir = { $path } is a directory, not a file
hint-input-file = check the path (a file's name, as `ls` shows it)
err-bundle-verify = bundle verification failed: { $detail }
hint-bundle-verify = do not trust this file; ask the sender for a new copy. Nothing was written.
hint-bundle-signer = the bundle may come from someone else; compare the fingerprint with the sender over a trusted channel, then use --signer FINGERPRINT
err-bundle-wrong-identity = this bundle is not encrypted to the given identity
hint-bundle-wrong-identity = check that you gave the private key that matches the recipient the sender used (sandyk contact list on their side shows its fingerprint)
err-bundle-wrong-passphrase = wrong passphrase for this bundle
err-bundle-excessive-work = the bundle's passphrase protection asks for too much work (scrypt 2^{ $log_n }); refusing
err-bundle-is-passphrase = this bundle is protected by a passphrase, not by a key
hint-bundle-omit-identity = leave out --identity; the passphrase will be asked for (or read from --passphrase-fd)
err-bundle-needs-identity = this bundle is encrypted to a key
err-bundle-dir-not-empty = { $path } exists and is not an empty directory
hint-bundle-dir = choose a new directory with -o DIR; nothing is ever overwritten
prompt-bundle-passphrase = Bundle passphrase
prompt-bundle-ssh-key-passphrase = Passphrase of the SSH key
bundle-problem-not-age = this is not an age-encrypted file
bundle-problem-header = the encryption header is too large
bundle-problem-decryption = the file was modified or truncated (decryption failed)
bundle-problem-empty = the bundle is empty
bundle-problem-archive = the archive inside is malformed ({ $detail })
bundle-problem-unsafe-path = unsafe file name in the archive: { $path }
bundle-problem-not-regular = { $path } is not a regular file (links, devices and directories are refused)
bundle-problem-unlisted = { $path } is not listed in the manifest
bundle-problem-duplicate = { $path } appears twice
bundle-problem-order = { $path } is out of place (expected { $expected })
bundle-problem-missing = { $path } is missing
bundle-problem-size = { $path } has the wrong size
bundle-problem-hash = { $path } does not match its SHA-256 in the manifest
bundle-problem-too-large = { $path } is too large
bundle-problem-manifest = the manifest is invalid: { $detail }
bundle-problem-end-marker = the manifest's end marker is missing (truncated)
bundle-problem-signature = the signature does not verify
bundle-problem-wrong-signer = signed by { $found }, not by the expected { $expected }
bundle-problem-signer-changed = earlier bundles from this vault were signed by { $known }, this one by { $found }
bundle-problem-incidents = incidents.json is invalid: { $detail }
bundle-problem-chain = incident { $id }: { $detail }
bundle-problem-trailing = there is data after the end of the archive
bundle-verify-ok = Bundle verified: every file, the manifest, the signature and each incident's hash chain are intact.
bundle-verify-signer = Signed by: { $signer }
bundle-verify-summary = Exported { $created } from vault { $vault }: { $count } incident(s), { $revisions } revision(s); the vault's chain head was #{ $seq }.
bundle-verify-incidents = Incidents: { $ids }
bundle-verify-compare-signer = Compare the signer's fingerprint with the one the sender gave you over a trusted channel (sender: sandyk bundle signer).
bundle-extracted = Extracted { $count } files into { $path }.
bundle-import-already = This bundle was imported already (at { $when }); nothing changed.
bundle-import-done = Imported { $count } incident(s) from { $from } (signing key { $signer }), exported { $created }.
bundle-import-none = No received incidents yet.
bundle-import-list-from = (signed by { $signer }; exported { $exported }, received { $received }; { $revisions } revision(s))
bundle-report-title = Incident report
bundle-report-intro = Generated by sandyk from an encrypted, signed evidence bundle. The authoritative data is incidents.json, whose hashes are signed in manifest.json; VERIFY.txt explains how to check them.
bundle-report-exported = Exported
bundle-report-count = Incidents
bundle-report-signer = Signing key
bundle-report-vault = Vault
bundle-report-chain-head = Chain head at export
bundle-report-narrative = Narrative
bundle-report-history = History
bundle-report-rev-op = Change
bundle-report-rev-at = Recorded at
bundle-report-rev-changed = Fields changed
bundle-report-rev-hash = Revision hash (SHA-256)
bundle-report-earlier = Earlier values
bundle-report-earlier-note = Values as they were before a later correction; every version stays in the hash chain.
bundle-report-attachment = Attachment
bundle-verify-title = HOW TO VERIFY THIS BUNDLE
bundle-verify-intro = This bundle was exported by sandyk on { $created }. It holds { $count } incident(s) and is signed by the key { $signer }. Everything below uses standard tools only, so it can be checked without sandyk.
bundle-verify-tools = You need: age (https://age-encryption.org), tar, sha256sum, and ssh-keygen (OpenSSH 8.1 or newer). jq is optional. Lines starting with $ are commands; lines starting with > show the output to expect.
bundle-verify-step-decrypt = Decrypt and unpack, in an empty directory (preferably on an encrypted disk); umask 077 keeps the unpacked files readable by you alone. KEYFILE is your age identity file or SSH private key (e.g. ~/.ssh/id_ed25519).
bundle-verify-step-decrypt-passphrase = Decrypt and unpack, in an empty directory (preferably on an encrypted disk); umask 077 keeps the unpacked files readable by you alone. age asks for the passphrase the sender gave you.
bundle-verify-decrypt-note = If age or tar reports any error, stop: the file was modified or truncated, and whatever was unpacked must not be trusted.
bundle-verify-step-files = Check that the bundle holds exactly these files and nothing else:
bundle-verify-step-hashes = Check every file against the SHA-256 listed in manifest.json:
bundle-verify-step-signature = Check the signature over manifest.json (it covers the hash of every other file) with the sender's signing key that you received in person: the line starting with ssh-ed25519 from their contact card (or shown by sandyk bundle signer on their device). Save that line in a file outside this directory and write its name instead of SENDER_KEY_FILE. Not signer.pub: a forger can put anyone's key there.
bundle-verify-compare-fingerprint = ssh-keygen must print this "Good" line, and the SHA256:… at its end must be the fingerprint on the card you received in person ({ $signer } if this file is genuine). Any other output ("Could not verify signature", another fingerprint): stop, the bundle was not signed by the sender.
bundle-verify-step-chain = Each revision of an incident carries a hash over a short text (its "preimage"). Recompute the first revision's hash:
bundle-verify-chain-jq = With jq, the same from incidents.json, and the hash of the revision's content (body_hash):
bundle-verify-chain-links = Each revision's incident_prev is the hash of the incident's previous revision (64 zeros for the first), and the last revision's hash is listed for each incident in manifest.json, so no revision can be removed, changed or added without breaking the signature.
bundle-verify-step-read = Only once every step above has passed: read report.html in a browser (it runs no scripts and loads nothing from the network) or print it; incidents.json holds the same data, every version of every incident. sandyk bundle open writes its own report.html from the verified incidents.json instead.
bundle-verify-sandyk = With sandyk, all of the above is one command: sandyk bundle verify BUNDLE --identity KEYFILE

## i18n: how long a passphrase would take to guess (after weak-passphrase, warn-weak-passphrase)
time-less-than-second = less than a second
time-seconds = { $count -> 
    [one] { $count } second
   *[other] { $count } seconds
  }
time-minutes = { $count -> 
    [one] { $count } minute
   *[other] { $count } minutes
  }
time-hours = { $count -> 
    [one] { $count } hour
   *[other] { $count } hours
  }
time-days = { $count -> 
    [one] { $count } day
   *[other] { $count } days
  }
time-months = { $count -> 
    [one] { $count } month
   *[other] { $count } months
  }
time-years = { $count -> 
    [one] { $count } year
   *[other] { $count } years
  }
time-centuries = centuries

## i18n: details inside core errors (err-io, err-json)
err-detail-db-cannot-open = cannot open the database file
err-detail-disk-io = disk input/output error
err-detail-json-not-object = expected an object or an array of objects
err-detail-json-not-one-object = expected one object: amend changes one incident
err-detail-json-empty = the array is empty

## i18n: command-line errors (clap's are English; shown in ru/ky instead of clap's text)
err-usage-unknown-argument = unexpected argument '{ $arg }'
err-usage-unknown-command = unknown command '{ $arg }'
err-usage-invalid-value = invalid value '{ $value }' for '{ $arg }'
err-usage-missing = a required argument is missing: { $arg }
err-usage-missing-command = say which command to run
err-usage-conflict = '{ $arg }' cannot be used with '{ $other }'
err-usage-values = wrong number of values for '{ $arg }'
err-usage-other = the command line is not valid
hint-usage-suggest = did you mean '{ $suggestion }'?
hint-usage-values = possible values: { $values }
hint-usage-help = see: { $command } --help

## emergency
err-emergency-nothing-there = NO VAULT AT { $path } — nothing was destroyed. Either it was already destroyed, or it was never here (a typo in the path, or your vault is elsewhere); sandyk cannot tell which.
hint-emergency-nothing-there = if your vault is in another directory, destroy it there: sandyk panic --vault DIR (or set SANDYK_VAULT); the default is ~/.local/share/sandyk
emergency-destroyed = Vault destroyed: the key was erased in { $ms } ms and the vault's files and directory { $path } removed. Copies and backups elsewhere are not touched.
emergency-destroyed-dir-kept = Vault destroyed: the key was erased in { $ms } ms and the vault's files in { $path } removed. Copies and backups elsewhere are not touched.
emergency-left-in-place = The directory was left in place: it also holds { $count } file(s) that are not the vault's.
err-emergency-not-wiped = vault NOT wiped: the key file at { $path } could not be destroyed ({ $detail })
hint-emergency-not-wiped = the vault may still open with its passphrase; if the storage is read-only or not yours to write, destroy or remove the device itself
err-emergency-incomplete = the key was destroyed (the data can no longer be decrypted), but some files of the vault at { $path } could not be removed ({ $detail })
hint-emergency-incomplete = run `sandyk panic` again; what remains is unreadable ciphertext
err-emergency-not-a-directory = { $path } is not a vault directory
emergency-wipe-intro = This destroys the vault at { $path }, for good:
emergency-what-key = key file: overwritten with random bytes, synced, deleted — from then on nothing can decrypt the vault
emergency-what-db = encrypted database: deleted, then overwritten
emergency-what-journal = database journal: deleted, then overwritten
emergency-what-store = attachments, each sealed under its own key in the database: deleted — with the key file gone, nothing decrypts them
emergency-cannot-guarantee = What this cannot guarantee:
    - On SSDs, USB sticks, SD cards, phones and copy-on-write file systems (btrfs, ZFS, APFS), old copies of the key file may survive inside the device. They open only with your passphrase: do not reveal it afterwards.
    - Copies and backups you made (exported bundles, other disks, cloud) are not touched.
    - sandyk itself stays installed; its presence shows it was used.
    - Wiping can be treated as destruction of evidence; `sandyk seal` keeps the evidence for your lawyer instead.
emergency-wipe-confirm = Destroy the vault now?
hint-emergency-wipe-yes = confirm with --yes, or destroy at once with: sandyk panic
emergency-not-wiped-cancelled = Cancelled; the vault was not touched.
emergency-countdown = Destroying in { $seconds } s — press Ctrl-C to cancel
err-emergency-recipient = not a usable recipient: { $detail }
hint-emergency-recipient = give the lawyer's age recipient (age1…) or SSH public key (ssh-ed25519 …)
err-emergency-too-large = the lawyer's key is too large for a key slot ({ $len } bytes, at most { $max })
hint-emergency-too-large = ask the lawyer for an age key (made with age-keygen) or an ssh-ed25519 key
err-emergency-identity = cannot use this identity: { $detail }
hint-emergency-identity = give the lawyer's private key: an age identity file (AGE-SECRET-KEY-1…) or an OpenSSH private key
err-emergency-identity-passphrase = wrong passphrase for the identity file
err-emergency-not-sealed = this identity opens no seal of this vault: the vault is not sealed, or not to this key
hint-emergency-not-sealed = nothing was changed; use the key the vault was sealed to — a vault that is not sealed opens with its passphrase
err-emergency-no-match = this identity does not open the sealed vault
hint-emergency-no-match = nothing was changed; check that this is the key the vault was sealed to
err-emergency-no-contact = no contact named “{ $name }”
hint-emergency-contact = see your contacts with: sandyk contact list   (or give the recipient itself: age1… or ssh-ed25519 …)
emergency-seal-intro = Sealing: the vault will open only with the private key of:
emergency-seal-confirm = Your passphrases, recovery keys and duress passphrase will stop working. Seal now?
emergency-not-sealed-cancelled = Cancelled; the vault was not sealed.
emergency-sealed = Sealed. The data is kept, but only the holder of the key below can open the vault now ({ $count } key(s)); your passphrases no longer work. To open it again: sandyk unseal --identity KEYFILE
emergency-prompt-identity-passphrase = Passphrase of the identity file
emergency-unsealed = Unsealed: the vault opens with the new passphrase; the sealed slot was removed.
emergency-prompt-duress = Duress passphrase
emergency-prompt-duress-repeat = Repeat the duress passphrase
err-emergency-duress-same = this passphrase already opens the vault; choose a different duress passphrase
err-emergency-duress-needs-to = --action seal needs the lawyer: --to CONTACT|RECIPIENT
err-emergency-duress-no-to = --to goes only with --action seal
emergency-duress-set-destroy = Duress passphrase set. Typed at any passphrase prompt, it silently destroys the vault and then shows an empty one.
emergency-duress-set-seal = Duress passphrase set. Typed at any passphrase prompt, it silently seals the vault to { $recipient } ({ $fingerprint }) and then shows an empty one.
emergency-duress-removed = No duress passphrase is set now.

## i18n: invalid incident input (inside err-invalid-input); field names are the JSON names
err-model-missing = field `{ $field }` is required
err-model-too-long = field `{ $field }` is too long ({ $len } characters; at most { $max })
err-model-too-many = too many entries in `{ $field }` ({ $len }; at most { $max })
err-model-category = unknown category `{ $category }`
hint-categories = see the categories with: sandyk category list
err-model-coordinates = coordinates need both “lat” and “lon”, within −90…90 and −180…180
err-model-invalid = invalid value in `{ $field }`

## bundle attachments (export of attachment files, report, verify)
bundle-report-att-files = Attachment files in this bundle
bundle-report-att-file = File
bundle-report-att-copy = Copy sent
bundle-report-att-sha-sent = SHA-256 of the file sent
bundle-report-att-sha-original = SHA-256 of the original (hash chain)
bundle-report-att-working = working copy (identifying metadata removed)
bundle-report-att-original = original (untouched evidence)
err-bundle-no-working-copy = attachment { $reference } has no metadata-free working copy; it would have to go out as the original, with all its metadata
hint-bundle-no-working-copy = choose for it: --attachment { $reference }=original (sends everything `sandyk attachments { $id }` lists) or --attachment { $reference }=omit (the bundle then says it was left out)
bundle-verify-attachment = attachment { $path }: { $copy }, SHA-256 { $sha256 } (original { $original })

## ---- dates (issue 13, branch f1-dates): the word a date phrase did not understand ----
## Shown for dates::ParseFailure.unknown_word; $word is the word as typed.
err-date-unknown-word = I did not understand the word “{ $word }”
err-date-unknown-word-suggest = I did not understand the word “{ $word }”; did you mean “{ $suggestion }”?
## ---- end dates (f1-dates) ----
bundle-report-att-not-linked = not linked: open this file outside the report, with care (it may hold active content)
bundle-report-intro-received = Rendered by the receiver's sandyk from the verified incidents.json when the bundle was opened (the sender's own report is kept, unopened, as sender-report.html.txt). The authoritative data is incidents.json, whose hashes are signed in manifest.json.
bundle-verify-untrusted = THIS FILE CAME INSIDE THE BUNDLE: treat it, and everything else in the bundle, as untrusted until the signature step below passes with the signing key you received from the sender in person. Never take that key from the bundle (signer.pub) or from this file; if these steps ever ask you to, the bundle is forged.

## ---- typed library errors (issue 10, branch p10b): what failed, in the user's language ----
detail = detail
hint-io = nothing was changed; check the disk and the path, then run the command again
hint-too-long = use a shorter label (at most 64 bytes)
hint-kdf = this should not happen; please report it with the output of `sandyk --version`
hint-attach-write = check that the directory exists and is writable, then run the command again
hint-bundle-wrong-passphrase = type the passphrase the sender gave you (check the keyboard language and Caps Lock); nothing was written
hint-bundle-split = export fewer incidents per bundle (filters: --since, --until, --category, --tag)
hint-bundle-incident-too-large = leave this incident out of the bundle: its history is larger than one bundle can hold
err-bundle-too-many-incidents = a bundle holds at most { $max } incidents
err-bundle-manifest-too-large = too many incidents or files for one bundle (its manifest would exceed { $max } MiB)
err-emergency-encrypt = the vault's key could not be encrypted to this recipient
encrypt-recipients = age cannot encrypt to these recipients together
encrypt-worker = an internal step stopped unexpectedly
# I/O errors (the operating system's own text is English)
io-not-found = no such file or directory
io-permission-denied = permission denied
io-already-exists = the file already exists
io-storage-full = the disk is full
io-read-only = the storage is read-only
io-unexpected-eof = the file ended too early
io-invalid-data = the data is not valid
io-invalid-input = invalid argument
io-interrupted = interrupted
io-timed-out = timed out
io-is-a-directory = it is a directory
io-not-a-directory = a part of the path is not a directory
io-file-too-large = the file is too large
io-unsupported = not supported on this system
io-broken-pipe = the reading side was closed
io-out-of-memory = out of memory
io-os-error = system error { $code }
io-bad-descriptor = the file descriptor is not open
io-other = input/output error
# Recipients and private keys
recipient-post-quantum = post-quantum age1pq recipients are not supported
recipient-bad-age = not a valid age recipient (age1…); was it copied in full?
recipient-rsa-too-large = the RSA key is too large
recipient-rsa-too-small = the RSA key is too small (under 2048 bits)
recipient-ssh-type = SSH keys of type { $kind } are not supported (use ssh-ed25519 or ssh-rsa)
recipient-bad-ssh = not a valid SSH public key
recipient-not-a-recipient = expected an age recipient (age1…) or an SSH public key (ssh-ed25519 …, ssh-rsa …)
recipient-line = line { $line }: { $detail }
recipient-too-many = more than { $max } recipients
recipient-none-listed = the recipients file lists no recipient
recipient-none-given = no recipient given
identity-not-text = the file is not text
identity-bad-age-line = a line of the file is not an age private key
identity-unreadable-ssh = not a readable SSH private key
identity-unsupported-ssh = this SSH key type is not supported (use ed25519 or RSA)
identity-public-key = this is a public key (a recipient); the private key is needed
identity-unrecognized = expected an age key file (AGE-SECRET-KEY-1…) or an OpenSSH private key
identity-undecryptable = the key could not be decrypted
identity-passphrase-not-utf8 = the key's passphrase is not UTF-8 text
identity-no-passphrase = no passphrase was given for the key
# Contact cards
card-too-large = the card is too large (at most { $max } bytes)
card-not-text = the card is not UTF-8 text
card-not-a-card = not a sandyk contact card (the first line must be “{ $first }”)
card-version = unsupported card version (this sandyk reads “{ $first }”)
card-syntax = line { $line }: not “key: value”
card-field = line { $line }: unknown or misplaced field
card-name = line { $line }: invalid name
card-recipient = line { $line }: invalid recipient: { $detail }
card-signer = line { $line }: the signing key is not an Ed25519 SSH public key
card-fingerprint = line { $line }: the fingerprint does not match the key above it (copied wrongly?)
card-empty = the card has neither a recipient nor a signing key
# The key file and the key derivation
keyfile-damage-size = wrong size
keyfile-damage-checksum = checksum mismatch
keyfile-damage-geometry = unexpected number or size of key slots
kdf-below-floor = memory { $memory } MiB, { $passes } passes; the minimum is { $floor_memory } MiB and { $floor_passes } passes
kdf-above-ceiling = memory { $memory } MiB, { $passes } passes, { $lanes } lanes: above the allowed maximum
kdf-exceeds-ram = it needs { $need } MiB of memory, more than half of this machine's RAM ({ $limit } MiB allowed)
kdf-failed-params = the parameters were refused
kdf-failed-threads = its threads could not be started
kdf-failed-hash = the computation failed
incomplete-keyfile-missing = the key file is missing
incomplete-db-missing = the database file is missing
incomplete-db-without-keyfile = a database exists but its key file is missing
incomplete-seal-read-back = the sealed key slot could not be read back; nothing was changed
incomplete-duress-collision = the new passphrase opens another key slot
# Pictures whose structure could not be read in full
image-not-this-format = the file is not of the type its content claims
image-cut-short = the file is cut short
image-bad-marker = a JPEG segment is missing or damaged
image-bad-length = a block has an impossible length
image-bad-chunk-type = a PNG chunk has an invalid type
image-first-chunk = the PNG does not start with its header (IHDR)
image-bad-icc = the colour profile (ICC) is damaged
image-checksum = a PNG chunk does not match its checksum
image-unknown-critical-chunk = the PNG has a required chunk that sandyk does not know
image-too-large = a block is larger than the format allows
image-exif-too-large = the EXIF block is too large to examine
image-exif-damaged = the EXIF block is partly damaged
image-exif-unreadable = the EXIF block cannot be read
image-container-unreadable = the HEIF or TIFF structure cannot be read
image-file-too-large = the file is too large to examine
image-not-plain-text = the text is not plain UTF-8 text (control characters, NUL bytes or broken characters)
image-structure-damaged = a structure inside the file (a tag, box, object or page) is damaged or does not close
image-too-complex = the file is too large or too deeply nested to examine safely
image-metadata-too-large = a metadata tag is too large to examine
image-unsupported = this variant of the format is not supported (several streams, or an unknown codec or tag version)
image-page-checksum = an Ogg page does not match its checksum
image-encrypted = the file is encrypted: its metadata cannot be removed without its password
image-metadata-compressed = the metadata is inside a compressed part of the file that cannot be rewritten in place
image-not-clean = removing the metadata did not come out clean: a second pass over the working copy still found some, so there is no working copy (this summary may not list everything the file holds)
image-other = the file could not be read in full
# Why a bundle failed verification
archive-truncated = cut short
archive-no-end-marker = no end-of-archive marker
archive-bad-end-marker = damaged end-of-archive marker
archive-bad-checksum = a header checksum does not match
archive-not-ustar = a header is not in ustar format
archive-bad-size = a size field is damaged
json-fault-read = read error
json-fault-syntax = not valid JSON
json-fault-content = a field is missing, unknown or of the wrong type
json-fault-end = it ends too early
manifest-not-first = manifest.json is not the first file
manifest-not-utf8 = not UTF-8 text
manifest-json = line { $line }: { $detail }
manifest-not-a-manifest = not a sandyk bundle manifest
manifest-version = format version { $version } (this sandyk reads versions 1 to { $supported })
manifest-incident-count = incident_count does not match the incidents listed
manifest-file-count = file_count does not match the files listed
manifest-created = “created” is not an RFC 3339 time
manifest-chain-head = the chain head is invalid
manifest-vault-id = the vault id is invalid
manifest-signer-fingerprint = the signer's fingerprint is invalid
manifest-incident-entry = an incident entry is invalid
manifest-incident-twice = an incident is listed twice
manifest-lists-itself = it lists itself or its signature
manifest-file-entry = a file entry is invalid
manifest-foreign-file = it lists a file sandyk does not write
manifest-signer-not-first = signer.pub is not listed first
manifest-attachment-not-a-file = an attachment is not among the files
manifest-attachment-entry = an attachment entry is invalid
manifest-attachment-undescribed = an attachment file is not described
manifest-left-out-entry = an entry of the attachments left out is invalid
manifest-left-out-too-many = too many attachments are listed as left out
manifest-attachment-twice = an attachment is listed twice
incidents-not-incidents = not a sandyk incidents file (or another version)
incidents-end = it ends too early
incidents-json = incident { $n }: { $detail }
incidents-too-many = too many incidents
incidents-after-last = unexpected content after the last incident
incidents-none = no incidents
incidents-trailing = data after the end
incidents-read = read error
incidents-fewer = fewer incidents than the manifest lists
incidents-more = more incidents than the manifest lists
incidents-not-listed = the incidents are not those the manifest lists
incidents-bad-id = an incident id is invalid
incidents-bad-hash = a hash is not 64 lowercase hex digits
incidents-too-many-attachments = too many attachments
chain-no-revisions = it has no revisions
chain-preimage = revision { $seq }: the hashed data does not match its fields
chain-revision-count = the number of revisions differs from the manifest
chain-wrong-head = its last revision is not the one the manifest lists
chain-other-incident = revision { $seq } belongs to another incident
chain-out-of-sequence = revision { $seq } is out of sequence
chain-no-content = revision { $seq } has no content
chain-bad-hash = revision { $seq }: the hash does not match its contents
chain-body-mismatch = revision { $seq }: the content does not match its hash
chain-gap = revisions missing between { $after } and { $next }
chain-broken-link = revision { $seq } does not link to the previous revision
chain-broken-incident-link = revision { $seq } does not link to the incident's previous revision
chain-deleted = the incident was deleted
chain-unreadable = its content is not a readable incident
chain-names-another = its content names another incident
chain-attachments-differ = its attachment files differ between the manifest and incidents.json
chain-attachment-not-recorded = attachment { $n } is not recorded in it
chain-attachment-hash = attachment { $n }: its SHA-256 is not the one the hash chain records
chain-left-out-differs = attachment { $n } (left out): it is not the one the hash chain records
chain-attachment-unaccounted = an attachment it records is neither in the bundle nor listed as left out
# Why the process could not confine itself
sandbox-threads = the process already runs { $count } threads
sandbox-path = cannot open { $path } ({ $detail })
sandbox-landlock = the kernel refused the Landlock rules
sandbox-seccomp = the kernel refused the seccomp filter
wipe-link-unreachable = { $link } is a symbolic link whose target cannot be reached: { $detail }
wipe-link-target = { $link } is a symbolic link to the key file { $target }, which could not be destroyed: { $detail }
check-cipher = an encrypted page does not verify (damaged or tampered with)
check-structure = the database structure is damaged
check-revision-unreadable = a stored revision cannot be read
check-stale-head = incident { $id }: its current state is not its newest revision
check-incident-count = the incident table and the revisions disagree
check-stray-store-files = { $count } files in the attachment store belong to no attachment
check-attachment-chunk-working = attachment { $reference }: chunk { $chunk } of the working copy fails authentication (altered or damaged)
check-attachment-chunk-original = attachment { $reference }: chunk { $chunk } of the original fails authentication (altered or damaged)
check-merges-disagree = the entity merges disagree with their record in the hash chain
check-entity-summary = the entity summary disagrees with the entity index
check-merges-unreadable = the record of entity merges cannot be read
check-orphan-chunks = { $count } stored attachment chunks belong to no attachment
check-attachments-without-incident = attachments of { $id }: the incident does not exist or was deleted
check-attachment-count = incident { $id }: { $stored } attachments stored, { $recorded } recorded
check-attachment-unrecorded = attachment { $reference }: not recorded in the incident
check-attachment-differs = attachment { $reference }: differs from what the incident records
check-attachment-original = attachment { $reference }: the original cannot be read back with its SHA-256
check-attachment-working = attachment { $reference }: the working copy cannot be read back with its SHA-256
json-at = line { $line }, column { $column }: { $detail }
json-item = incident { $n }
json-unknown-field = incident { $n }: “{ $field }” is not a field of an incident
json-bad-value = incident { $n }: the value of “{ $field }” is not valid (wrong type, or not one of its values)
json-duplicate-field = incident { $n }: “{ $field }” is given twice (only one of the two would be kept)
hint-json-duplicate = give each field once; join the texts if both are wanted
## ---- end typed library errors (p10b) ----

## ---- sandbox (issue 17, branch p17): Landlock and seccomp confinement ----
## $status is the library's one-line summary, e.g. "landlock ABI 7 (partial), seccomp on (92 syscalls)".
sandbox-status = sandbox: { $status }
sandbox-landlock-full = landlock ABI { $abi }
sandbox-landlock-partial = landlock ABI { $abi } (partial)
sandbox-landlock-off = landlock off ({ $reason })
sandbox-seccomp-on = seccomp on ({ $count } syscalls)
sandbox-seccomp-off = seccomp off ({ $reason })
sandbox-missing = sandbox: these paths did not exist when the process was confined, nothing can be created there: { $paths }
warn-sandbox-unconfined = the sandbox could not be set up ({ $reason }); going on without it
err-sandbox = the process could not confine itself (Landlock, seccomp): { $reason }
hint-sandbox = this should not happen; please report it with the output of `sandyk --version`
## ---- end sandbox (p17) ----

## ---- entities (issue 14, branch p14) ----
entities-none = No people, organisations, places or vehicles recorded yet.
entity-kind-perpetrator = perpetrator
entity-kind-organisation = organisation
entity-kind-vehicle = vehicle
entity-kind-place = place
entity-kind-victim = victim
entity-kind-witness = witness
err-entity-empty = the name is empty
err-entity-not-found = no person, organisation, place or vehicle matches “{ $name }”
err-entity-ambiguous = “{ $name }” matches more than one entity: { $candidates }
hint-entities = see the names recorded with `sandyk entities`
hint-entity-ambiguous = type more of the name, or narrow it with --kind
stats-unknown-date = unknown date
err-entity-gone = no such person, organisation, place or vehicle (any more)
err-entity-same = these are already the same entity
err-entity-not-merged = this name is not merged into another
err-entity-kinds-differ = “{ $name }” and “{ $into }” are not recorded as the same kind (a person and a place cannot be merged)
hint-entity-history = see the merges in force with `sandyk entities history`
entity-merged = “{ $name }” now counts as “{ $into }” ({ $count } incident(s)); undo with: sandyk entities unmerge NAME
entity-unmerged = “{ $name }” is its own entity again (no longer “{ $into }”)
entity-history-none = No entity has been merged.
entity-history-merge = merged { $kind } “{ $name }” into “{ $into }”
entity-history-unmerge = undid the merge of { $kind } “{ $name }” into “{ $into }”
report-entities = People, organisations, places and vehicles
report-entity-kind = Kind
report-entity-name = Name
report-entity-count = Incidents
report-entity-first = First seen
report-entity-last = Last seen
report-merges = Spellings the defender merged into one entity (each merge is a revision in the hash chain):
stats-rising = Rose sharply in the last { $recent } weeks (against the { $before } weeks before):
stats-rise = { $name }: { $recent } in the last weeks, { $before } before
report-title = Incident report
report-intro = Made by sandyk from an encrypted vault, for the defender's own use and for a lawyer. This file is NOT encrypted: anyone who can read it can read these incidents.
report-created = Created
report-chain = The vault's hash chain at this time
report-statement = Statement
report-statement-by = By
report-statement-at = Made
report-chronology = Chronology
report-attachments = Attachments
report-chart = Incidents per category per month
report-evidence = What the attachments' metadata says
report-photo-taken = taken { $taken } per the file's metadata; the incident: { $incident }
report-photo-same-day = the same day as the incident
report-photo-before = { $days } day(s) before the incident
report-photo-after = { $days } day(s) after the incident
report-photo-no-time = the file records no time it was taken
report-photo-gps = GPS position in the file: { $position }
report-photo-distance = { $km } km from the incident's place
report-photo-no-place = the incident has no coordinates to compare with
report-photo-gps-unusable = the file has GPS tags but no usable position
report-photo-device = device: { $device }
report-photo-not-read = sandyk does not read the metadata of this format
report-photo-partly = the metadata could only be read in part ({ $problem })
err-report-exists = { $path } already exists
hint-report-exists = choose another name with -o, or replace it with --force
err-report-terminal = refusing to write the report to a terminal
hint-report-terminal = write it to a file: sandyk report -o report.html
err-report-statement-long = the statement is longer than { $max } bytes
err-report-statement-empty = the statement is empty
hint-statement = the statement is read from standard input as UTF-8 text: sandyk export … --statement < statement.txt
hint-statement-by = --by takes a name and a role, such as "Айгүл Осмонова, witness"; the statement itself goes on standard input
report-statement-prompt = Type your statement; end it with Ctrl-D on a line of its own.
report-written = Report with { $count } incident(s) written to { $path } ({ $bytes } bytes).
report-plaintext-warning = This file is NOT encrypted: anyone with access to this computer or disk can read it. Keep it on an encrypted disk or print it, and delete it when done (sandyk cannot erase it securely).
err-entity-already-merged = “{ $name }” is already merged into “{ $into }”
hint-entity-unmerge-first = undo that first with: sandyk entities unmerge NAME
## ---- end entities (p14) ----


## ---- the guided form, drafts, categories, search (issue 13, branch p13) ----
form-intro-full = New incident. Enter skips an optional field. Nothing is saved until you say yes at the end; Ctrl-C offers to keep a draft.
form-intro-quick = Quick capture: the title, when, and what happened. Everything else can be added later with `sandyk amend`. Ctrl-C offers to keep a draft.
form-reask-mark = ↳
form-recap = Please check before saving:
form-now = now
form-chars = { $count } characters
form-edit-keys = Enter keeps it
form-edit-keys-clear = Enter keeps it, “-” clears it
form-title-needed = a title is needed: a few words that you will recognise later.
form-prompt-occurred = When did it happen? (e.g. “yesterday around 3 pm”, 2024-03-05 14:30, “don't know”)
form-when-needed = please say when; if you do not know, type “don't know”.
form-prompt-location = Where? (Enter to skip)
form-prompt-category = Category (number, name or its beginning; Enter: Other)
form-number-range = that number is not in the list: type 1 to { $max }.
form-category-unknown = “{ $category }” is not a category in the list: type its number or the beginning of its name.
err-category-unknown = unknown category “{ $category }”
err-category-unknown-similar = unknown category “{ $category }”; did you mean { $choices }?
err-category-ambiguous = “{ $category }” could be { $choices }: type a little more.
hint-category-longer = type more of the name, or the id in brackets
hint-category-list = see the categories with `sandyk category list`
form-prompt-tags = Tags, separated by commas (Enter to skip)
form-prompt-perpetrators = Who did it? Separate several with “;” (Enter to skip)
form-prompt-victims = Who was affected? Separate several with “;” (Enter to skip)
form-prompt-witnesses = Witnesses? Separate several with “;” (Enter to skip)
form-prompt-source = Source: who told you? (Enter to skip)
form-enter-default = Enter: { $choice }
form-choice-unknown = “{ $answer }” is not one of the choices: type 1 to { $max }, or press Enter.
form-stray-kept = this looks like an account, not a choice: it is kept as the beginning of “what happened”. Now choose, or press Enter.
form-prompt-narrative = What happened? Write as much as you need; finish with a line holding only a dot (.) or with Ctrl-D.
form-prompt-narrative-append = Continue the account; finish with a line holding only a dot (.) or with Ctrl-D.
form-narrative-continues = already typed text is kept; continue below
form-narrative-how = What happened: “+” adds to the end, “=” replaces it, “-” clears it, Enter keeps it
form-narrative-keys = “{ $answer }” is not one of +, =, - or Enter.
form-field-perpetrators = Perpetrators
form-field-victims = Affected
form-field-witnesses = Witnesses
form-field-narrative = What happened
form-yes-no = yes/no
form-confirm-save = Save this incident?
form-save-keys = yes / no / a number 1–{ $max } to correct that field
form-enter-is-not-an-answer = Enter alone is not an answer here: type yes or no.
form-n-is-ambiguous = “н” or “y” alone could be “yes” or “нет”: the same key on the other keyboard layout. Please type yes or no in full.
form-yes-no-unclear = “{ $answer }” is neither yes nor no: type yes or no.
form-nothing-typed = Nothing was typed; nothing to keep.
form-keep-draft = Keep what you typed as a draft inside the vault (encrypted), to finish later with `sandyk add`?
form-draft-kept = The draft is kept inside the vault. `sandyk add` will offer to continue it.
form-draft-discarded = What was typed is discarded.
form-draft-found = You have { $count ->
        [one] a draft
       *[other] { $count } drafts
    }; the latest was kept { $when }: “{ $title }”.
form-resume-draft = Continue this draft?
form-draft-stays = The draft stays in the vault; a new incident is started.
form-not-saved = The incident was not saved.
form-quick-later = Add the details later with `sandyk amend { $id }`.
form-amend-intro = Choose the field to change by its number; when done, answer yes to save.
form-amend-which = Change which field?
form-stopped = stopped; the incident was not saved (see above for the draft)
form-intro-resume = Continuing the draft: the fields not yet answered, then the check before saving.
history-attachment-added = attachment added
history-field-attachments = attachments
show-attachments = Attachments ({ $count }):
show-attachments-hint = (details and what their metadata reveals: `sandyk attachments { $id }`)
size-bytes = { $count ->
        [one] { $count } byte
       *[other] { $count } bytes
    }
size-kib = KiB
size-mib = MiB
size-gib = GiB
passphrase-try-again = Wrong passphrase. { $left ->
        [one] One more try.
       *[other] { $left } more tries.
    }
passphrase-mismatch-again = The two do not match; type the confirmation again ({ $left } left).
delete-declined = Not deleted; nothing was changed.
attachment-summary = { $reference }: { $name } ({ $size }, { $media_type })
confirm-delete-attachment = Delete this attachment? Its original and working copy will be destroyed; the incident stays, and its history records the deletion.
attachment-deleted = Deleted attachment { $reference } ({ $name }).
history-attachment-deleted = attachment deleted
keygen-fingerprint = Fingerprint: { $fingerprint } (compare it with the one `sandyk contact add` shows on the sender's side)
quoted = “{ $text }”
## ---- end form (p13) ----
err-contact-card-qr = the card is too long for a QR code
hint-contact-card-qr = leave out --qr and give the card as a file
yes-no-words = yes/No
confirm-whole-word = please type the whole word: yes (or no).
form-kept-after-refusal = what you typed is kept as a draft inside the vault: run `sandyk add` to continue it, fix the field and save
form-draft-not-removed = the incident is saved, but its draft could not be removed: decline it at the next `sandyk add`
## ---- p13c: passphrase word lists, recipient kinds ----
generated-entropy = { $words } words drawn at random from a list of { $size }: { $bits } bits. The first four letters of each word are enough to tell it.
generated-mismatch-again = that is not the phrase shown above; type it again (it is still on the screen)
hint-generated-mismatch = run the command again: a new phrase will be generated
recipient-kind-age = age key
recipient-kind-ssh-ed25519 = SSH key (Ed25519)
recipient-kind-ssh-rsa = SSH key (RSA)
recipient-kind-passphrase = passphrase
recipient-kind-unknown = unknown kind
contact-list-signer = signer { $fingerprint }
emergency-empty-dir-removed = No vault files were left at { $path }, only the empty directory (what an interrupted panic leaves); it was removed. If your vault is elsewhere: sandyk panic --vault DIR

# Export: how each attachment leaves (issue 13)
err-export-attachment-choice = { $value } is not a valid attachment choice (expected ID/N=working, ID/N=original or ID/N=omit)
hint-export-attachment-choice = for example: --attachment 7KQ2MX/1=omit --attachments working
err-export-attachment-unknown = { $reference } is not an attachment of the exported incidents
hint-export-attachment-unknown = list them with: sandyk attachments ID
export-att-intro = { $count ->
    [one] One attachment goes with this export. Choose how it leaves:
   *[other] { $count } attachments go with this export. Choose how each leaves:
}
export-att-ask = 1 working copy (metadata removed) · 2 original (with all its metadata) · 3 leave out [1]:
export-att-ask-no-working = No metadata-free copy of this file can be made. 2 original (with all its metadata) · 3 leave out:
export-att-no-working-reason = This file has no working copy: type 2 to send the original with all its metadata, or 3 to leave it out.
export-att-unclear = Type 1, 2 or 3.
bundle-left-out-written = { $count ->
    [one] One attachment was left out; the bundle says so.
   *[other] { $count } attachments were left out; the bundle says so.
}
bundle-verify-left-out = { $count ->
    [one] One attachment left out by the sender:
   *[other] { $count } attachments left out by the sender:
}
bundle-verify-attachment-name = name: { $name }
bundle-verify-copy-working = working copy
bundle-verify-copy-original = original
bundle-report-left-out = { $count ->
    [one] One attachment left out by the sender
   *[other] { $count } attachments left out by the sender
}
bundle-verify-txt-left-out = { $count ->
    [one] The sender left out one attachment of these incidents. manifest.json lists it under left_out with the SHA-256 of its original, so you can ask for exactly that file.
   *[other] The sender left out { $count } attachments of these incidents. manifest.json lists them under left_out with the SHA-256 of each original, so you can ask for exactly those files.
}
attach-working-none-older = no working copy: this { $media_type } file was attached by an older sandyk that could not clean it; extract and export need the original, explicitly (or attach the file again to get one)

## ---- removed blocks of a working copy (attachments) ----
block-exif-orientation-kept = EXIF (orientation kept)
block-exif-xmp-flags = EXIF/XMP flags
block-jfif-thumbnail = JFIF thumbnail
block-mpf-index = MPF index
block-xmp-metadata = XMP metadata
block-comment-tags = comment tags
block-comment = comment
block-creation-times = creation times
block-data-after-image = data after the end of the image
block-data-after-stream = data after the end of the stream
block-document-information = document information
block-extra-comment-data = extra comment data
block-modification-time = modification time
block-other-app = other APP blocks
block-other-chunks = other chunks
block-text = text
block-udta = udta (user data)
block-meta = meta (tags)
block-uuid = uuid (XMP, vendor data)
block-id3v2 = ID3v2 tag
block-id3v1 = ID3v1 tag
block-ape = APE tag
report-evidence-sent-working = in this bundle: the working copy (identifying metadata removed); what follows is what the original revealed when it was taken into the vault
report-evidence-sent-original = in this bundle: the original, with all its metadata
report-evidence-sent-left-out = not in this bundle (left out by the sender); what follows is what the original revealed when it was taken into the vault
report-photo-gps-withheld = the original records a GPS position (not shown: the original is not in this bundle)
bundle-verify-statement = Statement by { $by }, made { $at } (signed with the bundle; the sender's words):
err-export-statement-by-long = the name after --by is longer than { $max } bytes
manifest-statement = the statement is invalid (or in a format version before 3)
bundle-verify-txt-statement = The sender added a statement (who made these notes, when, and their words): it is the "statement" field of manifest.json (with jq: jq -r .statement.text manifest.json), covered by the signature checked in step 4, and it is shown at the top of report.html. Like everything in the bundle, it is what the sender says.
