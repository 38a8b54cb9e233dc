//! Word tables for English, Russian and Kyrgyz.
//!
//! Entries are lower case in normal spelling; several words separated by one space must follow
//! each other. Lookups fold `ё ү ө ң` (see `lex::fold_char`), so "бугун" matches "бүгүн".
//! To teach the parser a new word, add it here: the grammar never names a word itself.

use jiff::civil::Weekday;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Part {
    Morning,
    Afternoon,
    Evening,
    Night,
    /// Lunchtime, 12:00–14:00 ("в обед", "at lunch").
    Lunch,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Unit {
    Minute,
    Hour,
    Day,
    Week,
    Month,
}

/// Kyrgyz case endings the grammar cares about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Case {
    /// "3-мартта", "саат 15те": on / at.
    Locative,
    /// "1-марттан": from (left end of a range).
    Ablative,
    /// "5-мартка": to (right end of a range, before "чейин").
    Dative,
    /// "саат 15тер": plural on a number = "15-ish".
    Plural,
    /// "ноябрдын 27си": of November (genitive).
    Genitive,
}

/// Whole answers meaning "I don't know when".
pub(super) const UNKNOWN: &[&str] = &[
    "unknown",
    "?",
    "??",
    "???",
    "don't know",
    "dont know",
    "i don't know",
    "not known",
    "n/a",
    "не знаю",
    "неизвестно",
    "не помню",
    "белгисиз",
    "билбейм",
    "эсимде жок",
];

/// Day words: offset from today.
pub(super) const DAY_WORDS: &[(&str, i64)] = &[
    ("today", 0),
    ("yesterday", -1),
    ("day before yesterday", -2),
    ("the day before yesterday", -2),
    ("tomorrow", 1),
    ("day after tomorrow", 2),
    ("the day after tomorrow", 2),
    // Russian
    ("сегодня", 0),
    ("вчера", -1),
    ("позавчера", -2),
    ("завтра", 1),
    ("послезавтра", 2),
    // Kyrgyz
    ("бүгүн", 0),
    ("кечээ", -1),
    ("мурдагы күнү", -2),
    ("бүрүгүнү", -2),
    ("эртең", 1),
    ("бүрсүгүнү", 2),
];

/// Parts of the day, standing alone; some imply a day (offset from today).
pub(super) const PARTS: &[(&str, Option<i64>, Part)] = &[
    ("morning", None, Part::Morning),
    ("in the morning", None, Part::Morning),
    ("this morning", Some(0), Part::Morning),
    ("afternoon", None, Part::Afternoon),
    ("in the afternoon", None, Part::Afternoon),
    ("this afternoon", Some(0), Part::Afternoon),
    ("evening", None, Part::Evening),
    ("in the evening", None, Part::Evening),
    ("this evening", Some(0), Part::Evening),
    ("last evening", Some(-1), Part::Evening),
    ("night", None, Part::Night),
    ("at night", None, Part::Night),
    ("tonight", Some(0), Part::Night),
    ("at lunch", None, Part::Lunch),
    ("at lunchtime", None, Part::Lunch),
    ("lunchtime", None, Part::Lunch),
    ("last night", Some(-1), Part::Night),
    // Russian
    ("утром", None, Part::Morning),
    ("рано утром", None, Part::Morning),
    ("днем", None, Part::Afternoon),
    ("вечером", None, Part::Evening),
    ("поздно вечером", None, Part::Evening),
    ("до обеда", None, Part::Morning),
    ("после обеда", None, Part::Afternoon),
    ("ночью", None, Part::Night),
    ("в обед", None, Part::Lunch),
    ("в обеденное время", None, Part::Lunch),
    ("во время обеда", None, Part::Lunch),
    ("прошлой ночью", Some(-1), Part::Night),
    // Kyrgyz
    ("эртең менен", None, Part::Morning),
    ("эрте менен", None, Part::Morning),
    ("таңда", None, Part::Morning),
    ("таң эрте", None, Part::Morning),
    ("түшкө чейин", None, Part::Morning),
    ("түштө", None, Part::Afternoon),
    ("түштөн кийин", None, Part::Afternoon),
    ("кечинде", None, Part::Evening),
    ("кечкурун", None, Part::Evening),
    ("түнү", None, Part::Night),
    ("түнкүсүн", None, Part::Night),
    ("түндө", None, Part::Night),
];

/// Kyrgyz adjectives qualifying an hour, before "саат": "кечки саат 9да" (9 in the evening).
pub(super) const PARTS_BEFORE_HOUR: &[(&str, Part)] = &[
    ("эртең мененки", Part::Morning),
    ("түштөн кийинки", Part::Afternoon),
    ("кечки", Part::Evening),
    ("түнкү", Part::Night),
];

/// Russian genitive part of day right after an hour: "в 9 вечера", "в 3 часа ночи".
pub(super) const PARTS_AFTER_HOUR: &[(&str, Part)] = &[
    ("утра", Part::Morning),
    ("дня", Part::Afternoon),
    ("вечера", Part::Evening),
    ("ночи", Part::Night),
];

/// Hedge words: the time is approximate.
pub(super) const HEDGES: &[&str] = &[
    "around",
    "about",
    "approx",
    "approximately",
    "roughly",
    "circa",
    "ca",
    "at around",
    "at about",
    "sometime around",
    // Russian
    "около",
    "примерно",
    "приблизительно",
    "где-то",
    "ориентировочно",
    "в районе",
    "ок",
    // Kyrgyz
    "болжол менен",
    "болжолдуу",
    "чамасы",
    "чамасында",
    "чамалуу",
    "ченде",
];

/// Small numbers written as words, for "two hours ago", "два дня назад", "эки күн мурун".
pub(super) const NUMBER_WORDS: &[(&str, u32)] = &[
    ("a", 1),
    ("an", 1),
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("один", 1),
    ("одна", 1),
    ("одну", 1),
    ("два", 2),
    ("две", 2),
    ("три", 3),
    ("четыре", 4),
    ("пять", 5),
    ("шесть", 6),
    ("семь", 7),
    ("восемь", 8),
    ("девять", 9),
    ("десять", 10),
    ("бир", 1),
    ("эки", 2),
    ("үч", 3),
    ("төрт", 4),
    ("беш", 5),
    ("алты", 6),
    ("жети", 7),
    ("сегиз", 8),
    ("тогуз", 9),
    ("он", 10),
];

/// Units for "N … ago"; the flag says the word alone means one ("час назад", "неделю назад").
pub(super) const UNITS: &[(&str, (Unit, bool))] = &[
    ("minute", (Unit::Minute, false)),
    ("minutes", (Unit::Minute, false)),
    ("min", (Unit::Minute, false)),
    ("mins", (Unit::Minute, false)),
    ("hour", (Unit::Hour, false)),
    ("hours", (Unit::Hour, false)),
    ("hr", (Unit::Hour, false)),
    ("hrs", (Unit::Hour, false)),
    ("day", (Unit::Day, false)),
    ("days", (Unit::Day, false)),
    ("week", (Unit::Week, false)),
    ("weeks", (Unit::Week, false)),
    // Russian: every plural form (1 минуту, 2 минуты, 5 минут …)
    ("минута", (Unit::Minute, false)),
    ("минуту", (Unit::Minute, true)),
    ("минуты", (Unit::Minute, false)),
    ("минут", (Unit::Minute, false)),
    ("мин", (Unit::Minute, false)),
    ("час", (Unit::Hour, true)),
    ("часа", (Unit::Hour, false)),
    ("часов", (Unit::Hour, false)),
    ("день", (Unit::Day, true)),
    ("дня", (Unit::Day, false)),
    ("дней", (Unit::Day, false)),
    ("сутки", (Unit::Day, true)),
    ("суток", (Unit::Day, false)),
    ("неделя", (Unit::Week, false)),
    ("неделю", (Unit::Week, true)),
    ("недели", (Unit::Week, false)),
    ("недель", (Unit::Week, false)),
    // Kyrgyz (no plural after a number)
    ("мүнөт", (Unit::Minute, false)),
    ("саат", (Unit::Hour, false)),
    ("күн", (Unit::Day, false)),
    ("жума", (Unit::Week, false)),
    ("апта", (Unit::Week, false)),
    ("ай", (Unit::Month, false)),
    // Months, every language
    ("month", (Unit::Month, false)),
    ("months", (Unit::Month, false)),
    ("месяц", (Unit::Month, true)),
    ("месяца", (Unit::Month, false)),
    ("месяцев", (Unit::Month, false)),
];

/// "half an hour ago" and friends: minutes.
pub(super) const FIXED_AGO: &[(&str, i64)] = &[
    ("half an hour", 30),
    ("an hour and a half", 90),
    ("полчаса", 30),
    ("полтора часа", 90),
    ("жарым саат", 30),
    ("бир жарым саат", 90),
];

pub(super) const AGO: &[&str] = &["ago", "назад", "тому назад", "мурун", "мурда"];

/// Weekdays. Kyrgyz "жума" alone also means "week", so Friday needs "жума күнү".
pub(super) const WEEKDAYS: &[(&str, Weekday)] = &[
    ("monday", Weekday::Monday),
    ("mon", Weekday::Monday),
    ("tuesday", Weekday::Tuesday),
    ("tue", Weekday::Tuesday),
    ("tues", Weekday::Tuesday),
    ("wednesday", Weekday::Wednesday),
    ("wed", Weekday::Wednesday),
    ("thursday", Weekday::Thursday),
    ("thu", Weekday::Thursday),
    ("thur", Weekday::Thursday),
    ("thurs", Weekday::Thursday),
    ("friday", Weekday::Friday),
    ("fri", Weekday::Friday),
    ("saturday", Weekday::Saturday),
    ("sat", Weekday::Saturday),
    ("sunday", Weekday::Sunday),
    ("sun", Weekday::Sunday),
    // Russian, nominative and accusative ("в среду", "в пятницу")
    ("понедельник", Weekday::Monday),
    ("вторник", Weekday::Tuesday),
    ("среда", Weekday::Wednesday),
    ("среду", Weekday::Wednesday),
    ("четверг", Weekday::Thursday),
    ("пятница", Weekday::Friday),
    ("пятницу", Weekday::Friday),
    ("суббота", Weekday::Saturday),
    ("субботу", Weekday::Saturday),
    ("воскресенье", Weekday::Sunday),
    // Russian genitive, for ranges: "с понедельника по среду"
    ("понедельника", Weekday::Monday),
    ("вторника", Weekday::Tuesday),
    ("среды", Weekday::Wednesday),
    ("четверга", Weekday::Thursday),
    ("пятницы", Weekday::Friday),
    ("субботы", Weekday::Saturday),
    ("воскресенья", Weekday::Sunday),
    // Kyrgyz
    ("дүйшөмбү", Weekday::Monday),
    ("шейшемби", Weekday::Tuesday),
    ("шаршемби", Weekday::Wednesday),
    ("бейшемби", Weekday::Thursday),
    ("жума күнү", Weekday::Friday),
    ("ишемби", Weekday::Saturday),
    ("жекшемби", Weekday::Sunday),
];

/// "last" before a weekday: the most recent one strictly before today.
pub(super) const LAST: &[&str] = &[
    "last",
    "прошлый",
    "прошлую",
    "прошлое",
    "прошлой",
    "прошлом",
    "прошедший",
    "прошедшую",
    "прошедшее",
    "өткөн",
];

/// "this" before a weekday: that weekday of the current week (Monday to Sunday).
pub(super) const THIS: &[&str] = &["this", "эту", "этот", "это", "эта", "ушул", "бул"];

/// Which calendar week or month a phrase names, relative to the current one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Period {
    /// The calendar week (Monday to Sunday): 0 = this week, -1 = last week.
    Week(i64),
    /// The calendar month: 0 = this month, -1 = last month.
    Month(i64),
}

/// Whole weeks and months. Kyrgyz "жума" alone is "week" (Friday is "жума күнү"), so
/// "өткөн жума" is last week and "өткөн жума күнү" last Friday.
pub(super) const PERIODS: &[(&str, Period)] = &[
    ("last week", Period::Week(-1)),
    ("the week before last", Period::Week(-2)),
    ("this week", Period::Week(0)),
    ("last month", Period::Month(-1)),
    ("this month", Period::Month(0)),
    ("на прошлой неделе", Period::Week(-1)),
    ("прошлая неделя", Period::Week(-1)),
    ("прошлую неделю", Period::Week(-1)),
    ("на позапрошлой неделе", Period::Week(-2)),
    ("на этой неделе", Period::Week(0)),
    ("эта неделя", Period::Week(0)),
    ("в прошлом месяце", Period::Month(-1)),
    ("прошлый месяц", Period::Month(-1)),
    ("в этом месяце", Period::Month(0)),
    ("этот месяц", Period::Month(0)),
    ("өткөн жума", Period::Week(-1)),
    ("өткөн жумада", Period::Week(-1)),
    ("өткөн апта", Period::Week(-1)),
    ("өткөн аптада", Period::Week(-1)),
    ("ушул жума", Period::Week(0)),
    ("ушул жумада", Period::Week(0)),
    ("ушул апта", Period::Week(0)),
    ("ушул аптада", Period::Week(0)),
    ("бул жумада", Period::Week(0)),
    ("бул аптада", Period::Week(0)),
    ("өткөн ай", Period::Month(-1)),
    ("өткөн айда", Period::Month(-1)),
    ("ушул ай", Period::Month(0)),
    ("ушул айда", Period::Month(0)),
    ("бул айда", Period::Month(0)),
];

/// Kyrgyz possessive (and possessive + locative) endings after a day number that follows a
/// genitive month: "ноябрдын 27си" (the 27th of November), "ноябрдын 27синде" (on it).
pub(super) const KY_DAY_POSSESSIVE: &[&str] = &[
    "си",
    "сы",
    "су",
    "сү",
    "и",
    "ы",
    "у",
    "ү",
    "синде",
    "сында",
    "сунда",
    "сүндө",
    "инде",
    "ында",
    "унда",
    "үндө",
];

/// Month names: English full and short; Russian nominative, genitive and prepositional;
/// common abbreviations; the Kyrgyz spelling without the soft sign, to which case endings are glued ("январда").
pub(super) const MONTHS: &[(&str, i8)] = &[
    ("january", 1),
    ("jan", 1),
    ("february", 2),
    ("feb", 2),
    ("march", 3),
    ("mar", 3),
    ("april", 4),
    ("apr", 4),
    ("may", 5),
    ("june", 6),
    ("jun", 6),
    ("july", 7),
    ("jul", 7),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sep", 9),
    ("sept", 9),
    ("october", 10),
    ("oct", 10),
    ("november", 11),
    ("nov", 11),
    ("december", 12),
    ("dec", 12),
    ("январь", 1),
    ("января", 1),
    ("январе", 1),
    ("январ", 1),
    ("февраль", 2),
    ("февраля", 2),
    ("феврале", 2),
    ("феврал", 2),
    ("март", 3),
    ("марта", 3),
    ("марте", 3),
    ("апрель", 4),
    ("апреля", 4),
    ("апреле", 4),
    ("апрел", 4),
    ("май", 5),
    ("мая", 5),
    ("мае", 5),
    ("июнь", 6),
    ("июня", 6),
    ("июне", 6),
    ("июн", 6),
    ("июль", 7),
    ("июля", 7),
    ("июле", 7),
    ("июл", 7),
    ("август", 8),
    ("августа", 8),
    ("августе", 8),
    ("сентябрь", 9),
    ("сентября", 9),
    ("сентябре", 9),
    ("сентябр", 9),
    ("октябрь", 10),
    ("октября", 10),
    ("октябре", 10),
    ("октябр", 10),
    ("ноябрь", 11),
    ("ноября", 11),
    ("ноябре", 11),
    ("ноябр", 11),
    ("декабрь", 12),
    ("декабря", 12),
    ("декабре", 12),
    ("декабр", 12),
    // Russian abbreviations ("12 окт.")
    ("янв", 1),
    ("фев", 2),
    ("февр", 2),
    ("мар", 3),
    ("апр", 4),
    ("авг", 8),
    ("сен", 9),
    ("сент", 9),
    ("окт", 10),
    ("ноя", 11),
    ("нояб", 11),
    ("дек", 12),
];

/// Words after a month in "март айында" (in the month of March).
pub(super) const MONTH_WORD: &[&str] = &["айы", "айында", "айда"];

/// Words after a year: "2024 года", "2024 г.", "2024-жылы", "2024-жылдын".
pub(super) const YEAR_WORDS: &[&str] = &["года", "год", "году", "г", "жыл", "жылы", "жылдын"];

/// Prepositions before a clock time.
pub(super) const TIME_PREPS: &[&str] = &["at", "в", "во", "саат"];

/// Prepositions before a weekday or a month.
pub(super) const DAY_PREPS: &[&str] = &["on", "в", "во", "in"];

/// Russian "час" after an hour: "в 15 часов".
pub(super) const HOUR_WORDS: &[&str] = &["час", "часа", "часов", "ч"];

pub(super) const AM_PM: &[(&str, bool)] = &[("am", false), ("pm", true)];

pub(super) const OCLOCK: &[&str] = &["o'clock", "oclock"];

pub(super) const NOON: &[&str] = &["noon", "midday", "полдень"];

/// English ordinal endings: "3rd", "21st".
pub(super) const ORDINALS: &[&str] = &["st", "nd", "rd", "th"];

/// Russian ordinal endings after a hyphen: "3-го марта", "3-е марта".
pub(super) const RU_ORDINALS: &[&str] = &["го", "е"];

/// Words that open a range ("from", "с") and the separators allowed after each.
/// `None` = no opener ("1-5 марта", "2024-03-01..2024-03-05").
pub(super) const RANGE_PAIRS: &[(Option<&str>, &[&str])] = &[
    (
        None,
        &[
            "to", "till", "til", "until", "through", "thru", "по", "до", "-", "–", "..",
        ],
    ),
    (
        Some("from"),
        &[
            "to", "till", "til", "until", "through", "thru", "-", "–", "..",
        ],
    ),
    (Some("between"), &["and"]),
    (Some("с"), &["по", "до", "-", "–", ".."]),
    (Some("со"), &["по", "до", "-", "–", ".."]),
    (Some("от"), &["до", "-", "–"]),
    (Some("между"), &["и"]),
];

/// Kyrgyz "until" closing a range: "1-марттан 5-мартка чейин".
pub(super) const KY_UNTIL: &[&str] = &["чейин", "дейре"];

/// Kyrgyz case endings (all vowel-harmony and voicing variants), longest first.
pub(super) const KY_SUFFIXES: &[(&str, Case)] = &[
    ("ында", Case::Locative),
    ("инде", Case::Locative),
    ("унда", Case::Locative),
    ("үндө", Case::Locative),
    ("дан", Case::Ablative),
    ("ден", Case::Ablative),
    ("дон", Case::Ablative),
    ("дөн", Case::Ablative),
    ("тан", Case::Ablative),
    ("тен", Case::Ablative),
    ("тон", Case::Ablative),
    ("төн", Case::Ablative),
    ("нан", Case::Ablative),
    ("нен", Case::Ablative),
    ("нон", Case::Ablative),
    ("нөн", Case::Ablative),
    ("дын", Case::Genitive),
    ("дин", Case::Genitive),
    ("дун", Case::Genitive),
    ("дүн", Case::Genitive),
    ("тын", Case::Genitive),
    ("тин", Case::Genitive),
    ("тун", Case::Genitive),
    ("түн", Case::Genitive),
    ("нын", Case::Genitive),
    ("нин", Case::Genitive),
    ("нун", Case::Genitive),
    ("нүн", Case::Genitive),
    ("лар", Case::Plural),
    ("лер", Case::Plural),
    ("лор", Case::Plural),
    ("лөр", Case::Plural),
    ("дар", Case::Plural),
    ("дер", Case::Plural),
    ("дор", Case::Plural),
    ("дөр", Case::Plural),
    ("тар", Case::Plural),
    ("тер", Case::Plural),
    ("тор", Case::Plural),
    ("төр", Case::Plural),
    ("нда", Case::Locative),
    ("нде", Case::Locative),
    ("да", Case::Locative),
    ("де", Case::Locative),
    ("до", Case::Locative),
    ("дө", Case::Locative),
    ("та", Case::Locative),
    ("те", Case::Locative),
    ("то", Case::Locative),
    ("тө", Case::Locative),
    ("га", Case::Dative),
    ("ге", Case::Dative),
    ("го", Case::Dative),
    ("гө", Case::Dative),
    ("ка", Case::Dative),
    ("ке", Case::Dative),
    ("ко", Case::Dative),
    ("кө", Case::Dative),
];
