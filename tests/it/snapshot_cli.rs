//! Snapshots (insta) of stdout, stderr and exit status of the main commands in en, ru, ky.
