//! `sandyk completions` and `sandyk man`.

use super::*;

pub fn completions(a: CompletionsArgs) -> CliResult {
    let mut cmd = crate::cli::command();
    clap_complete::generate(a.shell, &mut cmd, "sandyk", &mut std::io::stdout());
    Ok(())
}

pub fn man(a: ManArgs) -> CliResult {
    let cmd = crate::cli::localized_command();
    match a.out_dir {
        Some(dir) => {
            std::fs::create_dir_all(&dir)?;
            clap_mangen::generate_to(cmd, &dir)?;
        }
        None => {
            clap_mangen::Man::new(cmd).render(&mut std::io::stdout())?;
        }
    }
    Ok(())
}
