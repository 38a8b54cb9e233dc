//! PLACEHOLDER — replaced by the natural-language parser.
use jiff::Zoned;
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Precision { Exact, Approximate, Day, PartOfDay, Range, Unknown }
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Occurred {
    pub text: String,
    pub precision: Precision,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub start: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub end: Option<String>,
}
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateError { Empty, NotUnderstood, InFuture, Invalid(String) }
impl std::fmt::Display for DateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { write!(f, "{self:?}") }
}
impl std::error::Error for DateError {}
pub fn parse(input: &str, now: &Zoned) -> Result<Occurred, DateError> {
    let s = input.trim();
    if s.is_empty() { return Err(DateError::Empty); }
    let dt: jiff::civil::DateTime = s.parse().map_err(|_| DateError::NotUnderstood)?;
    let z = dt.to_zoned(now.time_zone().clone()).map_err(|e| DateError::Invalid(e.to_string()))?;
    let r = z.timestamp().display_with_offset(z.offset()).to_string();
    Ok(Occurred { text: s.into(), precision: Precision::Exact, start: Some(r.clone()), end: Some(r) })
}
pub fn parse_bound(input: &str, now: &Zoned) -> Result<(jiff::Timestamp, jiff::Timestamp), DateError> {
    let o = parse(input, now)?;
    Ok((o.start_ts().unwrap(), o.end_ts().unwrap()))
}
impl Occurred {
    pub fn start_ts(&self) -> Option<jiff::Timestamp> { self.start.as_ref()?.parse().ok() }
    pub fn end_ts(&self) -> Option<jiff::Timestamp> { self.end.as_ref()?.parse().ok() }
}
