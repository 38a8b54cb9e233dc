// Scratch experiments (not committed).
fn open(dir: &std::path::Path) -> sandyk::vault::Vault {
    let s = sandyk::crypto::secret::Secret::from_str("bench passphrase Токтогул ңөү");
    match sandyk::vault::locate(dir).unwrap().unlock(&s, None).unwrap() { sandyk::vault::Opened::Vault(v) => v, _ => panic!() }
}

#[test]
#[ignore]
fn build() {
    let dir = std::path::PathBuf::from(std::env::var("V").unwrap());
    let cache = std::env::var("CACHE").ok();
    let batches: Vec<std::path::PathBuf> = {
        let mut v: Vec<_> = std::fs::read_dir("/tmp/bv/batches100").unwrap().map(|e| e.unwrap().path()).collect();
        v.sort();
        v
    };
    let now: jiff::Zoned = "2026-11-28T12:00:00+06:00[Asia/Bishkek]".parse().unwrap();
    let n: usize = std::env::var("NB").unwrap().parse().unwrap();
    for b in batches.iter().take(n) {
        let mut v = open(&dir);
        if let Some(c) = &cache {
            v.db.conn().execute_batch(&format!("PRAGMA cache_size = {c}")).unwrap();
        }
        let inputs: Vec<sandyk::model::incident::IncidentInput> = serde_json::from_slice(&std::fs::read(b).unwrap()).unwrap();
        let t = std::time::Instant::now();
        v.db.add(inputs, &now).unwrap();
        println!("{} batch {:?}: {:?}", cache.as_deref().unwrap_or("default"), b.file_name().unwrap(), t.elapsed());
    }
}

#[test]
#[ignore]
fn query() {
    let dir = std::path::PathBuf::from(std::env::var("V").unwrap());
    let t = std::time::Instant::now();
    let v = open(&dir);
    println!("open {:?}", t.elapsed());
    if let Ok(c) = std::env::var("CACHE") {
        v.db.conn().execute_batch(&format!("PRAGMA cache_size = {c}")).unwrap();
    }
    let c = v.db.conn();
    for q in std::env::var("QS").unwrap_or_default().split(';').filter(|q| !q.trim().is_empty()) {
        let t = std::time::Instant::now();
        let mut st = c.prepare(q).unwrap();
        let cols = st.column_count();
        let rows: Vec<String> = st.query_map([], |r| Ok((0..cols).map(|i| format!("{:?}", r.get::<_, rusqlite::types::Value>(i).unwrap())).collect::<Vec<_>>().join(" | "))).unwrap().map(|r| r.unwrap()).collect();
        println!("{:>6} rows {:>10.1?}  {q}", rows.len(), t.elapsed());
        for r in rows.iter().take(8) { println!("    {r}"); }
    }
    let since = jiff::civil::date(2024, 3, 5).to_zoned(jiff::tz::TimeZone::get("Asia/Bishkek").unwrap()).unwrap().timestamp().as_second();
    let until = since + 86399;
    for _ in 0..2 {
        let t = std::time::Instant::now();
        let r = v.db.list(&sandyk::vault::db::Filter { since: Some(since), until: Some(until), ..Default::default() }).unwrap();
        println!("list window: {} results in {:?}", r.len(), t.elapsed());
    }
}
