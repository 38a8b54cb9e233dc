#[test]
#[ignore]
fn scratch() {
    let dir = std::path::PathBuf::from(std::env::var("V").unwrap());
    let s = sandyk::crypto::secret::Secret::from_str("bench passphrase Токтогул ңөү");
    let t = std::time::Instant::now();
    let v = match sandyk::vault::locate(&dir).unwrap().unlock(&s, None).unwrap() { sandyk::vault::Opened::Vault(v) => v, _ => panic!() };
    println!("open {:?}", t.elapsed());
    let c = v.db.conn();
    for q in std::env::var("QS").unwrap_or_default().split(';').filter(|q| !q.trim().is_empty()) {
        let t = std::time::Instant::now();
        let mut st = c.prepare(q).unwrap();
        let n = st.query_map([], |r| r.get::<_, rusqlite::types::Value>(0)).unwrap().count();
        println!("{n:>6} rows {:>10.1?}  {q}", t.elapsed());
    }
    let since = jiff::civil::date(2024, 3, 5).to_zoned(jiff::tz::TimeZone::get("Asia/Bishkek").unwrap()).unwrap().timestamp().as_second();
    let until = since + 86399;
    for _ in 0..3 {
        let t = std::time::Instant::now();
        let r = v.db.list(&sandyk::vault::db::Filter { since: Some(since), until: Some(until), ..Default::default() }).unwrap();
        println!("list window: {} results in {:?}", r.len(), t.elapsed());
    }
}
