//! `sandyk category add|list|remove`.

use super::*;
use crate::t;

pub fn category(ctx: &mut Ctx, c: CategoryCmd) -> CliResult {
    match c {
        CategoryCmd::Add { id, label } => {
            let norm = incident::normalise_category(&id);
            if norm.is_empty() || norm.chars().count() > 64 || norm.chars().any(char::is_control) {
                return Err(CliError::usage(t!("err-category-id")));
            }
            if incident::is_builtin_category(&norm) {
                return Err(CliError::usage(t!("err-category-builtin", category = norm))
                    .hint(t!("hint-category-name-taken")));
            }
            let v = ctx.open()?;
            let label = label.as_deref().unwrap_or(&id);
            // (Adding an id of the user's again changes its label: its own names are free.)
            for name in [id.as_str(), label] {
                let taken = crate::cli::incidents::category::taken_by(&v.db, name)?;
                if let Some(other) = taken.filter(|o| *o != norm) {
                    return Err(CliError::usage(t!(
                        "err-category-name-taken",
                        name = line(name),
                        category = crate::cli::incidents::category::describe(&[other])
                    ))
                    .hint(t!("hint-category-name-taken")));
                }
            }
            v.db.category_add(&norm, label, &ctx.now)?;
            eprintln!("{}", t!("category-added", category = line(&norm)));
            Ok(())
        }
        CategoryCmd::List { json } => {
            let v = ctx.open()?;
            let mut all: Vec<(String, String, bool)> = CATEGORIES
                .iter()
                .map(|(id, _)| ((*id).to_owned(), output::category_label(id), true))
                .collect();
            all.extend(v.db.categories()?.into_iter().map(|(i, l)| (i, l, false)));
            if json {
                let list: Vec<_> = all
                    .iter()
                    .map(|(i, l, b)| serde_json::json!({"id": i, "label": l, "builtin": b}))
                    .collect();
                output::print_json(&list)?;
            } else {
                for (i, l, _) in all {
                    println!("{:<20} {}", i, line(&l));
                }
            }
            Ok(())
        }
    }
}
